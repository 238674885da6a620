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

// 0x80-0x9F in windows-1252 (0 where the code page leaves a byte undefined: kept as the C1 control).
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
  0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0, 0x017e, 0x0178,
];

/**
 * windows-1252 by hand: Node 20's TextDecoder decodes it as ISO-8859-1, so 0x93 0x94 (curly
 * quotes, common in feeds from Windows tools) came out as C1 controls.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += String.fromCharCode(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] || b : b);
  return out;
}
