/**
 * An entry: one row of the newsletter's database, one summarized (or linked) item.
 * Field names follow the AN sheet; lists are lists (authors, summarizers) so that
 * "Rohin/Robert" is two people and "*" equal-contribution marks survive.
 */
import { ENTRY_FIELDS, type EntryFields, emptyValue } from "./entry-fields.ts";

export type { Author, EntryFields } from "./entry-fields.ts";

/**
 * Where an entry is in the editor's workflow: a summarizer's draft, submitted for review, sent
 * back with changes requested, ready to be picked (domain/review.ts has the review's steps), in
 * an issue being composed, or published (in the public database; imported rows are).
 */
export type EntryStatus = "draft" | "submitted" | "changes_requested" | "ready" | "in_issue" | "published";
export const ENTRY_STATUSES: readonly EntryStatus[] = [
  "draft",
  "submitted",
  "changes_requested",
  "ready",
  "in_issue",
  "published",
];

export interface Entry extends EntryFields {
  id: number;
  status: EntryStatus;
  /** The desk user who created it; null for imported rows. */
  createdBy: number | null;
  /** Position in the source sheet (1-based row incl. header), kept so exports keep the sheet's order. */
  sheetRow: number | null;
  /** Counts saves (optimistic locking): a save names the version it started from. */
  version?: number;
}

/** A new entry's fields: every field empty (see ENTRY_FIELDS). */
export function emptyEntryFields(): EntryFields {
  return Object.fromEntries(ENTRY_FIELDS.map((f) => [f.name, emptyValue(f.kind)])) as EntryFields;
}
