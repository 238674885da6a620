import { readFile } from "node:fs/promises";
import { SummaError, unreadableFile } from "../domain/errors.ts";
import { csvTextRows } from "../formats/import/csv-records.ts";
import { candidateFromZotero, type IncomingCandidate } from "./candidate.ts";

/** A cell of a bibliography this long is not an abstract: the file is not what it says. */
const MAX_FIELD_BYTES = 1 << 20;

/**
 * A Zotero CSV export's items as the inbox takes them (its Key is the source's id, so importing
 * the same export twice adds nothing). A file without Zotero's Title column is refused, naming
 * the columns it has.
 */
export async function readZoteroCsv(file: string): Promise<IncomingCandidate[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw unreadableFile(file, err);
  }
  let rows: string[][];
  try {
    rows = await csvTextRows(text, MAX_FIELD_BYTES, { skipBlank: true });
  } catch (err) {
    throw new SummaError("input.malformed", `${file}: not a readable CSV file (${(err as Error).message})`, {
      file,
    });
  }
  const [header, ...records] = rows;
  if (!header?.includes("Title"))
    throw new SummaError(
      "input.malformed",
      `${file}: not a Zotero CSV export (no "Title" column; columns: ${(header ?? []).slice(0, 8).join(", ") || "none"})`,
      { file },
    );
  return records.map((cells) => {
    const row = Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""]));
    return { ...candidateFromZotero(row), externalId: row.Key?.trim() || null, hatTip: null };
  });
}
