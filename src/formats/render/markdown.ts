import { markdownLinkUrl } from "../../domain/crossref.ts";
import { stripControlCharacters } from "../../domain/text.ts";
import { isSafeLink } from "../../domain/url-rule.ts";
import type { EntryView, IssueView } from "./issue-view.ts";
import { safeMarkdown } from "./markdown-safe.ts";
import { titleHasLinks } from "./text.ts";

/** Between entries: a thematic break, so a summary paragraph in bold can never pass for a title. */
export const MARKDOWN_ENTRY_SEPARATOR = "---";

/** Escapes the characters that would make plain text into Markdown syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, "\\$1");
}

export function entryHeaderMarkdown(e: EntryView): string {
  const title = titleHasLinks(e.title) ? e.title : escapeMarkdown(e.title);
  let header =
    e.url && isSafeLink(e.url) && !titleHasLinks(e.title)
      ? `**[${title}](${markdownLinkUrl(e.url)})**`
      : `**${title}**`;
  if (e.authors) header += ` *(${escapeMarkdown(e.authors)})*`;
  if (e.summarizedBy) header += ` (summarized by ${escapeMarkdown(e.summarizedBy)})`;
  return header;
}

export function renderEntryMarkdown(e: EntryView): string {
  const header = entryHeaderMarkdown(e);
  const parts = [e.summary ? `${header}: ${e.summary}` : header];
  if (e.opinion) parts.push(`**${escapeMarkdown(e.opinionAuthor)}'s opinion:** ${e.opinion}`);
  if (e.prerequisites) parts.push(`**Prerequisites:** ${e.prerequisites}`);
  if (e.readMore) parts.push(`**Read more:** ${e.readMore}`);
  return parts.join("\n\n");
}

function entries(list: EntryView[]): string {
  return list.map(renderEntryMarkdown).join(`\n\n${MARKDOWN_ENTRY_SEPARATOR}\n\n`);
}

/**
 * Markdown for cross-posting (Alignment Forum, LessWrong): the post's title is the subject,
 * so the body starts with the intro; sections are `#`, subsections `##`, labels bold. What the
 * HTML renderer would not show (raw HTML, links outside the URL rule, control characters) is
 * made inert (markdown-safe.ts), since the forum's renderer may not be as strict.
 */
export function renderIssueMarkdown(view: IssueView): string {
  const out: string[] = [];
  if (view.intro) out.push(view.intro);
  if (view.highlights.length) out.push("# HIGHLIGHTS", entries(view.highlights));
  for (const section of view.sections) {
    out.push(`# ${section.name.toUpperCase()}`);
    for (const category of section.categories)
      out.push(`## ${category.name.toUpperCase()}`, entries(category.entries));
  }
  return `${stripControlCharacters(safeMarkdown(out.join("\n\n")))}\n`;
}
