import type { EntryView, IssueView } from "../../src/formats/render/issue-view.ts";
import { markdown } from "../../src/formats/render/markdown-engine.ts";
import { viewEntries } from "./round-trip.ts";

/**
 * Writers of a reader's flattened copy of an issue (an email's HTML turned into one line of
 * text by a mail client, an archive page copied from a browser), each with its own habits, so
 * that the flat-text parser is measured against more than one writer. Each returns the text
 * and, for every entry, its fields exactly as that writer wrote them: a parser can only give
 * back what the copy says (a link's URL it dropped, a space it put before a comma).
 */
export interface FlatWriter {
  name: string;
  /** How a link reads: AN's email put spaces around the link's text ("sign up , or"). */
  link: "spaced" | "dropped" | "kept";
  /** Emphasis markers left in ("_Note:_"), as a copy of the Markdown would. */
  italics: boolean;
  /** `Title (Authors) : summary` (the email) or `Title (Authors): summary`. */
  spaceBeforeColon: boolean;
  /** An entry without authors written `Title ()`. */
  emptyAuthors: boolean;
  /** "First Author et al." */
  etAlDot: boolean;
  /** Headings in capitals, as some archives style them. */
  capitalHeadings: boolean;
  /**
   * A browser's "copy text" of a web page (the forum cross-post, Mailchimp's archive): headings
   * and paragraphs on their own lines with a blank line between, list items as bare lines (the
   * bullets are not copied).
   */
  lines?: boolean;
  /** Authors listed the way a person writes them: "A and B", "A, B, and C" (the sheet has "A, B, C"). */
  oxfordAuthors?: boolean;
  /** Typographic quotes, as a mail client or word processor makes them: "it's" as "it’s", "x" as “x”. */
  smartQuotes?: boolean;
}

export const FLAT_WRITERS: FlatWriter[] = [
  // The AN #53 email exactly (tested word for word against the golden text).
  {
    name: "email",
    link: "spaced",
    italics: false,
    spaceBeforeColon: true,
    emptyAuthors: false,
    etAlDot: false,
    capitalHeadings: false,
  },
  {
    name: "tight",
    link: "dropped",
    italics: false,
    spaceBeforeColon: false,
    emptyAuthors: true,
    etAlDot: true,
    capitalHeadings: false,
  },
  {
    name: "links+italics",
    link: "kept",
    italics: true,
    spaceBeforeColon: true,
    emptyAuthors: true,
    etAlDot: false,
    capitalHeadings: true,
  },
  {
    name: "plain",
    link: "dropped",
    italics: true,
    spaceBeforeColon: false,
    emptyAuthors: false,
    etAlDot: false,
    capitalHeadings: true,
  },
  // Held out: added after the parser was tuned on the four above, to measure it on conventions
  // it was not tuned to (a copy of the forum cross-post as a browser gives it).
  {
    name: "forum copy",
    link: "spaced",
    italics: false,
    spaceBeforeColon: false,
    emptyAuthors: true,
    etAlDot: true,
    capitalHeadings: false,
    lines: true,
    oxfordAuthors: true,
  },
  // Held out as well: added before the tuning for issue 18 and not looked at during it, to
  // measure that tuning on a combination no other writer uses (links kept with no italics and
  // no space before the colon, authorless entries without "()", "et al.", "A, B, and C",
  // typographic quotes).
  {
    name: "smart quotes",
    link: "kept",
    italics: false,
    spaceBeforeColon: false,
    emptyAuthors: false,
    etAlDot: true,
    capitalHeadings: false,
    oxfordAuthors: true,
    smartQuotes: true,
  },
  // Held out from the last tuning for issue 18: added once the rules it measures were written,
  // and measured before anything was looked at (a browser's copy of a Mailchimp archive page:
  // paragraphs kept, headings in capitals, links dropped, authorless entries without "()",
  // a space before the colon, typographic quotes).
  {
    name: "archive page",
    link: "dropped",
    italics: false,
    spaceBeforeColon: true,
    emptyAuthors: false,
    etAlDot: true,
    capitalHeadings: true,
    lines: true,
    smartQuotes: true,
  },
];

/**
 * Two more held-out combinations, written once issue 18's rules were done and measured before
 * any of their failures was read: a copy by lines with links kept, italics and `()` (a notes
 * app), and one line with spaced links, italics, capital headings and "A, B, and C" (a webmail
 * client). The bench measures them with the writers above; the tests leave them out to keep the
 * real-data files within their time budget.
 */
export const BENCH_WRITERS: FlatWriter[] = [
  {
    name: "notes app",
    link: "kept",
    italics: true,
    spaceBeforeColon: true,
    emptyAuthors: true,
    etAlDot: false,
    capitalHeadings: false,
    lines: true,
    oxfordAuthors: true,
  },
  {
    name: "webmail",
    link: "spaced",
    italics: true,
    spaceBeforeColon: false,
    emptyAuthors: false,
    etAlDot: true,
    capitalHeadings: true,
    oxfordAuthors: true,
  },
];

/** An entry's fields as one writer wrote them, and where the issue put it. */
export interface WrittenEntry {
  title: string;
  authors: string;
  summarizer: string | null;
  highlight: boolean;
  section: string;
  category: string;
  summary: string;
  opinion: string;
  opinionAuthor: string;
  prerequisites: string;
  readMore: string;
}

export interface FlatCopy {
  text: string;
  entries: WrittenEntry[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(Number(e[1] === "x" ? `0${e.slice(1)}` : e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * Straight quotes made typographic the way word processors guess: an opening one after a space
 * or an opening bracket, a closing one (or an apostrophe) elsewhere. URLs are left alone.
 */
function smartQuotes(text: string): string {
  return text.replace(/https?:\/\/\S+|["']/g, (m, at: number) => {
    if (m.length > 1) return m;
    const opening = at === 0 || /[\s([{\u2014-]/.test(text[at - 1]!);
    if (m === '"') return opening ? "\u201c" : "\u201d";
    return opening ? "\u2018" : "\u2019";
  });
}

/** A field's Markdown as the writer leaves it: rendered to HTML, then the HTML flattened. */
export function flatField(md: string, w: FlatWriter, inline = false): string {
  const text = flatHtml(md, w, inline);
  return w.smartQuotes ? smartQuotes(text) : text;
}

function flatHtml(md: string, w: FlatWriter, inline: boolean): string {
  // AN's email showed indented list items as a list (the sheet's Markdown makes them code).
  const source = md.replace(/^ {4}([-*] )/gm, "$1");
  const html = inline ? markdown.renderInline(source) : markdown.render(source);
  // The email's HTML-to-text put spaces around inline elements ("sign up , or").
  const spaced = (t: string) => (w.link === "spaced" ? ` ${t} ` : t);
  const text = html
    .replace(/<a\b[^>]*?href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, t: string) =>
      w.link === "kept" ? `${t} (${decode(href)})` : spaced(t),
    )
    .replace(/<(em|i|strong|b)>([\s\S]*?)<\/\1>/gi, (_m, tag: string, t: string) => {
      const mark = /^(?:em|i)$/i.test(tag) ? "_" : "**";
      return w.italics ? `${mark}${t}${mark}` : spaced(t);
    })
    .replace(/<li\b[^>]*>/gi, w.lines ? "\n" : " - ")
    .replace(/<\/li>|<\/?(?:ul|ol)\b[^>]*>/gi, w.lines ? "\n" : " ")
    .replace(/<(?:\/?(?:p|h\d|blockquote|pre|tr|td|th|table)|br|hr)\b[^>]*>/gi, w.lines ? "\n\n" : " ")
    .replace(/<[^>]*>/g, "");
  return tidy(decode(text), w);
}

/**
 * Runs of spaces made one; a copy by lines keeps its line breaks as a browser gives them: a
 * blank line between paragraphs, a line break between list items, no padded lines.
 */
function tidy(text: string, w: FlatWriter): string {
  if (!w.lines) return text.replace(/\s+/g, " ").trim();
  return text
    .split("\n")
    .map((l) => l.replace(/\s+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** "A, B, C" as "A, B, and C" and "A, B" as "A and B"; lists that already say "and" are left. */
function oxford(authors: string): string {
  if (/\band\b|\bet al\b/.test(authors)) return authors;
  const names = authors.split(/,\s*/);
  if (names.length < 2) return authors;
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names.slice(0, -1).join(", ")}, and ${names.at(-1)}`;
}

function heading(name: string, w: FlatWriter): string {
  return w.capitalHeadings ? name.toUpperCase() : name;
}

/** One writer's flattened copy of an issue; `intro` stands for the intro the sheet does not keep. */
export function flattenIssue(view: IssueView, w: FlatWriter, intro = "Find all resources here ."): FlatCopy {
  const written = new Map<EntryView, WrittenEntry>();
  for (const x of viewEntries(view)) {
    const e = x.entry;
    const listed = w.oxfordAuthors ? oxford(e.authors) : e.authors;
    const dotted = w.etAlDot ? listed.replace(/\bet al$/, "et al.") : listed;
    const authors = w.smartQuotes ? smartQuotes(dotted) : dotted;
    written.set(e, {
      title: flatField(e.title, w, true),
      authors,
      summarizer: e.summarizedBy,
      highlight: x.highlight,
      section: x.section,
      category: x.category,
      summary: flatField(e.summary, w),
      opinion: e.opinion ? flatField(e.opinion, w) : "",
      opinionAuthor: e.opinion ? e.opinionAuthor : "",
      prerequisites: flatField(e.prerequisites, w),
      readMore: flatField(e.readMore, w),
    });
  }
  const colon = w.spaceBeforeColon ? " :" : ":";
  const entry = (view: EntryView) => {
    const e = written.get(view)!;
    let s = e.title;
    if (e.authors || w.emptyAuthors) s += ` (${e.authors})`;
    const summarized = e.summary || e.opinion;
    if (e.summarizer) s += ` (summarized by ${e.summarizer})${summarized ? ":" : ""}`;
    else if (summarized) s += colon;
    if (e.summary) s += ` ${e.summary}`;
    // A copy by lines has the opinion, prerequisites and read more each in its own paragraph.
    const sep = w.lines ? "\n\n" : " ";
    const apostrophe = w.smartQuotes ? "\u2019" : "'";
    if (e.opinion) s += `${sep}${e.opinionAuthor}${apostrophe}s opinion: ${e.opinion}`;
    if (e.prerequisites) s += `${sep}Prerequisites: ${e.prerequisites}`;
    if (e.readMore) s += `${sep}Read more: ${e.readMore}`;
    return s;
  };
  const parts = [intro];
  if (view.highlights.length) parts.push(heading("Highlights", w), ...view.highlights.map(entry));
  for (const s of view.sections) {
    parts.push(heading(s.name, w));
    for (const c of s.categories) parts.push(heading(c.name, w), ...c.entries.map(entry));
  }
  return {
    text: w.lines ? tidy(parts.join("\n\n"), w) : parts.join(" ").replace(/\s+/g, " ").trim(),
    entries: viewEntries(view).map((x) => written.get(x.entry)!),
  };
}
