import { stripControlCharacters } from "../../src/domain/text.ts";
import type { ParsedIssue, ParsedIssueEntry } from "../../src/formats/parse/index.ts";
import { safeHref } from "../../src/formats/render/html-escape.ts";
import type { EntryView, IssueView } from "../../src/formats/render/issue-view.ts";
import { markdown } from "../../src/formats/render/markdown-engine.ts";
import { safeMarkdown } from "../../src/formats/render/markdown-safe.ts";
import { markdownToText } from "../../src/formats/render/plain-text.ts";
import { titleHasLinks } from "../../src/formats/render/text.ts";

/**
 * What a rendered-then-parsed issue must give back, field by field, and how each format is
 * compared honestly:
 *   text      loses Markdown markup: both sides are compared as the plain text a reader sees
 *             (markdownToText of the view's Markdown, the parsed text as is), whitespace collapsed,
 *             without the control characters the renderer removes.
 *   markdown  keeps it: the parsed Markdown must equal the view's, character for character
 *             (trimmed), and titles and names unescaped, once the view's is made as inert as
 *             the renderer makes it (raw HTML, links outside the URL rule: markdown-safe.ts).
 *   html      is converted back to Markdown, which need not be spelled the same (`_x_` or `*x*`):
 *             both sides must render to the same HTML (whitespace collapsed), and read the same
 *             as plain text.
 * Every format must give the same entries in the same order, under the same headings.
 */
export type RoundTripFormat = "text" | "markdown" | "html";

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();
/** What the Markdown and text renderers write for a view's Markdown: made inert, no control characters. */
const inertMarkdown = (md: string) => stripControlCharacters(safeMarkdown(md));
const inertText = (md: string) => stripControlCharacters(markdownToText(md));
const plain = (md: string) => collapse(markdownToText(md));
const html = (md: string, inline = false) =>
  (inline ? markdown.renderInline(md) : markdown.render(md))
    .replace(/\s+/g, " ")
    .replace(/>\s+</g, "><")
    .replace(/\s+</g, "<")
    .replace(/>\s+/g, ">")
    .trim();

/** The layout's view of each entry: where the issue put it. */
export function viewEntries(
  view: IssueView,
): { entry: EntryView; section: string; category: string; highlight: boolean }[] {
  return [
    ...view.highlights.map((entry) => ({ entry, section: "", category: "", highlight: true })),
    ...view.sections.flatMap((s) =>
      s.categories.flatMap((c) =>
        c.entries.map((entry) => ({ entry, section: s.name, category: c.name, highlight: false })),
      ),
    ),
  ];
}

type Field = "summary" | "opinion" | "prerequisites" | "readMore";
const FIELDS: Field[] = ["summary", "opinion", "prerequisites", "readMore"];

/** Mismatches between a view and what was parsed from its rendering, as readable lines. */
export function compareRoundTrip(view: IssueView, parsed: ParsedIssue, format: RoundTripFormat): string[] {
  const out: string[] = [];
  const expected = viewEntries(view);
  const where = (i: number, e?: EntryView) =>
    `${view.label} ${format} entry ${i + 1}${e ? ` "${e.title.slice(0, 50)}"` : ""}`;
  if (parsed.entries.length !== expected.length)
    out.push(
      `${view.label} ${format}: ${parsed.entries.length} entries parsed, ${expected.length} in the issue`,
    );
  const same = (a: string, b: string, how: "exact" | "plain" | "html" | "html-inline") => {
    if (how === "exact") return a.trim() === b.trim();
    if (how === "plain") return collapse(a) === collapse(b);
    // The HTML renderer writes Prerequisites and Read more inline, in the label's paragraph.
    if (how === "html-inline") return html(a, true) === html(b, true);
    return html(a) === html(b) && plain(a) === plain(b);
  };
  const check = (
    i: number,
    e: EntryView,
    field: string,
    got: string | null | boolean,
    want: string | null | boolean,
  ) => {
    if (got !== want)
      out.push(`${where(i, e)}: ${field} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  };
  for (let i = 0; i < Math.max(expected.length, parsed.entries.length); i++) {
    const x = expected[i];
    const p: ParsedIssueEntry | undefined = parsed.entries[i];
    if (!x || !p) break;
    const e = x.entry;
    check(i, e, "highlight", p.highlight, x.highlight);
    check(i, e, "section", p.section, x.section);
    check(i, e, "category", p.category, x.category);
    const linked = titleHasLinks(e.title);
    const title = format === "text" && linked ? markdownToText(e.title) : e.title;
    check(
      i,
      e,
      "title",
      format === "text" ? collapse(p.title) : p.title,
      format === "text" ? collapse(title) : title,
    );
    // Every renderer links only http(s) and mailto URLs (the URL rule); the others it shows unlinked.
    const url = linked ? "" : (safeHref(e.url) ?? "");
    check(i, e, "url", p.url, url);
    check(i, e, "authors", p.authors, e.authors);
    check(i, e, "summarizer", p.summarizer, e.summarizedBy);
    check(i, e, "opinionAuthor", p.opinionAuthor, e.opinion ? e.opinionAuthor : "");
    for (const f of FIELDS) {
      const want = e[f];
      const got = p[f];
      const inline = f === "prerequisites" || f === "readMore";
      const ok =
        format === "text"
          ? same(got, want ? inertText(want) : "", "plain")
          : format === "markdown"
            ? same(got, inertMarkdown(want), "exact")
            : same(got, want, inline ? "html-inline" : "html");
      if (!ok) out.push(`${where(i, e)}: ${f} differs\n${difference(got, want)}`);
    }
  }
  const intro =
    format === "text"
      ? same(parsed.intro, view.intro ? inertText(view.intro) : "", "plain")
      : format === "markdown"
        ? same(parsed.intro, inertMarkdown(view.intro), "exact")
        : same(parsed.intro, view.intro, "html");
  if (!intro)
    out.push(`${view.label} ${format}: intro differs: ${JSON.stringify(parsed.intro.slice(0, 200))}`);
  return out;
}

/** Where two texts first differ, with some context, for a readable failure. */
function difference(got: string, want: string): string {
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  const from = Math.max(0, i - 60);
  return `    at ${i}\n    got:      ${JSON.stringify(got.slice(from, i + 80))}\n    expected: ${JSON.stringify(want.slice(from, i + 80))}`;
}

/**
 * A reader's flattened copy of an issue, made the way the AN #53 email text was: links dropped
 * (their text kept), headings in the taxonomy's case run into the text, `Title (Authors) :`
 * with a space before the colon, everything on one line.
 */
export function flattenedCopy(view: IssueView, intro = "Find all resources here ."): string {
  const flat = (md: string) => markdownToText(md).replace(/\s*<[a-z][a-z0-9+.-]*:[^<>\s]*>/gi, " ");
  const entry = (e: EntryView) => {
    let s = `${flat(e.title)}${e.authors ? ` (${e.authors})` : ""}`;
    const summarized = e.summary || e.opinion;
    if (e.summarizedBy) s += ` (summarized by ${e.summarizedBy})${summarized ? ":" : ""}`;
    else if (summarized) s += " :";
    if (e.summary) s += ` ${flat(e.summary)}`;
    if (e.opinion) s += ` ${e.opinionAuthor}'s opinion: ${flat(e.opinion)}`;
    if (e.prerequisites) s += ` Prerequisites: ${flat(e.prerequisites)}`;
    if (e.readMore) s += ` Read more: ${flat(e.readMore)}`;
    return s;
  };
  const parts = [intro];
  if (view.highlights.length) parts.push("Highlights", ...view.highlights.map(entry));
  for (const s of view.sections) {
    parts.push(s.name);
    for (const c of s.categories) parts.push(c.name, ...c.entries.map(entry));
  }
  return parts.join(" ").replace(/\s+/g, " ");
}

/** How many entries of a flattened copy came back with their title, placement and credits right. */
export function flattenedMatches(view: IssueView, parsed: ParsedIssue): number {
  return viewEntries(view).filter((x, i) => {
    const e = parsed.entries[i];
    return (
      e !== undefined &&
      e.title === collapse(markdownToText(x.entry.title).replace(/\s*<[a-z][a-z0-9+.-]*:[^<>\s]*>/gi, " ")) &&
      e.highlight === x.highlight &&
      e.category === x.category &&
      e.summarizer === x.entry.summarizedBy &&
      e.opinionAuthor === (x.entry.opinion ? x.entry.opinionAuthor : "")
    );
  }).length;
}
