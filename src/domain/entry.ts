/**
 * An entry: one row of the newsletter's database, one summarized (or linked) item.
 * Field names follow the AN sheet; lists are lists (authors, summarizers) so that
 * "Rohin/Robert" is two people and "*" equal-contribution marks survive.
 */
import { ENTRY_FIELDS, type EntryFields, emptyValue } from "./entry-fields.ts";

export type { Author, EntryFields } from "./entry-fields.ts";

/**
 * Where an entry is in the editor's workflow: a summarizer's draft, ready to be picked, in an
 * issue being composed, or published (in the public database; imported rows are).
 */
export type EntryStatus = "draft" | "ready" | "in_issue" | "published";
export const ENTRY_STATUSES: readonly EntryStatus[] = ["draft", "ready", "in_issue", "published"];

export interface Entry extends EntryFields {
  id: number;
  status: EntryStatus;
  /** The desk user who created it; null for imported rows. */
  createdBy: number | null;
  /** Position in the source sheet (1-based row incl. header), kept so exports keep the sheet's order. */
  sheetRow: number | null;
}

/** A new entry's fields: every field empty (see ENTRY_FIELDS). */
export function emptyEntryFields(): EntryFields {
  return Object.fromEntries(ENTRY_FIELDS.map((f) => [f.name, emptyValue(f.kind)])) as EntryFields;
}
