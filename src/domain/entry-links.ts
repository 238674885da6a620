import {
  type EntryFieldColumns,
  LINK_CARRIERS,
  type LinkCarrierColumn,
  linkFieldOf,
} from "./entry-fields.ts";
import { trimEndChars } from "./text.ts";
import { urlKey } from "./url-key.ts";

/** Where in an entry a link is: its own URL, or inside one of its texts (or that text's link cell). */
export type EntryLinkField = "url" | LinkCarrierColumn;

/** The texts that carry links (the field table's carriesLinks), each with its link cell if it has one. */
const CARRIERS = LINK_CARRIERS.map((f) => ({ text: f, cell: linkFieldOf(f) }));

export interface EntryLink {
  /** The link's canonical key (domain/url-key.ts): what "has this been summarized?" looks up. */
  key: string;
  field: EntryLinkField;
}

/** The columns an entry's links come from (its texts and their link cells), as the store names them. */
export const LINK_SOURCE_COLUMNS = CARRIERS.flatMap((c) => [
  c.text.column,
  ...(c.cell ? [c.cell.column] : []),
]) as (keyof EntryFieldColumns)[];

/** An entry's row, or the part of it that holds LINK_SOURCE_COLUMNS. */
export type LinkSources = Partial<Record<keyof EntryFieldColumns, unknown>>;

// Markdown links, <autolinks> and bare URLs alike: a URL runs to whitespace or to what closes
// the Markdown around it. Trailing punctuation belongs to the sentence.
const URL_IN_TEXT = /https?:\/\/[^\s<>"'\]]+/gi;
// "arXiv:1811.07871" written out in a summary names a paper as surely as a link does.
const ARXIV_IN_TEXT = /\barxiv:\s?(\d{4}\.\d{4,5})(?:v\d+)?\b/gi;

/** URLs in a Markdown text, without the sentence's punctuation or a link's closing parenthesis. */
export function urlsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(URL_IN_TEXT)) {
    let url = trimEndChars(m[0], ".,;:!?*_");
    // "[text](https://x.org/a_(b))" keeps its balanced parentheses; "(see https://x.org/a)" does not.
    // Counted once: trimming removes no "(" and one ")" a turn (recounting made it quadratic).
    const open = count(url, "(");
    let close = count(url, ")");
    while (url.endsWith(")") && open < close) {
      url = trimEndChars(url.slice(0, -1), ".,;:!?");
      close--;
    }
    out.push(url);
  }
  for (const m of text.matchAll(ARXIV_IN_TEXT)) out.push(`arXiv:${m[1]}`);
  return out;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/**
 * The links an entry carries besides its own URL (which entries.url_key already holds), each
 * once per field: the links inside its summary, opinion, prerequisites and read-more texts, and
 * the link cells of the last two. A paper the newsletter covered through a blog post is found
 * by the paper's link in that post's summary.
 */
export function entryLinks(e: LinkSources): EntryLink[] {
  const out = new Map<string, EntryLink>();
  const add = (field: EntryLinkField, urls: string[]) => {
    for (const url of urls) {
      const key = urlKey(url);
      if (key && !out.has(`${field}\u0000${key}`)) out.set(`${field}\u0000${key}`, { key, field });
    }
  };
  for (const { text, cell } of CARRIERS) {
    const linked = cell ? String(e[cell.column as keyof EntryFieldColumns] ?? "") : "";
    const body = String(e[text.column as keyof EntryFieldColumns] ?? "");
    add(text.column as LinkCarrierColumn, [...(linked ? [linked] : []), ...urlsIn(body)]);
  }
  return [...out.values()];
}
