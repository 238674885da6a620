import { stringify } from "csv-stringify/sync";
import type { Entry } from "../../domain/entry.ts";
import { EXPORT_COLUMNS, toExportRecord } from "./record.ts";

/** The CSV header line. */
export function csvHeader(): string {
  return stringify([EXPORT_COLUMNS]);
}

/** CSV lines for a chunk of entries (highlight as True/False, as the normalized sheet has it). */
export function csvRows(entries: readonly Entry[]): string {
  return stringify(
    entries.map((e) => {
      const r = toExportRecord(e);
      return EXPORT_COLUMNS.map((c) => {
        const v = r[c];
        if (typeof v === "boolean") return v ? "True" : "False";
        return v ?? "";
      });
    }),
  );
}
