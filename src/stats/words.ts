import { findCrossReferences } from "../domain/crossref.ts";

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

/**
 * The words of a Markdown text as a reader sees them: a link counts its text, not its address;
 * a cross-reference `<@shown@>(@Title@)` counts what it shows; markup and bare URLs count
 * nothing. "don't", "GPT-3" and "e.g" are one word each.
 */
export function countWords(markdown: string): number {
  if (!markdown) return 0;
  let text = markdown;
  if (text.includes("<@")) {
    let out = "";
    let from = 0;
    for (const ref of findCrossReferences(text)) {
      out += `${text.slice(from, ref.index)} ${ref.shown} `;
      from = ref.index + ref.raw.length;
    }
    text = out + text.slice(from);
  }
  text = text
    .replace(/\]\([^)\s]*\)/g, "] ") // [text](url): the url goes
    .replace(/<?https?:\/\/[^\s)>]+>?/g, " "); // bare and <autolinked> urls
  return text.match(WORD)?.length ?? 0;
}

/** The median of some numbers (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
