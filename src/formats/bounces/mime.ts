/**
 * Just enough MIME (RFC 2045/2046) to read bounce reports: header fields, multipart bodies and
 * transfer encodings. Pure and synchronous, so the report parsers stay `(text) -> result`.
 * Text is normalised to LF line ends first; nothing here needs the original CRLFs.
 */

/** A header block: lowercased field names, each with its values in order, unfolded. */
export type HeaderFields = Map<string, string[]>;

export interface MimePart {
  headers: HeaderFields;
  /** "multipart/report", lowercased; text/plain when the part does not say. */
  type: string;
  /** Content-Type parameters, names lowercased ("boundary", "report-type", "charset"). */
  params: Record<string, string>;
  /** The body with its transfer encoding undone (multipart bodies: as they were). */
  body: string;
  /** The children of a multipart part; empty otherwise. */
  parts: MimePart[];
}

/** Nested multiparts deeper than this are left unread: no real report nests so far. */
const MAX_DEPTH = 8;

/**
 * Parses header fields ("Name: value", continuation lines folded in). DSN field blocks
 * (RFC 3464) use the same syntax, so they are read with this too. Lines that are not fields
 * are ignored: real reports carry stray text, and the callers check what they need.
 */
export function parseHeaderFields(text: string): HeaderFields {
  const fields: HeaderFields = new Map();
  let current: [string, string] | null = null;
  const flush = () => {
    if (!current) return;
    const [name, value] = current;
    const list = fields.get(name) ?? [];
    list.push(value.replace(/\s+/g, " ").trim());
    fields.set(name, list);
    current = null;
  };
  for (const line of text.split("\n")) {
    if (/^[ \t]/.test(line) && current) {
      current[1] += ` ${line.trim()}`;
      continue;
    }
    flush();
    const m = /^([!-9;-~]+)[ \t]*:(.*)$/.exec(line);
    if (m) current = [m[1]!.toLowerCase(), m[2]!];
  }
  flush();
  return fields;
}

/** The first value of a field, or "". */
export function field(fields: HeaderFields, name: string): string {
  return fields.get(name)?.[0] ?? "";
}

/** Splits "type/subtype; a=b; c=\"d e\"" into a lowercased type and its parameters. */
export function parseContentType(value: string): { type: string; params: Record<string, string> } {
  const [head = "", ...rest] = splitParams(value);
  const type = head.trim().toLowerCase() || "text/plain";
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf("=");
    if (eq < 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, "$1");
    params[name] = v;
  }
  return { type, params };
}

/** Splits on semicolons outside quoted strings (a boundary may contain ";"). */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === "\\" && quoted) {
      cur += ch + (value[i + 1] ?? "");
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      cur += ch;
    } else if (ch === ";" && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Splits a message (or part) into its header block and body at the first empty line. */
export function splitHeaderBody(text: string): { head: string; body: string } {
  if (text.startsWith("\n")) return { head: "", body: text.slice(1) };
  const at = text.indexOf("\n\n");
  if (at < 0) return { head: text, body: "" };
  return { head: text.slice(0, at), body: text.slice(at + 2) };
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const s = text.replace(/[ \t]+$/gm, "").replace(/=\n/g, "");
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i]!, "utf8"));
  }
  return Buffer.from(bytes);
}

/** Undoes a Content-Transfer-Encoding; a charset other than UTF-8 is read as Latin-1. */
export function decodeBody(body: string, encoding: string, charset = "utf-8"): string {
  const enc = encoding.trim().toLowerCase();
  let bytes: Buffer;
  if (enc === "base64") bytes = Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
  else if (enc === "quoted-printable") bytes = decodeQuotedPrintable(body);
  else return body;
  return /^(utf-?8|us-ascii)$/i.test(charset) ? bytes.toString("utf8") : bytes.toString("latin1");
}

/** The bodies between "--boundary" lines; the preamble and epilogue are dropped. */
function splitMultipart(body: string, boundary: string): string[] {
  const open = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split("\n")) {
    const trimmed = line.trimEnd();
    if (trimmed === open || trimmed === `${open}--`) {
      if (current) parts.push(current.join("\n"));
      current = trimmed === open ? [] : null;
      if (!current) break;
    } else if (current) current.push(line);
  }
  // A report cut off before its closing delimiter still yields what arrived.
  if (current) parts.push(current.join("\n"));
  return parts;
}

/**
 * Parses a whole message, or a part of one. message/rfc822 bodies are not descended into:
 * they are the original message a report quotes, read separately when needed.
 */
export function parseMime(text: string, depth = 0): MimePart {
  const normalised = text.replace(/\r\n?/g, "\n");
  const { head, body } = splitHeaderBody(normalised);
  const headers = parseHeaderFields(head);
  const { type, params } = parseContentType(field(headers, "content-type"));
  const boundary = params.boundary;
  if (type.startsWith("multipart/") && boundary && depth < MAX_DEPTH)
    return {
      headers,
      type,
      params,
      body,
      parts: splitMultipart(body, boundary).map((p) => parseMime(p, depth + 1)),
    };
  const decoded = decodeBody(body, field(headers, "content-transfer-encoding"), params.charset);
  return { headers, type, params, body: decoded, parts: [] };
}

/** This part and every part below it, depth first. */
export function walkParts(part: MimePart): MimePart[] {
  return [part, ...part.parts.flatMap(walkParts)];
}

/** A Message-ID without its angle brackets ("" when absent). */
export function messageIdOf(value: string): string {
  const m = /<([^<>]+)>/.exec(value);
  return (m ? m[1]! : value).trim();
}

/** An RFC 5322 date (comments such as "(UTC)" allowed) as ISO 8601 UTC, or null. */
export function isoDate(value: string): string | null {
  const cleaned = value.replace(/\([^)]*\)/g, " ").trim();
  if (!cleaned) return null;
  const ms = Date.parse(cleaned);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
