import type { Selectable } from "kysely";
import { formatAuthors, parseAuthors } from "../../domain/authors.ts";
import type { Entry, EntryFields } from "../../domain/entry.ts";
import { titleKey } from "../../domain/keys.ts";
import { formatSummarizers, parseSummarizers } from "../../domain/summarizers.ts";
import { urlKey } from "../../domain/url-key.ts";
import type { EntryTable } from "../schema.ts";

/** The columns an import writes: the sheet's fields (not id, timestamps, or the editor's issue layout). */
export type EntryContent = Omit<
  EntryTable,
  "id" | "created_at" | "updated_at" | "issue_position" | "authors_display" | "status" | "created_by"
>;

/** The columns whose change makes an entry "changed" (sheet_row only records position). */
export const CONTENT_COLUMNS = [
  "category",
  "highlight",
  "title",
  "url",
  "authors",
  "venue",
  "venue_url",
  "year",
  "hat_tip",
  "issue_label",
  "issue_number",
  "issue_url",
  "summarizer",
  "summary",
  "opinion",
  "prerequisites",
  "prerequisites_url",
  "read_more",
  "read_more_url",
] as const satisfies readonly (keyof EntryContent)[];

export function toEntryContent(f: EntryFields, sheetRow: number | null): EntryContent {
  return {
    title_key: titleKey(f.title),
    issue_label: f.issueLabel,
    sheet_row: sheetRow,
    category: f.category,
    highlight: f.highlight ? 1 : 0,
    title: f.title,
    url: f.url,
    url_key: urlKey(f.url),
    authors: formatAuthors(f.authors),
    venue: f.venue,
    venue_url: f.venueUrl,
    year: f.year,
    hat_tip: f.hatTip,
    issue_number: f.issueNumber,
    issue_url: f.issueUrl,
    summarizer: formatSummarizers(f.summarizers),
    summary: f.summary,
    opinion: f.opinion,
    prerequisites: f.prerequisites,
    prerequisites_url: f.prerequisitesUrl,
    read_more: f.readMore,
    read_more_url: f.readMoreUrl,
  };
}

type StoredEntry = Selectable<EntryTable>;

export function toEntry(r: StoredEntry): Entry {
  return {
    id: r.id,
    status: r.status,
    createdBy: r.created_by,
    sheetRow: r.sheet_row,
    category: r.category,
    highlight: Boolean(r.highlight),
    title: r.title,
    url: r.url,
    authors: parseAuthors(r.authors),
    venue: r.venue,
    venueUrl: r.venue_url,
    year: r.year,
    hatTip: r.hat_tip,
    issueLabel: r.issue_label,
    issueNumber: r.issue_number,
    issueUrl: r.issue_url,
    summarizers: parseSummarizers(r.summarizer),
    summary: r.summary,
    opinion: r.opinion,
    prerequisites: r.prerequisites,
    prerequisitesUrl: r.prerequisites_url,
    readMore: r.read_more,
    readMoreUrl: r.read_more_url,
  };
}

export function sameContent(
  a: Pick<EntryContent, (typeof CONTENT_COLUMNS)[number]>,
  b: EntryContent,
): boolean {
  return CONTENT_COLUMNS.every((c) => (a[c] ?? null) === (b[c] ?? null));
}
