import { type Readable, Transform } from "node:stream";
import { SummaError } from "../../domain/errors.ts";
import { MAX_FIELD_BYTES, megabytes, tooLarge } from "../limits.ts";
import { mapHeader, presentFields } from "./columns.ts";
import { type CsvRecord, CsvSyntaxError, csvRecords } from "./csv-records.ts";
import { decodeField, type SheetEncoding } from "./encoding.ts";
import type { RawRow, SheetReader } from "./raw-row.ts";
import { checkHeader } from "./row.ts";

export interface CsvOptions {
  /** The file's text encoding: UTF-8 (checked) unless the person said otherwise. */
  encoding?: SheetEncoding;
}

/**
 * Reads the sheet as CSV (Google Sheets' "Download -> CSV", or Summa's own export), streaming:
 * rows are parsed as they arrive, so a million-row file never sits in memory.
 * The header is read before this returns, so a wrong file fails before any row is imported.
 * Fields arrive as bytes and are decoded here, each checked, so a byte that is not UTF-8 is
 * refused with its row, line and column; a field past MAX_FIELD_BYTES is refused as soon as the
 * parser's buffer grows past it, never read whole.
 */
export async function readCsv(input: Readable, file: string, options: CsvOptions = {}): Promise<SheetReader> {
  const encoding = options.encoding ?? "utf-8";
  const source = input.pipe(withoutBom());
  input.on("error", (err) => source.destroy(err));
  const close = () => {
    source.destroy();
    input.destroy();
  };
  let bytes = 0;
  input.on("data", (chunk: Buffer | string) => {
    bytes += chunk.length;
  });
  const records = csvRecords(source, MAX_FIELD_BYTES);
  let headers: string[] = [];
  let first: IteratorResult<CsvRecord[]>;
  // The records read with the header, after it.
  let pending: CsvRecord[] = [];
  try {
    first = await records.next();
    if (!first.done) {
      headers = first.value[0]!.fields.map((cell) => decodeField(cell, encoding, { file, row: 1 }, 1));
      pending = first.value.slice(1);
    }
  } catch (err) {
    close();
    throw csvError(err, file, 1, []);
  }
  if (first.done) throw new SummaError("import.unreadable", `${file}: the file is empty`);
  const map = mapHeader(headers);
  try {
    checkHeader(map, file);
  } catch (err) {
    close();
    throw err;
  }

  /** A record's cells by field, each decoded and checked. */
  function rowValues(record: CsvRecord, row: number): RawRow["values"] {
    const { fields, line: start } = record;
    // A blank line: no cells at all, which is what a blank row is (isBlankRow).
    if (fields.length === 1 && fields[0]!.length === 0) return {};
    const values: RawRow["values"] = {};
    for (let i = 0; i < fields.length; i++) {
      const field = map.fields[i];
      if (!field) continue;
      const cell = fields[i]!;
      // An empty cell (all of a blank line) cannot be badly encoded: no closure made for it.
      if (cell.length === 0) values[field] = "";
      else {
        // A field's first line: the record's, plus the line breaks inside the fields before it.
        const lineOf = () => start + fields.slice(0, i).reduce((n, c) => n + newlines(c), 0);
        values[field] = decodeField(cell, encoding, { file, row, column: headers[i] }, lineOf);
      }
    }
    return values;
  }

  /** The rows of each batch of records the reader hands out, together. */
  async function* batches(): AsyncGenerator<RawRow[]> {
    let row = 1;
    try {
      for (;;) {
        const batch: RawRow[] = [];
        for (const record of pending) {
          row++;
          try {
            batch.push({ row, values: rowValues(record, row) });
          } catch (err) {
            // The rows before a bad byte are handed over first, as one at a time they would be.
            if (batch.length > 0) yield batch;
            throw err;
          }
        }
        if (batch.length > 0) yield batch;
        const next = await records.next();
        if (next.done) return;
        pending = next.value;
      }
    } catch (err) {
      throw csvError(err, file, row + 1, headers);
    } finally {
      // Also when the importer stops early (too many bad rows): the file must not stay open.
      close();
    }
  }
  async function* rows(): AsyncGenerator<RawRow> {
    for await (const batch of batches()) yield* batch;
  }
  return {
    format: "csv",
    unknownColumns: map.unknown,
    fields: presentFields(map, false),
    rows: { [Symbol.asyncIterator]: rows },
    batches: { [Symbol.asyncIterator]: batches },
    bytesRead: () => bytes,
  };
}

/**
 * Drops a UTF-8 byte order mark at the start (Excel writes one). csv-parse's own `bom` option
 * would switch it to strings, and the fields must stay bytes to be checked.
 */
function withoutBom(): Transform {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  let pending: Buffer | null = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (pending === null) return done(null, chunk);
      const head = Buffer.concat([pending, chunk]);
      // A first piece too short to tell waits for the next.
      if (head.length < 3 && bom.subarray(0, head.length).equals(head)) {
        pending = head;
        return done();
      }
      pending = null;
      done(null, head.subarray(0, 3).equals(bom) ? head.subarray(3) : head);
    },
    flush(done) {
      done(null, pending?.length ? pending : null);
    },
  });
}

function newlines(bytes: Uint8Array): number {
  let n = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) n++;
  return n;
}

function csvError(err: unknown, file: string, row: number, headers: readonly string[]): SummaError {
  if (err instanceof SummaError) return err;
  if (err instanceof CsvSyntaxError) {
    // The reader's own count is the truth: records it had read ahead are lost with the error.
    if (err.problem === "too_large") {
      const column = headers[err.field];
      return tooLarge(
        { file, row: err.record, ...(column ? { column } : {}) },
        `the field is larger than ${megabytes(MAX_FIELD_BYTES)} (at line ${err.line})`,
      );
    }
    return new SummaError(
      "import.unreadable",
      `${file}, record ${err.record}: not a readable CSV file (${err.message})`,
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SummaError("import.unreadable", `${file}, record ${row}: not a readable CSV file (${message})`);
}
