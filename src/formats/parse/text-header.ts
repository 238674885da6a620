/**
 * The header of an entry in plain text, as the text renderer writes it:
 *   Title <url> (Authors) (summarized by X): summary...
 * every part but the title optional. Read from the right of a candidate colon, because titles
 * have colons and parentheses of their own ("Navigation Turing Test (NTT): Learning to ...").
 */
export interface TextHeader {
  title: string;
  url: string;
  authors: string;
  summarizer: string | null;
  /** Where the summary begins (just after the header's colon), or the paragraph's end. */
  end: number;
  hasSummary: boolean;
  /** 3: the title carries a link; 2: authors or a summarizer follow it; 1: a bare title. */
  strength: 1 | 2 | 3;
}

/** The real sheet's longest title is under 500 characters; a longer "title" is a summary. */
export const MAX_TITLE = 600;
/** How far into a paragraph a header may reach. */
const MAX_HEADER = 2000;

/** A title starts like one: a capital, a digit, a quote, an amount ("$2 Million"), or a name like "γ-Models" or "iGPT". */
export const TITLE_START = /^(?:[\p{Lu}\p{N}"'“‘[(¡¿$]|\p{Ll}[\p{L}\p{N}]*[-\p{Lu}\p{N}])/u;

const URL_IN_ANGLES = /<[a-z][a-z0-9+.-]*:[^<>\s]*>/i;

/** The balanced `( ... )` that ends `s`, with what precedes it, or null. */
export function trailingGroup(s: string): { before: string; inner: string } | null {
  if (!s.endsWith(")")) return null;
  let depth = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s[i];
    if (c === ")") depth++;
    else if (c === "(" && --depth === 0) return { before: s.slice(0, i), inner: s.slice(i + 1, -1) };
  }
  return null;
}

interface Parts {
  title: string;
  url: string;
  authors: string;
  summarizer: string | null;
}

/** `Title <url> (Authors) (summarized by X)`, read from the right. */
export function decomposeHeader(prefix: string): Parts | null {
  let s = prefix.trimEnd();
  let summarizer: string | null = null;
  let authors = "";
  let url = "";
  const last = trailingGroup(s);
  const by = last && /^summarized by\s+([\s\S]+)$/i.exec(last.inner.trim());
  if (last && by && /\s$/.test(last.before)) {
    summarizer = by[1]!.trim();
    s = last.before.trimEnd();
  }
  const group = trailingGroup(s);
  if (group && /\s$/.test(group.before) && group.before.trim() !== "") {
    authors = group.inner.trim();
    s = group.before.trimEnd();
  }
  const link = /\s<([a-z][a-z0-9+.-]*:[^<>\s]*)>$/i.exec(s);
  if (link && link.index > 0) {
    url = link[1]!;
    s = s.slice(0, link.index);
  }
  let title = s.trim();
  if (title === "") return null;
  // A title made of links ("A <u1> and B <u2>") has no link of its own: the last one is the title's.
  if (url && URL_IN_ANGLES.test(title)) {
    title = `${title} <${url}>`;
    url = "";
  }
  return { title, url, authors, summarizer };
}

/**
 * Reads the header at the start of `paragraph`. Candidates end at each colon followed by a
 * space (or at the paragraph's end, for a link-only entry); the first whose title carries a
 * link wins, else the first with authors or a summarizer, else the first colon.
 */
export function parseTextHeader(paragraph: string): TextHeader | null {
  const head = paragraph.slice(0, MAX_HEADER);
  const ends: number[] = [];
  for (const m of head.matchAll(/:(?=\s|$)/g)) ends.push(m.index);
  if (paragraph.length <= MAX_HEADER) ends.push(paragraph.length);
  const candidates = ends
    .map((end) => ({ end, parts: decomposeHeader(paragraph.slice(0, end)) }))
    .filter((c): c is { end: number; parts: Parts } => c.parts !== null && c.parts.title.length <= MAX_TITLE);
  const pick =
    candidates.find((c) => c.parts.url !== "") ??
    candidates.find((c) => c.parts.authors !== "" || c.parts.summarizer !== null) ??
    candidates[0];
  if (!pick) return null;
  const hasSummary = pick.end < paragraph.length;
  const strength = pick.parts.url ? 3 : pick.parts.authors || pick.parts.summarizer !== null ? 2 : 1;
  return { ...pick.parts, end: hasSummary ? pick.end + 1 : pick.end, hasSummary, strength };
}

/**
 * Whether a paragraph of a layout without separators starts a new entry: a short title that
 * begins like one, followed by its link or its authors, then a colon or nothing more.
 */
export function looksLikeHeader(paragraph: string): TextHeader | null {
  const h = parseTextHeader(paragraph);
  if (!h || h.strength < 2 || h.title.length > 300 || /\n/.test(paragraph.slice(0, h.end))) return null;
  if (!TITLE_START.test(h.title) || /[.!?]\s+\p{Lu}/u.test(h.title)) return null;
  if (isLabelled(paragraph)) return null;
  if (!h.hasSummary && paragraph.length > 500) return null;
  return h;
}

/** A labelled paragraph ("Read more: Paper <url>") belongs to the entry above it. */
export function isLabelled(paragraph: string): boolean {
  return /^(?:\*\*)?(?:Read more|Prerequisites|[^:\n*]{1,60}['’]s opinion)(?::|\*\*:)/.test(paragraph);
}
