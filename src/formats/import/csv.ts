import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import { SummaError } from "../../domain/errors.ts";
import { mapHeader, presentFields } from "./columns.ts";
import type { RawRow, SheetReader } from "./raw-row.ts";
import { checkHeader } from "./row.ts";

/**
 * Reads the sheet as CSV (Google Sheets' "Download -> CSV", or Summa's own export), streaming:
 * rows are parsed as they arrive, so a million-row file never sits in memory.
 * The header is read before this returns, so a wrong file fails before any row is imported.
 */
export async function readCsv(input: Readable, file: string): Promise<SheetReader> {
  const parser = input.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: false, info: true }),
  );
  input.on("error", (err) => parser.destroy(err));
  const close = () => {
    parser.destroy();
    input.destroy();
  };
  let bytes = 0;
  input.on("data", (chunk: Buffer | string) => {
    bytes += chunk.length;
  });
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    info: { lines: number };
  }>;
  let first: IteratorResult<{ record: string[] }>;
  try {
    first = await iterator.next();
  } catch (err) {
    close();
    throw csvError(err, file);
  }
  if (first.done) throw new SummaError("import.unreadable", `${file}: the file is empty`);
  const header = mapHeader(first.value.record);
  try {
    checkHeader(header, file);
  } catch (err) {
    close();
    throw err;
  }

  async function* rows(): AsyncIterable<RawRow> {
    let row = 1;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        row++;
        const values: RawRow["values"] = {};
        next.value.record.forEach((cell, i) => {
          const field = header.fields[i];
          if (field) values[field] = cell;
        });
        yield { row, values };
      }
    } catch (err) {
      // Rows the parser had buffered are lost with the error: its own count is the truth.
      const records = (err as { records?: unknown }).records;
      throw csvError(err, file, typeof records === "number" ? records + 1 : row + 1);
    } finally {
      // Also when the importer stops early (too many bad rows): the file must not stay open.
      close();
    }
  }
  return {
    format: "csv",
    unknownColumns: header.unknown,
    fields: presentFields(header, false),
    rows: rows(),
    bytesRead: () => bytes,
  };
}

function csvError(err: unknown, file: string, row?: number): SummaError {
  const message = err instanceof Error ? err.message : String(err);
  const where = row === undefined ? file : `${file}, record ${row}`;
  return new SummaError("import.unreadable", `${where}: not a readable CSV file (${message})`);
}
