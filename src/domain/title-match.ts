import { looseTitleKey } from "./keys.ts";
import { diceSimilarity } from "./similarity.ts";

/**
 * How well what a reader typed matches a title, for "has this been summarized?":
 *   exact        the same title (case, spacing and punctuation aside)
 *   prefix       the title's first words ("scalable agent alignment" for "Scalable agent
 *                alignment via reward modeling"); the last typed word may be cut short
 *   words        the typed words appear in the title in order, others between them
 *                ("agent alignment reward modeling")
 *   similar      a near-identical title (Dice over character bigrams >= SIMILAR_TITLE_THRESHOLD):
 *                a typo, a changed word
 * Quality is in (0, 1]: exact 1; prefix and words grow with the share of the title typed
 * (a longer part of a title is better evidence), prefix above words; similar is its Dice.
 */
export type TitleMatchKind = "exact" | "prefix" | "words" | "similar";

export interface TitleMatch {
  kind: TitleMatchKind;
  quality: number;
}

/** Titles this similar (Dice over character bigrams) count as "the same paper". */
export const SIMILAR_TITLE_THRESHOLD = 0.85;
/** A partial title must have this many words: one word is a search, not a title. */
export const MIN_PARTIAL_WORDS = 2;

export function matchTitle(typed: string, title: string): TitleMatch | null {
  const want = looseTitleKey(typed);
  const have = looseTitleKey(title);
  if (want === "" || have === "") return null;
  if (want === have) return { kind: "exact", quality: 1 };
  const w = want.split(" ");
  const h = have.split(" ");
  const share = Math.min(1, w.length / h.length);
  if (w.length >= MIN_PARTIAL_WORDS) {
    if (isPrefix(w, h)) return { kind: "prefix", quality: 0.7 + 0.25 * share };
    if (isSubsequence(w, h)) return { kind: "words", quality: 0.5 + 0.25 * share };
  }
  const dice = diceSimilarity(want, have);
  return dice >= SIMILAR_TITLE_THRESHOLD ? { kind: "similar", quality: dice * 0.95 } : null;
}

/** The typed words are the title's first words; the last may be the start of a word. */
function isPrefix(w: string[], h: string[]): boolean {
  if (w.length > h.length) return false;
  return w.every((word, i) => (i === w.length - 1 ? h[i]!.startsWith(word) : h[i] === word));
}

/** The typed words appear in the title in order (the last may be the start of a word). */
function isSubsequence(w: string[], h: string[]): boolean {
  let j = 0;
  for (let i = 0; i < w.length; i++) {
    const last = i === w.length - 1;
    while (j < h.length && !(last ? h[j]!.startsWith(w[i]!) : h[j] === w[i])) j++;
    if (j === h.length) return false;
    j++;
  }
  return true;
}
