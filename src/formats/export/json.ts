import type { Entry } from "../../domain/entry.ts";
import { toExportRecord } from "./record.ts";

/** One JSON array element per entry; the caller writes `[`, commas and `]` so exports stream. */
export function jsonRecord(entry: Entry): string {
  return JSON.stringify(toExportRecord(entry), null, 2)
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}
