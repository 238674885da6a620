import { resolveCrossReferences } from "../../domain/crossref.ts";
import { markdown } from "./markdown-engine.ts";

/** markdown-it escapes only these in text (entities in the source come out decoded). */
const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"' };

/** An entry text (Markdown with cross-references) as one line of plain text, whole. */
export function entryPlainText(source: string): string {
  return markdownAsPlainText(resolveCrossReferences(source, () => undefined).markdown);
}

/** The start of a plain text, cut at a word boundary with an ellipsis. */
export function cutSnippet(text: string, maxChars = 240): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars + 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut.slice(0, maxChars)).replace(/[\s,;:.]+$/, "")}…`;
}

/** Markdown as one line of plain text: links and emphasis reduced to their words. */
export function markdownAsPlainText(source: string): string {
  return markdown
    .render(source)
    .replace(/<[^>]*>/g, " ")
    .replace(/&(amp|lt|gt|quot);/g, (e) => ENTITIES[e]!)
    .replace(/\s+/g, " ")
    .trim();
}
