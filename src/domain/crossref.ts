import { keyFits, titleKey } from "./keys.ts";

/**
 * Cross-references between entries, as the AN sheet writes them in summaries and opinions:
 *   <@Title@>                    a link to the entry titled Title, shown as its title
 *   <@shown text@>(@Title@)      the same link, shown as "shown text"
 * They resolve at render time (so a later or renamed entry still links) to
 *   [shown](entry-url) ([AN #42](issue-url))
 * Unresolved ones render as their text and are reported, never dropped.
 */
export interface CrossReference {
  /** The whole placeholder as written. */
  raw: string;
  /** What the reader sees. */
  shown: string;
  /** The title it points at. */
  target: string;
  index: number;
}

// A placeholder's text runs to the first "@>" (or "@)") and never across another "<@": a text
// of many unclosed "<@" is then scanned once, not once per "<@" (quadratic, minutes for a
// megabyte). No placeholder in the AN sheet holds "<@".
const PATTERN = /<@((?:(?!<@)[\s\S])+?)@>(?:\(@((?:(?!<@)[\s\S])+?)@\))?/g;

/**
 * The title keys (see keys.ts) an entry's texts refer to, each once: what "this entry cites"
 * is stored as, so "cited by" is one indexed lookup. A key too long for any title's (keyFits)
 * names no entry, and is left out: it could never resolve, and no index row could hold it.
 */
export function referencedTitleKeys(texts: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const text of texts) {
    if (!text.includes("<@")) continue;
    for (const ref of findCrossReferences(text)) {
      const key = titleKey(ref.target);
      if (keyFits(key)) keys.add(key);
    }
  }
  return [...keys];
}

export function findCrossReferences(text: string): CrossReference[] {
  const out: CrossReference[] = [];
  for (const m of text.matchAll(PATTERN)) {
    const shown = m[1]!.trim();
    out.push({ raw: m[0], shown, target: (m[2] ?? m[1]!).trim(), index: m.index });
  }
  return out;
}

/** What a reference resolves to: the entry's link and the issue it appeared in. */
export interface ReferenceTarget {
  url: string;
  /** "AN #42", or the entry's own label (Recon #4); empty when it went out in no issue. */
  issueLabel: string;
  issueUrl: string;
}

export type ReferenceResolver = (title: string) => ReferenceTarget | undefined;

export interface ResolvedText {
  markdown: string;
  unresolved: CrossReference[];
}

/** Escapes text for use as Markdown link text (brackets would end the link early). */
export function markdownLinkText(s: string): string {
  return s.replace(/([[\]\\])/g, "\\$1");
}

/** A URL as a Markdown link destination: parentheses and spaces would end it early. */
export function markdownLinkUrl(url: string): string {
  return url.replace(/[()\s]/g, (c) => encodeURIComponent(c));
}

/** Whether Markdown text holds a link ("[A](u) and [B](v)"). */
export function hasMarkdownLink(text: string): boolean {
  // The same as /\[[^\]]*\]\([^)]*\)/, in linear time: link text without brackets (an inner
  // "[" starts its own match), then a ")" anywhere after the first "](".
  const open = /\[[^[\]]*\]\(/.exec(text);
  return open !== null && text.includes(")", open.index + open[0].length);
}

/** Replaces every placeholder with Markdown: a link and its issue, or the plain text if unknown. */
export function resolveCrossReferences(text: string, resolve: ReferenceResolver): ResolvedText {
  const unresolved: CrossReference[] = [];
  const markdown = text.replace(PATTERN, (raw: string, a: string, b: string | undefined, index: number) => {
    const ref: CrossReference = { raw, shown: a.trim(), target: (b ?? a).trim(), index };
    const target = resolve(ref.target);
    if (!target) {
      unresolved.push(ref);
      return ref.shown;
    }
    // A title may itself be Markdown ("[A](u) and [B](v)"): then it is shown as written.
    const shown =
      hasMarkdownLink(ref.shown) || !target.url
        ? ref.shown
        : `[${markdownLinkText(ref.shown)}](${markdownLinkUrl(target.url)})`;
    if (!target.issueLabel) return shown;
    const issue = target.issueUrl
      ? `[${target.issueLabel}](${markdownLinkUrl(target.issueUrl)})`
      : target.issueLabel;
    return `${shown} (${issue})`;
  });
  return { markdown, unresolved };
}
