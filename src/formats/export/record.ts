import { formatAuthors } from "../../domain/authors.ts";
import type { Entry } from "../../domain/entry.ts";
import { formatSummarizers } from "../../domain/summarizers.ts";

/**
 * The flat record Summa's CSV and JSON exports write: the AN sheet's columns with each cell
 * hyperlink as its own `*_url` column (the same shape as the public normalized copy of the
 * sheet), so importing an export gives the same database.
 */
export interface ExportRecord {
  sheet_row: number | null;
  category: string;
  highlight: boolean;
  title: string;
  url: string;
  authors: string;
  venue: string;
  venue_url: string;
  year: number | null;
  hat_tip: string;
  email: string;
  issue_number: number | null;
  issue_url: string;
  summarizer: string;
  summary: string;
  opinion: string;
  prerequisites: string;
  prerequisites_url: string;
  read_more: string;
  read_more_url: string;
}

export const EXPORT_COLUMNS: (keyof ExportRecord)[] = [
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
  "issue_number",
  "issue_url",
  "summarizer",
  "summary",
  "opinion",
  "prerequisites",
  "prerequisites_url",
  "read_more",
  "read_more_url",
];

export function toExportRecord(e: Entry): ExportRecord {
  return {
    sheet_row: e.sheetRow,
    category: e.category,
    highlight: e.highlight,
    title: e.title,
    url: e.url,
    authors: formatAuthors(e.authors),
    venue: e.venue,
    venue_url: e.venueUrl,
    year: e.year,
    hat_tip: e.hatTip,
    email: e.issueLabel,
    issue_number: e.issueNumber,
    issue_url: e.issueUrl,
    summarizer: formatSummarizers(e.summarizers),
    summary: e.summary,
    opinion: e.opinion,
    prerequisites: e.prerequisites,
    prerequisites_url: e.prerequisitesUrl,
    read_more: e.readMore,
    read_more_url: e.readMoreUrl,
  };
}
