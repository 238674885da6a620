import { stringify } from "csv-stringify/sync";
import type { Entry } from "../../domain/entry.ts";
import { ENTRY_FIELDS, type FieldSpec } from "../../domain/entry-fields.ts";
import { exportColumns, toExportRecord } from "./record.ts";

/** The CSV header line (for the entry's field table unless a test gives another). */
export function csvHeader(table: readonly FieldSpec[] = ENTRY_FIELDS): string {
  return stringify([exportColumns(table)]);
}

/** CSV lines for a chunk of entries (highlight as True/False, as the normalized sheet has it). */
export function csvRows(entries: readonly Entry[], table: readonly FieldSpec[] = ENTRY_FIELDS): string {
  const columns = exportColumns(table);
  return stringify(
    entries.map((e) => {
      const r = toExportRecord(e, table) as Record<string, unknown>;
      return columns.map((c) => {
        const v = r[c];
        if (typeof v === "boolean") return v ? "True" : "False";
        return v ?? "";
      });
    }),
  );
}
