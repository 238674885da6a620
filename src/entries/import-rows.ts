import { SummaError } from "../domain/errors.ts";
import { isBlankRow, type ParsedRow, parseRow, type RawRow } from "../formats/import/index.ts";
import { type EntryContent, toEntryContent } from "../store/index.ts";
import type { KeyIndex } from "./key-index.ts";

/** One sheet row as an import reads it (import-sheet.ts) and as its dry run does (import-plan.ts). */
export type SheetRowReading =
  | { kind: "blank" }
  | { kind: "invalid"; error: SummaError }
  | { kind: "repeat"; content: EntryContent; reason: string }
  | { kind: "row"; content: EntryContent; parsed: ParsedRow };

/**
 * Reads one row by the rules both share, so a dry run can never disagree with the import it
 * previews: a blank row is skipped; a row that cannot be read is invalid (the error names file,
 * row and field); a row with the title and issue of an earlier row repeats it (`seen` remembers).
 */
export function readSheetRow(raw: RawRow, file: string, prefix: string, seen: KeyIndex): SheetRowReading {
  if (isBlankRow(raw)) return { kind: "blank" };
  let parsed: ParsedRow;
  try {
    parsed = parseRow(raw, file, prefix);
  } catch (err) {
    if (!(err instanceof SummaError)) throw err;
    return { kind: "invalid", error: err };
  }
  const content = toEntryContent(parsed.fields, parsed.sheetRow);
  const earlier = seen.firstRow(`${content.title_key}\u0000${content.issue_label}`, raw.row);
  if (earlier !== undefined)
    return { kind: "repeat", content, reason: `same title and issue as row ${earlier}` };
  return { kind: "row", content, parsed };
}
