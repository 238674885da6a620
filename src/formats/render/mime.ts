import { createHash } from "node:crypto";
import { SummaError } from "../../domain/errors.ts";

/**
 * The pieces of an Internet message Summa writes itself (RFC 5322, 2045-2047): quoted-printable
 * bodies, encoded-word headers, addresses and dates. Pure functions; every line ends in CRLF.
 */
export const CRLF = "\r\n";

/** RFC 2045 §6.7 rule 5: encoded lines are at most 76 characters, the soft-break "=" included. */
export const QP_MAX_LINE = 76;

/**
 * Placeholders the sending system replaces per subscriber, e.g. `{{unsubscribe_url}}`. The
 * quoted-printable encoder never splits one across a soft line break: it hands each one back as
 * a token piece, so a message template knows where every slot sits without searching for it.
 */
const TOKEN = /\{\{([a-z][a-z0-9_]{0,39})\}\}/y;

/** Encoded text, or a placeholder token (its name, without braces) where it stood. */
export type QpPiece = string | { token: string };

const hex = (byte: number) => `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
const hexBytes = (ch: string) => [...Buffer.from(ch, "utf8")].map(hex).join("");

/** One character's encoding: printable ASCII stays, "=" and everything else becomes =XX bytes. */
function qpChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  if ((code >= 33 && code <= 126 && code !== 61) || code === 32 || code === 9) return ch;
  return hexBytes(ch);
}

/** A placeholder written back as itself, for text that keeps its tokens. */
const tokenText = (piece: QpPiece) => (typeof piece === "string" ? piece : `{{${piece.token}}}`);

/**
 * Quoted-printable (RFC 2045 §6.7) of UTF-8 text. Hard line breaks (LF, CRLF or CR) become
 * CRLF; long lines get soft breaks ("=" CRLF) so no line passes 76 characters; an =XX triplet,
 * the bytes of one character and a `{{token}}` are never split. Whitespace at the end of a
 * line is encoded (transports strip it), and so are a leading "." (SMTP dot-stuffing
 * mishaps) and the "F" of a leading "From " (mbox writers prefix it with ">").
 */
export function encodeQuotedPrintable(text: string): string {
  return encodeQuotedPrintablePieces(text).map(tokenText).join("");
}

/**
 * The same encoding as pieces: the encoded text, with each `{{token}}` handed back as a token
 * piece where it sits (counted at its own length when lines are measured). Adjacent text is
 * joined, so pieces alternate between text and tokens.
 */
export function encodeQuotedPrintablePieces(text: string): QpPiece[] {
  const out: QpPiece[] = [];
  text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .forEach((line, i) => {
      if (i > 0) push(out, CRLF);
      encodeQpLine(line, out);
    });
  return out;
}

/** Appends a piece, joining text to text before it. */
function push(out: QpPiece[], piece: QpPiece): void {
  const last = out.length - 1;
  if (typeof piece === "string" && typeof out[last] === "string") out[last] += piece;
  else if (piece !== "") out.push(piece);
}

function encodeQpLine(line: string, out: QpPiece[]): void {
  // Units: the smallest pieces that may not be split by a soft break.
  const units: { text: string; token?: string }[] = [];
  for (let i = 0; i < line.length; ) {
    TOKEN.lastIndex = i;
    const token = TOKEN.exec(line);
    if (token) {
      units.push({ text: token[0], token: token[1] });
      i += token[0].length;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i)!);
    units.push({ text: qpChar(ch) });
    i += ch.length;
  }
  const last = units[units.length - 1];
  if (last && (last.text === " " || last.text === "\t")) last.text = hex(last.text.charCodeAt(0));

  let length = 0; // characters on the current output line
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    let text = unit.text;
    // Room for the soft-break "=": a full line holds QP_MAX_LINE - 1 characters of content.
    if (length > 0 && length + text.length > QP_MAX_LINE - 1) {
      push(out, `=${CRLF}`);
      length = 0;
    }
    if (length === 0) {
      if (text === ".") text = "=2E";
      else if (
        text === "F" &&
        units
          .slice(i + 1, i + 5)
          .map((u) => u.text)
          .join("") === "rom "
      )
        text = "=46";
    }
    push(out, unit.token ? { token: unit.token } : text);
    length += text.length;
  }
}

/**
 * A value filled into quoted-printable text at send time (a reader's address or link), starting
 * at `column` of its line: every byte that is not printable ASCII, spaces included (a value at
 * the end of a line must not leave trailing whitespace), and "=" become =XX; soft breaks keep
 * lines within 76 characters without splitting a triplet, and a line never starts with ".".
 * Returns the encoded text and the column it ends at.
 */
export function encodeQpValue(value: string, column: number): { text: string; column: number } {
  let encoded = value.replace(/[^\x21-\x3c\x3e-\x7e]/gu, hexBytes);
  let text = "";
  while (encoded.length > 0) {
    // QP_MAX_LINE - 1: room for the soft break's "=".
    if (column >= QP_MAX_LINE - 1) {
      text += `=${CRLF}`;
      column = 0;
    }
    // A line starting with "." is one a careless relay could swallow.
    if (column === 0 && encoded.startsWith(".")) encoded = `=2E${encoded.slice(1)}`;
    let take = Math.min(encoded.length, QP_MAX_LINE - 1 - column);
    // Never split an =XX triplet.
    const eq = encoded.lastIndexOf("=", take - 1);
    if (eq >= 0 && eq > take - 3 && eq + 3 > take) take = eq;
    if (take === 0) {
      text += `=${CRLF}`;
      column = 0;
      continue;
    }
    text += encoded.slice(0, take);
    column += take;
    encoded = encoded.slice(take);
  }
  return { text, column };
}

/** Decodes quoted-printable back to text: the inverse of encodeQuotedPrintable, for tests and tools. */
export function decodeQuotedPrintable(encoded: string): string {
  const joined = encoded.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i]!;
    if (c === "=" && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8").replace(/\r\n/g, "\n");
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f]+/g;

/** Header text on one line: CR, LF and other controls would end the header or inject new ones. */
export function headerText(text: string): string {
  return text.replace(CONTROLS, " ").replace(/\s+/g, " ").trim();
}

/** An encoded-word holds 45 UTF-8 bytes: 60 base64 characters + 12 of wrapping = 72 ≤ 75 (RFC 2047 §2). */
const WORD_BYTES = 45;

/** RFC 2047 "B" encoded-words for non-ASCII text, split on character boundaries. */
function encodedWords(text: string): string[] {
  const words: string[] = [];
  let chunk = "";
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, "utf8") > WORD_BYTES) {
      words.push(chunk);
      chunk = "";
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, "utf8").toString("base64")}?=`);
}

const needsEncoding = (text: string) => /[^\x20-\x7e]/.test(text) || text.includes("=?");

/**
 * An unstructured header value (Subject): ASCII text as is, anything else as encoded-words
 * (RFC 2047). Control characters are removed first, so database text cannot add headers.
 */
export function encodeHeaderValue(text: string): string[] {
  const clean = headerText(text);
  if (!needsEncoding(clean)) return clean.split(" ");
  // Only runs of words that need it are encoded, so "[AN #53]" stays readable (and filterable).
  // A run keeps its inner spaces inside the encoding: decoders drop whitespace between
  // adjacent encoded-words (RFC 2047 §6.2) but keep it next to plain words.
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length) out.push(...encodedWords(run.join(" ")));
    run = [];
  };
  for (const word of clean.split(" ")) {
    if (needsEncoding(word)) run.push(word);
    else {
      flush();
      out.push(word);
    }
  }
  flush();
  return out;
}

/**
 * `Name: value` folded (RFC 5322 §2.2.3) at the spaces between `words` so lines stay within
 * 78 characters where the words allow; continuation lines start with a space.
 */
export function foldHeader(name: string, words: readonly string[]): string {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of words) {
    if (line.length + 1 + word.length > 78 && line.length > name.length + 1) {
      lines.push(line);
      line = "";
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.join(CRLF);
}

/** An addr-spec simple enough to be safe in a header: local@domain, no spaces, quotes or brackets. */
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function isEmailAddress(address: string): boolean {
  return ADDRESS.test(address);
}

/** Characters that force a display name into a quoted-string (RFC 5322 "specials"). */
const SPECIALS = /[()<>[\]:;@\\,."]/;

/** `"Display Name" <address>` as header words: a plain phrase, a quoted-string, or encoded-words. */
export function formatMailbox(name: string, address: string): string[] {
  if (!isEmailAddress(address))
    throw new SummaError("config.invalid", `"${address}" is not an email address Summa can send from`);
  const phrase = headerPhrase(name);
  return phrase.length ? [...phrase, `<${address}>`] : [address];
}

/**
 * A display name as a header phrase (RFC 5322 §3.2.5), in words for foldHeader: encoded words
 * when it is not ASCII, quoted when it holds specials, as is otherwise; [] for an empty name.
 */
export function headerPhrase(name: string): string[] {
  const display = headerText(name);
  if (!display) return [];
  if (needsEncoding(display)) return encodedWords(display);
  if (SPECIALS.test(display)) return [`"${display.replace(/(["\\])/g, "\\$1")}"`];
  return display.split(" ");
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** RFC 5322 §3.3 date-time in UTC: "Wed, 10 Apr 2019 00:00:00 +0000" (also RSS's RFC 822 form). */
export function rfc5322Date(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/**
 * An issue's date as an instant: "2019-04-10" is midnight UTC that day; a full timestamp is
 * taken as written. Null when there is no date or it does not parse.
 */
export function issueInstant(date: string | null | undefined): Date | null {
  if (!date) return null;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(date.trim()) ? `${date.trim()}T00:00:00Z` : date.trim());
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A hex digest of the parts, for identifiers that must be the same whenever the content is. */
export function contentHash(...parts: string[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p).update("\u0000");
  return h.digest("hex");
}

export interface MimePart {
  /** e.g. "text/plain" */
  type: string;
  /** Decoded content; written as UTF-8 quoted-printable. */
  body: string;
}

/**
 * A multipart/alternative body (RFC 2046 §5.1.4): the parts in order of increasing preference.
 * The boundary starts with "=_", which quoted-printable output can never contain (every "=" in
 * it is followed by hex digits or a line break), so no part can end the message early.
 */
export function multipartAlternative(boundary: string, parts: readonly MimePart[]): string {
  return multipartAlternativePieces(boundary, parts).map(tokenText).join("");
}

/** A `{{token}}` in a part's body, and the type of the part it sits in. */
export interface PartToken {
  token: string;
  type: string;
}

/**
 * The same body as pieces: text, and each `{{token}}` of a part's body with that part's type, so
 * a message template can encode a value for where it goes (text/plain or text/html).
 */
export function multipartAlternativePieces(
  boundary: string,
  parts: readonly MimePart[],
): (string | PartToken)[] {
  const out: (string | PartToken)[] = [];
  for (const part of parts) {
    out.push(
      [
        `--${boundary}`,
        `Content-Type: ${part.type}; charset=UTF-8`,
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "",
      ].join(CRLF),
    );
    for (const piece of encodeQuotedPrintablePieces(part.body))
      out.push(typeof piece === "string" ? piece : { token: piece.token, type: part.type });
    out.push(CRLF);
  }
  out.push(`--${boundary}--${CRLF}`);
  return out;
}
