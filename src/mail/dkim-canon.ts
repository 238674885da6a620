import { createHash } from "node:crypto";

/**
 * DKIM's "relaxed" canonicalization (RFC 6376 §3.4.2 and §3.4.4) over a finished message: the
 * form in which a signer and a verifier hash the same headers and body even after relays
 * re-fold a header or trim spaces at the ends of lines.
 */

const SP = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const DOUBLE_SPACE = Buffer.from("  ");
const SPACE_CRLF = Buffer.from(" \r\n");
const CRLF = Buffer.from("\r\n");

/** One header field as it stands in the message: its lower-case name and its text, folds included. */
export interface HeaderField {
  name: string;
  /** "Name: value", continuation lines included, without the final line break. */
  raw: string;
}

/** Where a message's header block ends (the last header line's end) and its body begins. */
export function splitMessage(message: Buffer): { headerEnd: number; bodyStart: number } {
  if (message.length >= 2 && message[0] === CR && message[1] === LF) return { headerEnd: 0, bodyStart: 2 };
  if (message.length >= 1 && message[0] === LF) return { headerEnd: 0, bodyStart: 1 };
  const crlf = message.indexOf("\r\n\r\n");
  const lf = message.indexOf("\n\n");
  // A message with bare LF line ends is read as the SMTP client will send it (every LF a CRLF).
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { headerEnd: crlf, bodyStart: crlf + 4 };
  if (lf !== -1) return { headerEnd: lf, bodyStart: lf + 2 };
  return { headerEnd: message.length, bodyStart: message.length };
}

/**
 * The header fields of a header block (read as latin1, so each char is one byte of the
 * message): a line that starts with a space or a tab continues the field before it.
 */
export function parseHeaderFields(block: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of block.split(/\r?\n/)) {
    const first = line.charCodeAt(0);
    const last = fields[fields.length - 1];
    if ((first === SP || first === TAB) && last) last.raw += `\r\n${line}`;
    else if (line !== "") {
      const colon = line.indexOf(":");
      const name = (colon === -1 ? line : line.slice(0, colon)).replace(/[ \t]+$/, "").toLowerCase();
      fields.push({ name, raw: line });
    }
  }
  return fields;
}

/**
 * A header field in relaxed form, "name:value" without a line break: the name in lower case,
 * the value unfolded, every run of spaces and tabs one space, none at either end.
 */
export function relaxedHeader(raw: string): string {
  const colon = raw.indexOf(":");
  const name = raw
    .slice(0, colon)
    .replace(/[ \t]+$/, "")
    .toLowerCase();
  const value = raw
    .slice(colon + 1)
    .replace(/\r?\n/g, "")
    .replace(/[ \t]+/g, " ")
    .replace(/^ | $/g, "");
  return `${name}:${value}`;
}

/**
 * The SHA-256 of the body from `bodyStart` in relaxed form: spaces and tabs at the end of a
 * line dropped, every other run of them one space, every line ended by CRLF, the empty lines
 * at the end left out. A message Summa builds usually needs none of that but the last, so it
 * is looked for first with a few native scans, and the body is then hashed where it lies;
 * only a body that does need rewriting is copied, once, byte by byte.
 */
export function relaxedBodyHash(message: Buffer, bodyStart: number): Buffer {
  const hash = createHash("sha256");
  const clean = cleanBodyEnd(message, bodyStart);
  if (clean === -1) hash.update(rewriteBody(message, bodyStart));
  else if (clean > bodyStart) {
    if (clean + 2 <= message.length) hash.update(message.subarray(bodyStart, clean + 2));
    else hash.update(message.subarray(bodyStart, clean)).update(CRLF);
  }
  return hash.digest();
}

/**
 * For a body already in relaxed form but for its trailing empty lines (no tab, no double space,
 * no space before a line end, no bare LF): where its content ends, before the last line's CRLF
 * (`bodyStart` when the body is empty). -1 when the body must be rewritten.
 */
function cleanBodyEnd(message: Buffer, bodyStart: number): number {
  if (message.indexOf(TAB, bodyStart) !== -1) return -1;
  if (message.indexOf(DOUBLE_SPACE, bodyStart) !== -1) return -1;
  if (message.indexOf(SPACE_CRLF, bodyStart) !== -1) return -1;
  for (let lf = message.indexOf(LF, bodyStart); lf !== -1; lf = message.indexOf(LF, lf + 1))
    if (lf === bodyStart || message[lf - 1] !== CR) return -1;
  let end = message.length;
  while (end - 2 >= bodyStart && message[end - 2] === CR && message[end - 1] === LF) end -= 2;
  if (end > bodyStart && message[end - 1] === SP) return -1;
  return end;
}

/** The body in relaxed form, written out byte by byte (a bare LF counts as a line end). */
function rewriteBody(message: Buffer, bodyStart: number): Buffer {
  const out = Buffer.allocUnsafe((message.length - bodyStart) * 2 + 2);
  let o = 0;
  let kept = 0;
  let space = false;
  let content = false;
  for (let i = bodyStart; i < message.length; i++) {
    const c = message[i]!;
    if (c === SP || c === TAB) space = true;
    else if (c === LF) {
      space = false;
      out[o++] = CR;
      out[o++] = LF;
      if (content) kept = o;
      content = false;
    } else if (c === CR && message[i + 1] === LF) {
      // The LF that follows ends the line.
    } else {
      if (space) out[o++] = SP;
      space = false;
      out[o++] = c;
      content = true;
    }
  }
  if (content) {
    out[o++] = CR;
    out[o++] = LF;
    kept = o;
  }
  // Lines in the middle were written as they came; the empty ones at the end fall past `kept`.
  return out.subarray(0, kept);
}
