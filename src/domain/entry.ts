/**
 * An entry: one row of the newsletter's database, one summarized (or linked) item.
 * Field names follow the AN sheet; lists are lists (authors, summarizers) so that
 * "Rohin/Robert" is two people and "*" equal-contribution marks survive.
 */
export interface Author {
  name: string;
  /** The sheet marks equal contribution with a trailing `*`. */
  equalContribution: boolean;
}

export interface EntryFields {
  category: string;
  highlight: boolean;
  title: string;
  url: string;
  authors: Author[];
  venue: string;
  venueUrl: string;
  year: number | null;
  hatTip: string;
  /** The raw Email cell: `AN #53`, `Recon #4`, `N/A` or empty. Kept verbatim. */
  issueLabel: string;
  /** The AN issue number when the label is `AN #N`, else null. */
  issueNumber: number | null;
  issueUrl: string;
  summarizers: string[];
  summary: string;
  opinion: string;
  prerequisites: string;
  prerequisitesUrl: string;
  readMore: string;
  readMoreUrl: string;
}

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

export function emptyEntryFields(): EntryFields {
  return {
    category: "",
    highlight: false,
    title: "",
    url: "",
    authors: [],
    venue: "",
    venueUrl: "",
    year: null,
    hatTip: "",
    issueLabel: "",
    issueNumber: null,
    issueUrl: "",
    summarizers: [],
    summary: "",
    opinion: "",
    prerequisites: "",
    prerequisitesUrl: "",
    readMore: "",
    readMoreUrl: "",
  };
}
