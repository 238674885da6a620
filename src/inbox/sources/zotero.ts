import { CsvSyntaxError, csvTextRows } from "../../formats/import/csv-records.ts";
import { candidateFromZotero, type IncomingCandidate } from "../candidate.ts";
import { sourceError } from "./errors.ts";

// A field longer than this is not a bibliography's: the file is something else.
const MAX_FIELD_BYTES = 1024 * 1024;
/** Zotero exports notes and attachments as rows of their own: not items. */
const NOT_ITEMS = new Set(["note", "attachment", "annotation"]);

/**
 * A Zotero CSV export's items as candidates (candidateFromZotero reads each row; Zotero's
 * `Key` is the external id). The header must have Title and Item Type; an item without a
 * title names its row (the header is row 1, as a spreadsheet shows it).
 */
export async function parseZoteroCsv(text: string, file: string): Promise<IncomingCandidate[]> {
  let rows: string[][];
  try {
    rows = await csvTextRows(text, MAX_FIELD_BYTES, { skipBlank: true });
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      throw sourceError("source.malformed", file, `CSV: ${err.message}`, { row: err.record });
    throw err;
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  const missing = ["Title", "Item Type"].filter((c) => !header.includes(c));
  if (missing.length)
    throw sourceError(
      "source.malformed",
      file,
      `not a Zotero CSV export: the header has no ${missing.join(" or ")} column`,
      { row: 1 },
    );
  const out: IncomingCandidate[] = [];
  rows.slice(1).forEach((cells, i) => {
    const row = Object.fromEntries(header.map((h, c) => [h, cells[c] ?? ""]));
    const candidate = candidateFromZotero(row);
    if (NOT_ITEMS.has(candidate.itemType)) return;
    if (!candidate.title)
      throw sourceError("source.malformed", file, "an item without a Title", { row: i + 2 });
    out.push({ ...candidate, externalId: (row.Key ?? "").trim() || null, hatTip: null });
  });
  return out;
}
