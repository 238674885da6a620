import { FUNCTION_WORD } from "./flat-model.ts";

const WORD = /\p{L}[\p{L}\p{N}'’-]{3,}/gu;

/**
 * The content words of a flattened issue (four letters or more, no function words, in lower
 * case) with where each stands, found once: "which of a title's words does the text after its
 * header repeat" is then a few binary searches per title, not a scan of the text per header,
 * which a text of thousands of headers ("Read more: Read more: ...") made quadratic.
 *
 * A window [from, to) holds the words that start in it; a word cut by `to` counts as the part
 * inside, as it would in the text cut there.
 */
export class WordIndex {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** The word at each place, or null for a function word. */
  private readonly words: (string | null)[] = [];
  /** Each word's places, as indexes into starts, in text order. */
  private readonly places = new Map<string, number[]>();

  constructor(private readonly s: string) {
    for (const m of s.matchAll(WORD)) {
      const w = m[0].toLowerCase();
      const content = !FUNCTION_WORD.test(w);
      const i = this.starts.length;
      this.starts.push(m.index);
      this.ends.push(m.index + m[0].length);
      this.words.push(content ? w : null);
      if (!content) continue;
      const at = this.places.get(w);
      if (at) at.push(i);
      else this.places.set(w, [i]);
    }
  }

  /** The content words of s.slice(from, to), each once. */
  wordsIn(from: number, to: number): Set<string> {
    const out = new Set<string>();
    for (let i = firstAtOrAfter(this.starts, from); i < this.starts.length && this.starts[i]! < to; i++) {
      const w = this.ends[i]! <= to ? this.words[i] : this.cut(i, to);
      if (w) out.add(w);
    }
    return out;
  }

  /** A test of whether a content word stands in s.slice(from, to). */
  window(from: number, to: number): (word: string) => boolean {
    const last = firstAtOrAfter(this.starts, to) - 1;
    const cut = last >= 0 && this.starts[last]! >= from && this.ends[last]! > to ? this.cut(last, to) : null;
    return (word) => {
      if (word === cut) return true;
      const at = this.places.get(word);
      if (!at) return false;
      const k = firstAtOrAfter(at, from, this.starts);
      return k < at.length && this.ends[at[k]!]! <= to;
    };
  }

  /** The part of word i before `to`, as a word of its own if it is one. */
  private cut(i: number, to: number): string | null {
    const w = this.s.slice(this.starts[i]!, to).toLowerCase();
    return w.length >= 4 && !FUNCTION_WORD.test(w) ? w : null;
  }
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/**
 * How often each pair of neighbouring words stands in the text ("momentum contrast"), counted
 * once: whether the issue says two words together elsewhere is then one lookup.
 */
export class PhraseIndex {
  private readonly pairs = new Map<string, number>();
  private readonly tokenAt = new Map<number, string>();
  private readonly tokenEnding = new Map<number, string>();

  constructor(s: string) {
    let prev: { word: string; end: number } | null = null;
    for (const m of s.matchAll(TOKEN)) {
      const word = m[0].toLowerCase();
      this.tokenAt.set(m.index, word);
      this.tokenEnding.set(m.index + m[0].length, word);
      // Neighbours only when a single space parts them: "Learning, Rather" is no pair.
      if (prev && prev.end + 1 === m.index && s[prev.end] === " ") {
        const key = `${prev.word} ${word}`;
        this.pairs.set(key, (this.pairs.get(key) ?? 0) + 1);
      }
      prev = { word, end: m.index + m[0].length };
    }
  }

  /** The word that starts at i, in lower case, if one does. */
  wordAt(i: number): string | undefined {
    return this.tokenAt.get(i);
  }

  /** The word that ends at j, in lower case, if one does. */
  wordEndingAt(j: number): string | undefined {
    return this.tokenEnding.get(j);
  }

  /** How many times "a b" stands in the text. */
  count(a: string, b: string): number {
    return this.pairs.get(`${a} ${b}`) ?? 0;
  }
}

/** The first index k with key(xs[k]) >= x, xs sorted by key; key is xs[k] itself, or by[xs[k]]. */
function firstAtOrAfter(xs: number[], x: number, by?: number[]): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const key = by ? by[xs[mid]!]! : xs[mid]!;
    if (key < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
