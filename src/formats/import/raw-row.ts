import type { SheetField } from "./columns.ts";

/** One data row as a format reader found it: text by field, plus where it came from. */
export interface RawRow {
  /** The row's number as the spreadsheet shows it (header = 1), for messages and ordering. */
  row: number;
  values: Partial<Record<SheetField, string>>;
}

/** What a format reader yields: the rows, lazily, and what it learned from the header. */
export interface SheetReader {
  format: SheetFormat | IssueFileFormat;
  /** Header names that map to no field (kept out of the import, reported to the user). */
  unknownColumns: string[];
  /**
   * The fields this file carries. An import leaves the others as they are in the database:
   * the older HTML export has no Year, the sheet's own CSV has no hyperlinks.
   */
  fields: SheetField[];
  /** Rows, if the format knows up front (xlsx, html); CSV streams and does not. */
  totalRows?: number;
  rows: AsyncIterable<RawRow>;
  /**
   * The same rows in the batches the reader has them (a streamed CSV: the rows of each chunk),
   * for importers: one await per batch, not per row. Read `rows` or `batches`, not both.
   */
  batches?: AsyncIterable<RawRow[]>;
  /** For streamed input: bytes consumed so far and in all (progress where rows are unknown). */
  bytesRead?: () => number;
  totalBytes?: number;
}

export type SheetFormat = "xlsx" | "csv" | "gsheets-html" | "json";

/** An issue (text, Markdown or HTML) read back into rows to backfill the archive (src/entries/import-issue.ts). */
export type IssueFileFormat = "issue-text" | "issue-markdown" | "issue-html";

/**
 * A reader's rows in batches: its own when it has them, else one row at a time. An await per
 * row costs a few promises; a file of a million blank lines is a million rows.
 */
export async function* rowBatches(reader: SheetReader): AsyncGenerator<RawRow[]> {
  if (reader.batches) {
    yield* reader.batches;
    return;
  }
  for await (const raw of reader.rows) yield [raw];
}
