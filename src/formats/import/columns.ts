/**
 * The columns of the AN sheet and the names they go by: the sheet's own headers
 * ("Highlight?", "H/T", "Email", "My opinion"), Summa's CSV/JSON export (snake_case, with the
 * hyperlinks as `*_url` columns, the same as the public normalized copy of the sheet), and a
 * few obvious spellings.
 */
export const SHEET_FIELDS = [
  "sheet_row",
  "category",
  "highlight",
  "title",
  "url",
  "authors",
  "venue",
  "venue_url",
  "year",
  "hat_tip",
  "email",
  "issue_url",
  "summarizer",
  "summary",
  "opinion",
  "prerequisites",
  "prerequisites_url",
  "read_more",
  "read_more_url",
] as const;

export type SheetField = (typeof SHEET_FIELDS)[number];

/** The sheet's header text for each field, as the original spreadsheet spells it. */
export const SHEET_HEADERS: Partial<Record<SheetField, string>> = {
  category: "Category",
  highlight: "Highlight?",
  title: "Title",
  authors: "Authors",
  venue: "Venue",
  year: "Year",
  hat_tip: "H/T",
  email: "Email",
  summarizer: "Summarizer",
  summary: "Summary",
  opinion: "My opinion",
  prerequisites: "Prerequisites",
  read_more: "Read more",
};

/** Columns every import needs. Year is optional: the sheet only gained it in 2022. */
export const REQUIRED_FIELDS: readonly SheetField[] = [
  "category",
  "highlight",
  "title",
  "authors",
  "venue",
  "hat_tip",
  "email",
  "summarizer",
  "summary",
  "opinion",
  "prerequisites",
  "read_more",
];

// No prototype: a column headed "constructor" must not find Object.prototype.constructor.
const ALIASES: Record<string, SheetField> = Object.create(null);
for (const f of SHEET_FIELDS) ALIASES[normalizeHeader(f)] = f;
for (const [f, h] of Object.entries(SHEET_HEADERS)) ALIASES[normalizeHeader(h)] = f as SheetField;
Object.assign(ALIASES, {
  highlight: "highlight",
  titleurl: "url",
  link: "url",
  venueurl: "venue_url",
  ht: "hat_tip",
  hattip: "hat_tip",
  issue: "email",
  emailurl: "issue_url",
  issueurl: "issue_url",
  summarizers: "summarizer",
  opinion: "opinion",
  prerequisitesurl: "prerequisites_url",
  readmoreurl: "read_more_url",
  row: "sheet_row",
  sheetrow: "sheet_row",
} satisfies Record<string, SheetField>);

/** Ignored without a warning: derived from other columns. */
const DERIVED = new Set(["issuenumber"]);

function normalizeHeader(h: string): string {
  return h.toLowerCase().replace(/[^a-z0-9]/g, "");
}

export interface HeaderMap {
  /** Column index -> field. */
  fields: (SheetField | null)[];
  unknown: string[];
  missing: SheetField[];
}

/** Maps a header row to fields; lists unknown headers and required fields not found. */
export function mapHeader(headers: readonly string[]): HeaderMap {
  const seen = new Set<SheetField>();
  const unknown: string[] = [];
  const fields = headers.map((raw) => {
    const key = normalizeHeader(raw ?? "");
    const field = ALIASES[key];
    if (!field || seen.has(field)) {
      if (key !== "" && !DERIVED.has(key)) unknown.push(raw);
      return null;
    }
    seen.add(field);
    return field;
  });
  const missing = REQUIRED_FIELDS.filter((f) => !seen.has(f));
  return { fields, unknown, missing };
}

export function headerName(field: SheetField): string {
  return SHEET_HEADERS[field] ?? field;
}

/** Where a sheet keeps links: the hyperlink on a cell of the first field is the URL of the second. */
export const LINK_FIELDS: Partial<Record<SheetField, SheetField>> = {
  title: "url",
  email: "issue_url",
  venue: "venue_url",
  prerequisites: "prerequisites_url",
  read_more: "read_more_url",
};

/** The fields a header carries; with `cellLinks`, a linked cell's URL field counts too. */
export function presentFields(map: HeaderMap, cellLinks: boolean): SheetField[] {
  const fields = new Set(map.fields.filter((f): f is SheetField => f !== null));
  if (cellLinks)
    for (const [field, link] of Object.entries(LINK_FIELDS))
      if (fields.has(field as SheetField)) fields.add(link);
  return [...fields];
}
