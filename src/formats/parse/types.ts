/**
 * An issue read back from one of its renderings (or from a foreign copy of one): the reverse
 * of src/formats/render. What a format cannot carry stays empty: the plain text of an email
 * has no links, and entries under Highlights have no section or category in the layout.
 */
export interface ParsedIssueEntry {
  /** As displayed; Markdown (with links) when the rendered title was a set of links. */
  title: string;
  /** The title's link, or "" when the format carries none. */
  url: string;
  /** The displayed author line: "Chunyuan Li et al". */
  authors: string;
  /** The X of "(summarized by X)"; null when absent, which means the editor. */
  summarizer: string | null;
  /** The taxonomy's canonical names; "" under Highlights (the layout does not say). */
  section: string;
  category: string;
  highlight: boolean;
  /** Markdown for the Markdown and HTML formats, plain text (links as `text <url>`) for text. */
  summary: string;
  opinion: string;
  /** The X of "X's opinion:"; "" when there is no opinion. */
  opinionAuthor: string;
  prerequisites: string;
  readMore: string;
}

export interface ParsedIssue {
  /** Whatever came before the first heading or entry, minus the issue's own title lines. */
  intro: string;
  entries: ParsedIssueEntry[];
  /** What the parser could not place or recognise, for a person to check. */
  warnings: string[];
  /** The issue's number when the document names it ("Alignment Newsletter #53"), else null. */
  number: number | null;
  /** Where the issue was published, when the document says ("View this issue online: <url>"). */
  url: string;
  /**
   * How the reader read it, in order: each heading it took and where each entry starts, as an
   * offset into the input (line endings normalised), when the reader knows it. For
   * `summa issue parse --explain`, so an editor can see why an entry was misread.
   */
  steps?: ReadingStep[];
}

export interface ReadingStep {
  kind: "heading" | "entry";
  text: string;
  offset: number | null;
}

export type IssueSourceFormat = "text" | "markdown" | "html";

/** What a reader may be told besides the text (every part optional). */
export interface ParseOptions {
  /**
   * Titles the archive already has (a backfill over a partly imported archive), as
   * knownTitles() keys them: a title read that is one of them is likely read right, which
   * anchors the flat-text reader's segmentation. The readers meet their goal without them.
   */
  knownTitles?: ReadonlySet<string>;
}

/** How a known title is compared: its link syntax and emphasis dropped, case and spacing ignored. */
export function knownTitleKey(title: string): string {
  return title
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(^|\s)[*_]+|[*_]+(?=\s|$)/g, "$1")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** The set of keys of the titles the archive has, for ParseOptions. */
export function knownTitles(titles: Iterable<string>): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const t of titles) keys.add(knownTitleKey(t));
  return keys;
}

export function emptyParsedEntry(): ParsedIssueEntry {
  return {
    title: "",
    url: "",
    authors: "",
    summarizer: null,
    section: "",
    category: "",
    highlight: false,
    summary: "",
    opinion: "",
    opinionAuthor: "",
    prerequisites: "",
    readMore: "",
  };
}
