import { type Entry, type EntryFields, emptyEntryFields } from "../../src/domain/entry.ts";

let n = 0;

/** An entry shaped like the AN sheet's rows, with whatever fields a test cares about. */
export function entryFields(overrides: Partial<EntryFields> = {}): EntryFields {
  n++;
  return {
    ...emptyEntryFields(),
    category: "Learning human intent",
    title: `A paper about reward learning ${n}`,
    url: `https://arxiv.org/abs/1900.${String(10000 + n)}`,
    authors: [{ name: "Ada Lovelace", equalContribution: false }],
    venue: "arXiv",
    year: 2019,
    issueLabel: "AN #53",
    issueNumber: 53,
    issueUrl: "https://example.org/an-53",
    summarizers: ["Rohin"],
    summary: "This paper learns rewards from human feedback.",
    opinion: "I like it.",
    ...overrides,
  };
}

let storedId = 0;
/** An entry as the store returns it: fields plus an id, a sheet row and a published status. */
export function storedEntry(overrides: Partial<Entry> = {}): Entry {
  storedId++;
  return {
    ...entryFields(),
    id: storedId,
    sheetRow: storedId + 1,
    status: "published",
    createdBy: null,
    ...overrides,
  };
}

/** The AN sheet's header row, as the spreadsheet spells it. */
export const SHEET_HEADER =
  "Category,Highlight?,Title,Authors,Venue,Year,H/T,Email,Summarizer,Summary,My opinion,Prerequisites,Read more";

/** A CSV of the sheet from rows of cells (quoted as needed). */
export function sheetCsv(rows: string[][], header = SHEET_HEADER): string {
  const quote = (c: string) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return `${[header, ...rows.map((r) => r.map(quote).join(","))].join("\n")}\n`;
}

/** A sheet of `n` rows whose titles carry `word` (searchable) and whose issues are AN #1000+. */
export function bigSheet(n: number, word: string, summary = "A summary."): string {
  const rows: string[][] = [];
  for (let i = 0; i < n; i++)
    rows.push([
      "News",
      "",
      `${word} paper ${i}`,
      "Ada Lovelace",
      "",
      "2020",
      "",
      `AN #${1000 + Math.floor(i / 20)}`,
      "Rohin",
      `${summary} ${word}`,
      "",
      "",
      "",
    ]);
  return sheetCsv(rows);
}
