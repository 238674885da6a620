import type { Selectable } from "kysely";
import type { Entry } from "../../domain/entry.ts";
import {
  columnAsValue,
  ENTRY_FIELDS,
  type EntryFieldColumns,
  type EntryFields,
  FIELD_SPECS,
  type FieldSpec,
  valueAsColumn,
} from "../../domain/entry-fields.ts";
import { titleKey } from "../../domain/keys.ts";
import { urlKey } from "../../domain/url-key.ts";
import type { EntryTable } from "../schema.ts";

/** The columns an import writes: the sheet's fields (not id, timestamps, or the editor's issue layout). */
export type EntryContent = Omit<
  EntryTable,
  | "id"
  | "created_at"
  | "updated_at"
  | "issue_position"
  | "authors_display"
  | "status"
  | "created_by"
  | "import_id"
  | "version"
>;

/**
 * The columns whose change makes an entry "changed": the content columns of the field table
 * (sheet_row only records position; title_key and url_key follow from title and url).
 */
export const CONTENT_COLUMNS = ENTRY_FIELDS.map((f) => f.column) as readonly (keyof EntryFieldColumns)[];

/** An entry's fields as its row's columns, with the keys that follow from them. */
export function toEntryContent(f: EntryFields, sheetRow: number | null): EntryContent {
  const values = f as unknown as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  // A loop over the table, not map + fromEntries: an import calls this once per row.
  for (const spec of FIELD_SPECS) row[spec.column] = valueAsColumn(spec.kind, values[spec.name]);
  row.title_key = titleKey(f.title);
  row.url_key = urlKey(f.url);
  row.sheet_row = sheetRow;
  return row as unknown as EntryContent;
}

/** Columns the store derives from a content column: the keys imports and lookups match on. */
const KEY_COLUMNS: Partial<Record<keyof EntryFieldColumns, (keyof EntryContent)[]>> = {
  title: ["title_key"],
  url: ["url_key"],
};

/**
 * The columns a field fills: its own, the keys derived from it, and for the issue label the
 * issue number read from it. A file without the field leaves all of them alone.
 */
export function columnsFilledBy(spec: FieldSpec): (keyof EntryContent)[] {
  const own = spec.column as keyof EntryFieldColumns;
  const numbers =
    spec.kind === "issueLabel"
      ? FIELD_SPECS.filter((f) => f.kind === "issueNumber").map((f) => f.column)
      : [];
  return [own, ...(KEY_COLUMNS[own] ?? []), ...(numbers as (keyof EntryContent)[])];
}

type StoredEntry = Selectable<EntryTable>;

/** A stored row as an entry (exports and pages call this once per row, so a plain loop). */
export function toEntry(r: StoredEntry): Entry {
  const stored = r as unknown as Record<string, unknown>;
  const entry: Record<string, unknown> = {
    id: r.id,
    status: r.status,
    createdBy: r.created_by,
    sheetRow: r.sheet_row,
    version: r.version,
  };
  for (const spec of FIELD_SPECS) entry[spec.name] = columnAsValue(spec.kind, stored[spec.column]);
  return entry as unknown as Entry;
}

export function sameContent(a: Partial<EntryContent>, b: EntryContent): boolean {
  return CONTENT_COLUMNS.every((c) => (a[c] ?? null) === (b[c] ?? null));
}
