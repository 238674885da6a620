import {
  FIELD_SPECS,
  type FieldSpec,
  type ImportedFieldName,
  linkFieldOf,
  sheetName,
} from "../../domain/entry-fields.ts";

/**
 * The columns of the AN sheet and the names they go by: the sheet's own headers
 * ("Highlight?", "H/T", "Email", "My opinion"), Summa's CSV/JSON export (snake_case, with the
 * hyperlinks as `*_url` columns, the same as the public normalized copy of the sheet), and a
 * few obvious spellings. All of it comes from the field table (domain/entry-fields.ts), plus
 * `sheet_row`, the position a row had in its sheet.
 */
export type SheetField = ImportedFieldName | "sheet_row";

/** A field an import reads: every field but those derived from another (the issue number). */
function imported(fields: readonly FieldSpec[]): FieldSpec[] {
  return fields.filter((f) => f.kind !== "issueNumber");
}

export const SHEET_FIELDS: readonly SheetField[] = [
  "sheet_row",
  ...imported(FIELD_SPECS).map((f) => sheetName(f) as ImportedFieldName),
];

/** The sheet's header text for each field, as the original spreadsheet spells it. */
export const SHEET_HEADERS: Partial<Record<SheetField, string>> = Object.fromEntries(
  FIELD_SPECS.filter((f) => f.header).map((f) => [sheetName(f), f.header]),
);

/** Columns every import needs. Year is optional: the sheet only gained it in 2022. */
export const REQUIRED_FIELDS: readonly SheetField[] = requiredOf(FIELD_SPECS);

function requiredOf(table: readonly FieldSpec[]): SheetField[] {
  return table.filter((f) => f.required).map((f) => sheetName(f) as SheetField);
}

/** How a header names a field: by any of these spellings (compared as normalizeHeader does). */
function spellings(f: FieldSpec): string[] {
  return [sheetName(f), f.column, f.name, f.header ?? "", ...(f.aliases ?? [])].filter((x) => x !== "");
}

/** Header spelling -> field, for a field table. No prototype: a column headed "constructor" must not find Object.prototype.constructor. */
function aliasesOf(fields: readonly FieldSpec[]): Record<string, string> {
  const aliases: Record<string, string> = Object.create(null);
  aliases.row = "sheet_row";
  aliases.sheetrow = "sheet_row";
  for (const f of imported(fields)) for (const s of spellings(f)) aliases[normalizeHeader(s)] = sheetName(f);
  return aliases;
}

const ALIASES = aliasesOf(FIELD_SPECS);

/** Ignored without a warning: derived from other columns. */
function derivedOf(fields: readonly FieldSpec[]): Set<string> {
  return new Set(
    fields.filter((f) => f.kind === "issueNumber").flatMap((f) => spellings(f).map(normalizeHeader)),
  );
}

const DERIVED = derivedOf(FIELD_SPECS);

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
export function mapHeader(headers: readonly string[], table: readonly FieldSpec[] = FIELD_SPECS): HeaderMap {
  // The entry's own table is read once at load; another (a test's) per call.
  const own = table === FIELD_SPECS;
  const aliases = own ? ALIASES : aliasesOf(table);
  const derived = own ? DERIVED : derivedOf(table);
  const required = own ? REQUIRED_FIELDS : requiredOf(table);
  const seen = new Set<SheetField>();
  const unknown: string[] = [];
  const fields = headers.map((raw) => {
    const key = normalizeHeader(raw ?? "");
    const field = aliases[key] as SheetField | undefined;
    if (!field || seen.has(field)) {
      if (key !== "" && !derived.has(key)) unknown.push(raw);
      return null;
    }
    seen.add(field);
    return field;
  });
  const missing = required.filter((f) => !seen.has(f));
  return { fields, unknown, missing };
}

export function headerName(field: SheetField): string {
  return SHEET_HEADERS[field] ?? field;
}

/** Where a sheet keeps links: the hyperlink on a cell of the first field is the URL of the second. */
export const LINK_FIELDS: Partial<Record<SheetField, SheetField>> = Object.fromEntries(
  FIELD_SPECS.flatMap((f) => {
    const link = linkFieldOf(f, FIELD_SPECS);
    return link ? [[sheetName(f), sheetName(link)]] : [];
  }),
);

/** The fields a header carries; with `cellLinks`, a linked cell's URL field counts too. */
export function presentFields(map: HeaderMap, cellLinks: boolean): SheetField[] {
  const fields = new Set(map.fields.filter((f): f is SheetField => f !== null));
  if (cellLinks)
    for (const [field, link] of Object.entries(LINK_FIELDS))
      if (fields.has(field as SheetField)) fields.add(link);
  return [...fields];
}
