/**
 * CSV records (RFC 4180: comma-separated, `"`-quoted, `""` for a quote, CRLF, LF or CR line
 * ends) read from a stream of bytes, with each field kept as bytes so the caller can check its
 * encoding. One pass, constant work per byte, whatever the shape of the file.
 *
 * Why not csv-parse: with `relax_column_count` it still builds (and deep-copies the options
 * into) an error object for every record whose length differs from the first's, about 50 us
 * each, so a 1 MB file of blank lines took 54 s of CPU (a 20 MB upload, twenty minutes); sheets
 * written by hand or by a hostile client have short rows. Found by the fuzz test.
 */

/** A record, and the line (1-based) it starts on. */
export interface CsvRecord {
  fields: Uint8Array[];
  line: number;
}

export type CsvProblem = "unclosed_quote" | "bad_quote" | "too_large";

/** Why the bytes are not CSV, where: the record's number (1-based), its line, its field. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly problem: CsvProblem,
    message: string,
    readonly record: number,
    readonly line: number,
    readonly field: number,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Records handed out at once, at most. */
const MAX_BATCH = 1000;

/** Every empty field: shared, never written to. */
const EMPTY = new Uint8Array(0);

/** A field's bytes as they arrive: one growing buffer, copied out when the field ends. */
class FieldBuffer {
  private bytes = new Uint8Array(256);
  length = 0;
  push(byte: number): void {
    if (this.length === this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    this.bytes[this.length++] = byte;
  }
  take(): Uint8Array {
    // An empty field (every field of a blank line) allocates nothing: a typed array's own
    // buffer costs far more than the byte it holds, and blank lines can be most of a file.
    if (this.length === 0) return EMPTY;
    const field = this.bytes.slice(0, this.length);
    this.length = 0;
    return field;
  }
}

enum State {
  /** At the start of a field. */
  Start,
  /** Inside a field that did not start with a quote. */
  Unquoted,
  /** Inside a quoted field. */
  Quoted,
  /** Just after a quote inside a quoted field: a second quote, or the field's end. */
  QuoteSeen,
  /** Just after a CR that ended a record: an LF here belongs to it. */
  AfterCr,
}

/**
 * The records of `chunks`, handed out in batches (the records each chunk ended, up to
 * MAX_BATCH at a time): one await per batch, not per record (an async generator's step costs a
 * few promises, which on a file of blank lines was most of the work). A field longer than `maxFieldBytes` is refused as soon as it grows
 * past that, never held whole. A blank line is a record of one empty field (as a spreadsheet's
 * empty row); a line end at the very end of the file does not start another record.
 */
export async function* csvRecords(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  maxFieldBytes: number,
): AsyncGenerator<CsvRecord[]> {
  const field = new FieldBuffer();
  let fields: Uint8Array[] = [];
  let state = State.Start;
  let line = 1;
  let recordLine = 1;
  let records = 0;
  // Whether anything of the current record has been read (so EOF must emit it).
  let open = false;
  const fail = (problem: CsvProblem, what: string) =>
    new CsvSyntaxError(problem, `${what} (line ${line})`, records + 1, line, fields.length);
  const endField = () => fields.push(field.take());
  const endRecord = (): CsvRecord => {
    endField();
    const record = { fields, line: recordLine };
    fields = [];
    records++;
    open = false;
    return record;
  };

  // The records ended in the current chunk.
  let out: CsvRecord[] = [];
  /** A comma or a line end outside quotes ends the field (and the record): the state after it, or null. */
  const separator = (b: number): State | null => {
    if (b === COMMA) {
      endField();
      return State.Start;
    }
    if (b !== LF && b !== CR) return null;
    out.push(endRecord());
    line++;
    return b === CR ? State.AfterCr : State.Start;
  };

  for await (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (state === State.AfterCr) {
        state = State.Start;
        if (b === LF) continue;
      }
      if (!open) {
        open = true;
        recordLine = line;
      }
      switch (state) {
        case State.Start:
        case State.Unquoted: {
          const next = separator(b);
          if (next !== null) state = next;
          else if (b === QUOTE) {
            if (state === State.Unquoted)
              throw fail(
                "bad_quote",
                `a quote inside field ${fields.length + 1}, which does not start with one`,
              );
            state = State.Quoted;
          } else {
            field.push(b);
            state = State.Unquoted;
          }
          break;
        }
        case State.Quoted:
          if (b === QUOTE) state = State.QuoteSeen;
          else {
            if (b === LF) line++;
            field.push(b);
          }
          break;
        case State.QuoteSeen: {
          if (b === QUOTE) {
            field.push(QUOTE);
            state = State.Quoted;
            break;
          }
          const next = separator(b);
          if (next === null)
            throw fail("bad_quote", `text after the closing quote of field ${fields.length + 1}`);
          state = next;
          break;
        }
      }
      if (field.length > maxFieldBytes) throw fail("too_large", `field ${fields.length + 1} is too large`);
      // A chunk of short lines is tens of thousands of records: handed out a thousand at a
      // time, they are collected young, not copied to the old generation first.
      if (out.length >= MAX_BATCH) {
        yield out;
        out = [];
      }
    }
    // Records are handed out per chunk, so the caller's work interleaves with reading.
    if (out.length > 0) yield out;
    out = [];
  }
  if (state === State.Quoted)
    throw fail("unclosed_quote", `a quote opened in field ${fields.length + 1} is never closed`);
  if (open) yield [endRecord()];
}

/**
 * A small CSV file's rows as text (a byte-order mark dropped, each field UTF-8), for the files a
 * person writes by hand or exports (subscribers, issue dates); `skipBlank` leaves out blank lines.
 * Throws CsvSyntaxError, as csvRecords does.
 */
export async function csvTextRows(
  text: string,
  maxFieldBytes: number,
  options: { skipBlank?: boolean } = {},
): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const records of csvRecords([Buffer.from(text.replace(/^\uFEFF/, ""))], maxFieldBytes))
    for (const record of records) {
      const cells = record.fields.map((f) => Buffer.from(f).toString("utf8"));
      if (!options.skipBlank || cells.length > 1 || cells[0] !== "") rows.push(cells);
    }
  return rows;
}
