import { porterStem } from "../porter.ts";

/**
 * What a query looks for, as the words of a text are compared with it: a word matches when its
 * stem is one of `stems` (the index stems both alike, so "modeling" matches "models") or when
 * it starts with one of `prefixes` ("interpretab" matches "interpretability").
 */
export interface HighlightTerms {
  stems: ReadonlySet<string>;
  prefixes: readonly string[];
}

export interface SnippetPart {
  text: string;
  /** A word the query matched: a page marks it. */
  hit: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;
/** Words of context shown before the first matched word when the snippet starts mid-text. */
const CONTEXT_WORDS = 3;

function fold(word: string): string {
  const lower = word.toLowerCase();
  // Diacritics only where there can be any: most words are ASCII.
  return /^[a-z0-9]*$/.test(lower) ? lower : lower.normalize("NFKD").replace(/\p{M}/gu, "");
}

/** Stems of words seen, kept across calls: a page's snippets repeat most of their words. */
const stems = new Map<string, string>();
const STEMS_KEPT = 50_000;

function stemOf(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    stem = porterStem(word);
    if (stems.size >= STEMS_KEPT) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}

function isHit(word: string, terms: HighlightTerms): boolean {
  const w = fold(word);
  return terms.stems.has(stemOf(w)) || terms.prefixes.some((p) => w.startsWith(p));
}

/**
 * A one-line snippet of a plain text (snippet.ts entryPlainText) around the words a query
 * matched, with those words marked: the window of `maxChars` holding the most distinct matched
 * words (the start of the text when none match), cut at word boundaries with ellipses. Plain
 * text in parts: the page escapes each and wraps the hits in <mark>, on either database alike.
 */
export function highlightedSnippet(text: string, terms: HighlightTerms, maxChars = 240): SnippetPart[] {
  const words = [...text.matchAll(WORD)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    key: fold(m[0]),
    hit: isHit(m[0], terms),
  }));
  // The window start (a word) whose maxChars hold the most distinct hits; the earliest wins ties.
  let best = 0;
  let bestScore = -1;
  let hi = 0;
  const inWindow = new Map<string, number>();
  for (let lo = 0; lo < words.length; lo++) {
    while (hi < words.length && words[hi]!.end - words[lo]!.start <= maxChars) {
      if (words[hi]!.hit) inWindow.set(words[hi]!.key, (inWindow.get(words[hi]!.key) ?? 0) + 1);
      hi++;
    }
    if (inWindow.size > bestScore) {
      bestScore = inWindow.size;
      best = lo;
    }
    const w = words[lo]!;
    if (w.hit) {
      const n = inWindow.get(w.key)! - 1;
      if (n === 0) inWindow.delete(w.key);
      else inWindow.set(w.key, n);
    }
  }
  if (words.length === 0) return text ? [{ text: text.slice(0, maxChars), hit: false }] : [];
  // Start a few words before the window's first hit: a little context, no run of text before
  // it; or at the start of the text when the window's hits fit from there.
  let from = 0;
  if (bestScore > 0) {
    let first = best;
    while (!words[first]!.hit) first++;
    let lastHit = first;
    for (let i = first; i < words.length && words[i]!.end - words[best]!.start <= maxChars; i++)
      if (words[i]!.hit) lastHit = i;
    if (words[lastHit]!.end > maxChars) from = Math.max(0, first - CONTEXT_WORDS);
  }
  const startChar = from === 0 ? 0 : words[from]!.start;
  let endChar = startChar;
  let last = from;
  for (let i = from; i < words.length && words[i]!.end - startChar <= maxChars; i++) {
    endChar = words[i]!.end;
    last = i;
  }
  // The text's own ending (its full stop) when the window reaches its last word.
  if (last === words.length - 1) endChar = text.length;
  const parts: SnippetPart[] = [];
  if (startChar > 0) parts.push({ text: "…", hit: false });
  let at = startChar;
  for (let i = from; i < words.length && words[i]!.end <= endChar; i++) {
    const w = words[i]!;
    if (!w.hit) continue;
    if (w.start > at) parts.push({ text: text.slice(at, w.start), hit: false });
    parts.push({ text: text.slice(w.start, w.end), hit: true });
    at = w.end;
  }
  if (endChar > at) parts.push({ text: text.slice(at, endChar), hit: false });
  if (endChar < text.length) parts.push({ text: "…", hit: false });
  return parts;
}
