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

export interface Entry extends EntryFields {
  id: number;
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
