import { hasMarkdownLink } from "../../domain/crossref.ts";
import { stripControlCharacters } from "../../domain/text.ts";
import { isSafeLink } from "../../domain/url-rule.ts";
import type { EntryView, IssueView } from "./issue-view.ts";
import { markdownToText } from "./plain-text.ts";

/** Separates entries inside a subsection; headings are underlined with at least six = or -. */
export const TEXT_ENTRY_SEPARATOR = "----";

function heading(text: string, rule: "=" | "-"): string {
  const upper = text.toUpperCase();
  return `${upper}\n${rule.repeat(Math.max(upper.length, 6))}`;
}

/** A title is Markdown only when it links ("[A](u) and [B](v)"); otherwise it is plain text. */
export function titleHasLinks(title: string): boolean {
  return hasMarkdownLink(title);
}

export function entryHeaderText(e: EntryView): string {
  const title = titleHasLinks(e.title) ? markdownToText(e.title) : e.title;
  let header = e.url && isSafeLink(e.url) && !titleHasLinks(e.title) ? `${title} <${e.url}>` : title;
  if (e.authors) header += ` (${e.authors})`;
  if (e.summarizedBy) header += ` (summarized by ${e.summarizedBy})`;
  return header;
}

/** One entry the way AN wrote it: `Title (Authors) (summarized by X): summary`, then the rest. */
export function renderEntryText(e: EntryView): string {
  const parts: string[] = [];
  const header = entryHeaderText(e);
  const summary = e.summary ? markdownToText(e.summary) : "";
  parts.push(summary ? `${header}: ${summary}` : header);
  if (e.opinion) parts.push(`${e.opinionAuthor}'s opinion: ${markdownToText(e.opinion)}`);
  if (e.prerequisites) parts.push(`Prerequisites: ${markdownToText(e.prerequisites)}`);
  if (e.readMore) parts.push(`Read more: ${markdownToText(e.readMore)}`);
  return parts.join("\n\n");
}

function entries(list: EntryView[]): string {
  return list.map(renderEntryText).join(`\n\n${TEXT_ENTRY_SEPARATOR}\n\n`);
}

/**
 * The plain-text issue: what a reader of the text/plain part sees, links written out as
 * `text <url>`, only those the URL rule allows (as in the HTML); control characters removed.
 * "View this issue online" points at `webUrl` (the email passes the archive page, as its HTML
 * part does), else where the issue was first published. Deterministic: the same view gives the
 * same bytes.
 */
export function renderIssueText(view: IssueView, footer = "", webUrl = view.meta.url): string {
  const title = view.meta.subject ? `${view.heading}: ${view.meta.subject}` : view.heading;
  const masthead = [title];
  if (view.meta.date) masthead.push(view.meta.date);
  if (webUrl && isSafeLink(webUrl)) masthead.push(`View this issue online: <${webUrl}>`);
  const out: string[] = [masthead.join("\n")];
  if (view.intro) out.push(markdownToText(view.intro));
  if (view.highlights.length) out.push(heading("Highlights", "="), entries(view.highlights));
  for (const section of view.sections) {
    out.push(heading(section.name, "="));
    for (const category of section.categories)
      out.push(heading(category.name, "-"), entries(category.entries));
  }
  if (footer) out.push(footer);
  return `${stripControlCharacters(out.join("\n\n"))}\n`;
}
