import type { Newsletter } from "../../domain/issue.ts";
import type { Taxonomy } from "../../domain/taxonomy.ts";
import { parseIssueHtml } from "./html.ts";
import { parseIssueMarkdown } from "./markdown.ts";
import { parseIssueText } from "./text.ts";
import type { IssueSourceFormat, ParsedIssue, ParseOptions } from "./types.ts";

const HTML_TAG =
  /<\/?(?:p|div|section|article|h[1-6]|ul|ol|li|a|strong|em|b|i|br|span|body|table|td)\b[^>]*>/gi;

/**
 * Which format an issue is in, from its marks: a document or the renderer's HTML structure;
 * the text renderer's rules (a heading underlined with six = or -, "----" between entries);
 * Markdown's headings, bold links and labels, `---`, or `[text](http...)` links; other HTML
 * tags; else plain text (which includes the flattened one-line email).
 */
/** A whole HTML document: no other reader makes sense of it (its tags would be read as words). */
const HTML_DOCUMENT = /^<(?:!doctype|html|\?xml|head|body)\b/i;

export function detectIssueFormat(input: string): IssueSourceFormat {
  const s = input.replace(/^\uFEFF/, "").trimStart();
  if (HTML_DOCUMENT.test(s) || /<(?:article|section|div)\b[^>]*\bclass=/i.test(s)) return "html";
  if (/^(?:={6,}|-{6,})[ \t]*$/m.test(s) || /^----[ \t]*$/m.test(s)) return "text";
  if (
    /^#{1,6}[ \t]+\S/m.test(s) ||
    /^\*\*\[/m.test(s) ||
    /^\*\*[^*\n]{1,60}['’]s opinion:\*\*/m.test(s) ||
    /^---[ \t]*$/m.test(s) ||
    /\]\((?:https?:|mailto:)/i.test(s)
  )
    return "markdown";
  if ((s.match(HTML_TAG) ?? []).length >= 2) return "html";
  return "text";
}

export type DetectedIssue = ParsedIssue & { format: IssueSourceFormat };

export function parseIssueAs(
  format: IssueSourceFormat,
  input: string,
  taxonomy: Taxonomy,
  newsletter: Newsletter,
  options: ParseOptions = {},
): ParsedIssue {
  switch (format) {
    case "text":
      return parseIssueText(input, taxonomy, newsletter, options);
    case "markdown":
      return parseIssueMarkdown(input, taxonomy, newsletter);
    case "html":
      return parseIssueHtml(input, taxonomy, newsletter);
  }
}

/**
 * Reads an issue in whichever format it is in (see detectIssueFormat). The marks can mislead:
 * a flattened email whose title holds "](http" or whose summary says "<A, E, W>" looks like
 * Markdown or HTML. So when the detected reader finds no entries, or fewer than two thirds of
 * what another reader finds, the reading with the most entries is kept, with a warning that
 * says which reader was used and why (not for a whole HTML document, which only HTML reads).
 */
export function parseIssue(
  input: string,
  taxonomy: Taxonomy,
  newsletter: Newsletter,
  options: ParseOptions = {},
): DetectedIssue {
  const detected = detectIssueFormat(input);
  const first = { ...parseIssueAs(detected, input, taxonomy, newsletter, options), format: detected };
  if (detected === "text" && first.entries.length > 0) return first;
  // A flattened issue may look like Markdown or hold a tag, but never opens a document; and
  // the flat reader over a large page's markup is slow work for nothing.
  if (HTML_DOCUMENT.test(input.replace(/^\uFEFF/, "").trimStart())) return first;
  let best: DetectedIssue = first;
  for (const format of ["text", "markdown", "html"] as const) {
    if (format === detected) continue;
    const other = { ...parseIssueAs(format, input, taxonomy, newsletter, options), format };
    if (other.entries.length > best.entries.length) best = other;
  }
  if (best === first || best.entries.length * 2 <= first.entries.length * 3) return first;
  return {
    ...best,
    warnings: [
      `read as ${best.format}: it looked like ${detected}, but the ${detected} reader found ${first.entries.length} entries and the ${best.format} reader ${best.entries.length}`,
      ...best.warnings,
    ],
  };
}
