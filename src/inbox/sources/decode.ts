import { decodeWindows1252 } from "../../formats/windows-1252.ts";
import { sourceError } from "./errors.ts";

/** The charset a Content-Type names (`text/xml; charset="ISO-8859-1"` → `iso-8859-1`), or null. */
export function charsetOfContentType(contentType: string): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * The charset the document declares in its first bytes: the XML declaration's `encoding`, or an
 * HTML `<meta charset>` / `<meta http-equiv="Content-Type" content="...; charset=...">`. Read
 * as latin-1, which maps every byte to one character, so ASCII markup is found in any encoding.
 */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString("latin1");
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return xml[1]!.toLowerCase();
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  return meta ? meta[1]!.toLowerCase() : null;
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  return null;
}

/**
 * A source's bytes as text. The charset comes from, in order: a byte-order mark, the
 * Content-Type header (RFC 7303: the transport's word wins over the document's), the document's
 * own declaration, else UTF-8. Decoding is strict: bytes that are not text in that charset are an
 * error naming the charset, never a silent U+FFFD in a title. (The WHATWG labels apply:
 * `iso-8859-1` and `latin1` decode as windows-1252, its superset.)
 */
export function decodeText(bytes: Uint8Array, contentType: string, source: string): string {
  const charset = bomCharset(bytes) ?? charsetOfContentType(contentType) ?? declaredCharset(bytes) ?? "utf-8";
  if (WINDOWS_1252_LABELS.has(charset)) return decodeWindows1252(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw sourceError("source.bad_encoding", source, `unknown charset "${charset}"`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw sourceError(
      "source.bad_encoding",
      source,
      `the text is not valid ${charset}${charset === "utf-8" ? " (a server or file in another encoding should declare its charset)" : ""}`,
    );
  }
}

/** The WHATWG labels of windows-1252 (which `iso-8859-1` and `latin1` mean on the web). */
const WINDOWS_1252_LABELS = new Set([
  "windows-1252",
  "cp1252",
  "x-cp1252",
  "iso-8859-1",
  "iso8859-1",
  "iso_8859-1",
  "iso88591",
  "iso_8859-1:1987",
  "latin1",
  "l1",
  "cp819",
  "ibm819",
  "csisolatin1",
  "iso-ir-100",
  "us-ascii",
  "ascii",
  "ansi_x3.4-1968",
]);
