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
 * at the end left out. What needs rewriting (a tab, two spaces, a space before a line end, a
 * bare LF) is found with native scans; a body with none of it (but its trailing empty lines)
 * is hashed where it lies, any other is copied once in stretches between those places. A
 * summary's "end.  Next" is all an issue usually has: a byte-by-byte copy took 285 µs of the
 * AN #53 message's 56 KB, this takes a tenth of that.
 */
export function relaxedBodyHash(message: Buffer, bodyStart: number): Buffer {
  const hash = createHash("sha256");
  const marks = new Marks(message, bodyStart);
  if (marks.next(bodyStart) === -1) {
    const end = trimmedEnd(message, bodyStart, message.length);
    if (end === bodyStart) return hash.digest();
    if (end + 2 <= message.length) return hash.update(message.subarray(bodyStart, end + 2)).digest();
    return hash.update(message.subarray(bodyStart, end)).update(CRLF).digest();
  }
  const out = scratchFor((message.length - bodyStart) * 2 + 2);
  let o = 0;
  let cursor = bodyStart;
  for (let mark = marks.next(cursor); mark !== -1; mark = marks.next(cursor)) {
    // The run of spaces and tabs at or before the mark (a bare LF's, if any, is dropped with it).
    let start = mark;
    while (start > cursor && isWsp(message[start - 1]!)) start--;
    o += message.copy(out, o, cursor, start);
    if (message[mark] === LF) {
      out[o++] = CR;
      out[o++] = LF;
      cursor = mark + 1;
      continue;
    }
    let end = mark;
    while (end < message.length && isWsp(message[end]!)) end++;
    const c = message[end];
    const lineEnds = end === message.length || c === LF || (c === CR && message[end + 1] === LF);
    if (!lineEnds) out[o++] = SP;
    cursor = end;
  }
  o += message.copy(out, o, cursor);
  const end = trimmedEnd(out, 0, o);
  if (end === 0) return hash.digest();
  out[end] = CR;
  out[end + 1] = LF;
  return hash.update(out.subarray(0, end + 2)).digest();
}

const isWsp = (c: number) => c === SP || c === TAB;

let scratch = Buffer.alloc(0);

/**
 * One buffer for every rewritten body, grown as needed: the hash has read it before
 * relaxedBodyHash returns (it is synchronous), and a new 100 KB buffer per message would have
 * the sender's V8 run full collections over a large heap, as bench/README.md measured of the
 * worker's message buffers.
 */
function scratchFor(size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
  return scratch;
}

/**
 * Where a body's content ends, before the empty lines at its end and before the spaces and
 * tabs that end an unterminated last line (so an all-empty body ends at `start`).
 */
function trimmedEnd(buf: Buffer, start: number, length: number): number {
  let end = length;
  if (end > start && buf[end - 1] !== LF) while (end > start && isWsp(buf[end - 1]!)) end--;
  while (end - 2 >= start && buf[end - 2] === CR && buf[end - 1] === LF) end -= 2;
  return end;
}

/**
 * The places relaxed canonicalization rewrites, in order: tabs and double spaces each found by
 * a native scan (indexOf), line ends with spaces before them and bare LFs by one walk from LF to
 * LF; each looked for again only once the copy has passed it, so the body is read about once
 * per kind.
 */
class Marks {
  #tab = -2;
  #double = -2;
  #lineEnd = -2;

  constructor(
    private readonly message: Buffer,
    private readonly bodyStart: number,
  ) {}

  /** The first place at or after `from` that needs rewriting, or -1. */
  next(from: number): number {
    const m = this.message;
    if (this.#tab !== -1 && this.#tab < from) this.#tab = m.indexOf(TAB, from);
    if (this.#double !== -1 && this.#double < from) this.#double = m.indexOf(DOUBLE_SPACE, from);
    if (this.#lineEnd !== -1 && this.#lineEnd < from) this.#lineEnd = this.#findLineEnd(from);
    let first = -1;
    for (const p of [this.#tab, this.#double, this.#lineEnd])
      if (p !== -1 && (first === -1 || p < first)) first = p;
    return first;
  }

  /** The next bare LF, or the space or tab before a CRLF. */
  #findLineEnd(from: number): number {
    const m = this.message;
    for (let lf = m.indexOf(LF, from); lf !== -1; lf = m.indexOf(LF, lf + 1)) {
      if (lf === this.bodyStart || m[lf - 1] !== CR) return lf;
      if (lf - 2 >= this.bodyStart && lf - 2 >= from && isWsp(m[lf - 2]!)) return lf - 2;
    }
    return -1;
  }
}
