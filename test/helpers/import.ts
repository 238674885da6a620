import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ImportReport, importFrom } from "../../src/entries/index.ts";
import { EXPORT_COLUMNS } from "../../src/formats/export/index.ts";
import type { Store } from "../../src/store/index.ts";
import { sheetCsv } from "./factories.ts";
import { tempDir } from "./temp.ts";

/** Writes `content` to a fresh temporary file named `name` and returns its path (removed after the test file). */
export function tempFile(name: string, content: string | Uint8Array): string {
  const dir = tempDir("summa-file-");
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A row of Summa's own CSV (the export's columns: the sheet's plus every hyperlink); blanks where absent. */
export type RecordRow = Partial<Record<(typeof EXPORT_COLUMNS)[number], string>>;

/** Imports rows through the real importer, as an editor's sheet would arrive (a CSV in Summa's columns). */
export async function importRecords(store: Store, rows: RecordRow[]): Promise<ImportReport> {
  const csv = sheetCsv(
    rows.map((r) => EXPORT_COLUMNS.map((c) => r[c] ?? "")),
    EXPORT_COLUMNS.join(","),
  );
  return importFrom(store, tempFile("records.csv", csv));
}
