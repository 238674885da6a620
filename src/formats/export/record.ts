import type { Entry } from "../../domain/entry.ts";
import {
  type EntryFieldRecord,
  FIELD_SPECS,
  type FieldSpec,
  sheetName,
  valueAsExport,
} from "../../domain/entry-fields.ts";

/**
 * The flat record Summa's CSV and JSON exports write: the AN sheet's columns with each cell
 * hyperlink as its own `*_url` column (the same shape as the public normalized copy of the
 * sheet), so importing an export gives the same database. The columns are the field table's
 * (domain/entry-fields.ts), after the row's position in the sheet.
 */
export type ExportRecord = { sheet_row: number | null } & EntryFieldRecord;

/** The export's columns for a field table (the entry's own unless a test gives another). */
export function exportColumns(table: readonly FieldSpec[] = FIELD_SPECS): string[] {
  return ["sheet_row", ...table.map(sheetName)];
}

export const EXPORT_COLUMNS = exportColumns() as (keyof ExportRecord)[];

export function toExportRecord(e: Entry, table: readonly FieldSpec[] = FIELD_SPECS): ExportRecord {
  const fields = e as unknown as Record<string, unknown>;
  return Object.fromEntries([
    ["sheet_row", e.sheetRow],
    ...table.map((f) => [sheetName(f), valueAsExport(f.kind, fields[f.name])]),
  ]) as ExportRecord;
}
