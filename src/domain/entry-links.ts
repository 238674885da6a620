import { urlKey } from "./url-key.ts";

/** Where in an entry a link is: its own URL, or inside one of its texts (or that text's link cell). */
export type EntryLinkField = "url" | "summary" | "opinion" | "prerequisites" | "read_more";

export interface EntryLink {
  /** The link's canonical key (domain/url-key.ts): what "has this been summarized?" looks up. */
  key: string;
  field: EntryLinkField;
}

/** The columns an entry's links come from (its texts and their link cells), as the store names them. */
export const LINK_SOURCE_COLUMNS = [
  "summary",
  "opinion",
  "prerequisites",
  "prerequisites_url",
  "read_more",
  "read_more_url",
] as const;

export type LinkSources = Record<(typeof LINK_SOURCE_COLUMNS)[number], string>;

// Markdown links, <autolinks> and bare URLs alike: a URL runs to whitespace or to what closes
// the Markdown around it. Trailing punctuation belongs to the sentence.
const URL_IN_TEXT = /https?:\/\/[^\s<>"'\]]+/gi;
// "arXiv:1811.07871" written out in a summary names a paper as surely as a link does.
const ARXIV_IN_TEXT = /\barxiv:\s?(\d{4}\.\d{4,5})(?:v\d+)?\b/gi;

/** URLs in a Markdown text, without the sentence's punctuation or a link's closing parenthesis. */
export function urlsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(URL_IN_TEXT)) {
    let url = m[0].replace(/[.,;:!?*_]+$/, "");
    // "[text](https://x.org/a_(b))" keeps its balanced parentheses; "(see https://x.org/a)" does not.
    while (url.endsWith(")") && count(url, "(") < count(url, ")"))
      url = url.slice(0, -1).replace(/[.,;:!?]+$/, "");
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
  add("summary", urlsIn(e.summary));
  add("opinion", urlsIn(e.opinion));
  add("prerequisites", [...(e.prerequisites_url ? [e.prerequisites_url] : []), ...urlsIn(e.prerequisites)]);
  add("read_more", [...(e.read_more_url ? [e.read_more_url] : []), ...urlsIn(e.read_more)]);
  return [...out.values()];
}
