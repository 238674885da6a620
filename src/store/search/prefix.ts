import { porterStem } from "../../formats/porter.ts";

/**
 * Why a prefix needs more than `prefix*`: the index holds stems, and a stem can be shorter than
 * what the reader has typed. "interpretability" is indexed as "interpret", so "interpretab*"
 * matches no token, though every word starting with "interpretab" is in the index. The words a
 * prefix can still become end in one of English's suffixes; stemming the prefix completed by
 * each (tails of) those suffixes gives every stem such a word can have. Those that `prefix*`
 * already reaches are dropped; the rest are searched as
 * words, so each database stems them with its own stemmer, as it stemmed the documents.
 */
const ENDINGS = [
  "s",
  "es",
  "ies",
  "e",
  "ed",
  "ied",
  "ing",
  "ings",
  "er",
  "ers",
  "ier",
  "iest",
  "y",
  "ly",
  "le",
  "les",
  "ling",
  "ion",
  "ions",
  "ation",
  "ations",
  "ization",
  "izations",
  "isation",
  "ize",
  "izes",
  "ized",
  "izing",
  "izer",
  "ise",
  "ised",
  "able",
  "ably",
  "ability",
  "abilities",
  "ible",
  "ibility",
  "al",
  "ally",
  "als",
  "ality",
  "alities",
  "alize",
  "alism",
  "ity",
  "ities",
  "ive",
  "ively",
  "iveness",
  "ivity",
  "ness",
  "ment",
  "ments",
  "ence",
  "ences",
  "ency",
  "ance",
  "ances",
  "ancy",
  "ant",
  "ants",
  "ent",
  "ents",
  "ently",
  "ism",
  "isms",
  "ist",
  "ists",
  "istic",
  "ic",
  "ics",
  "ical",
  "ically",
  "ful",
  "fully",
  "fulness",
  "ous",
  "ously",
  "ousness",
  "ate",
  "ated",
  "ates",
  "ating",
  "ator",
  "ators",
  "ative",
  "atively",
  "ition",
  "itions",
  "ication",
  "ications",
  "icate",
  "ify",
  "ified",
  "ifies",
  "logy",
  "logical",
];

/** Every tail of every ending ("ication" -> "ication", "cation", ..., "n"), and the empty one. */
const TAILS: readonly string[] = [
  "",
  ...new Set(ENDINGS.flatMap((e) => Array.from({ length: e.length }, (_, i) => e.slice(i)))),
];

/** Prefixes shorter than this are matched as `prefix*` alone (a stem that short is a word of its own). */
export const MIN_EXPANDED_PREFIX = 3;
/** At most this many extra words per prefix; the real sheet never needs more than a few. */
const MAX_VARIANTS = 8;

/**
 * Words to search besides `prefix*` so that every word starting with `prefix` is found: one
 * word per stem that `prefix*` cannot reach, shortest first. Empty for short or non-ASCII
 * prefixes (their tokens are never stemmed shorter than typed).
 */
export function prefixVariants(prefix: string): string[] {
  if (prefix.length < MIN_EXPANDED_PREFIX || !/^[a-z]+$/.test(prefix)) return [];
  // One query compiles its prefix for several expressions, and readers type the same ones.
  const known = memo.get(prefix);
  if (known) return known;
  const variants = computeVariants(prefix);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(prefix, variants);
  return variants;
}

const memo = new Map<string, string[]>();
const MEMO_SIZE = 2000;

function computeVariants(prefix: string): string[] {
  // Both databases stem the prefix itself before matching ("airplanes*" is "airplan*"), so
  // what `prefix*` reaches is the stems that start with the prefix's own stem; a variant for
  // one of those would count the same tokens twice in the ranking.
  const reached = porterStem(prefix);
  const byStem = new Map<string, string>();
  for (const tail of TAILS) {
    const word = prefix + tail;
    const stem = porterStem(word);
    if (stem.startsWith(reached)) continue;
    const seen = byStem.get(stem);
    if (seen === undefined || word.length < seen.length) byStem.set(stem, word);
  }
  return [...byStem.values()].sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, MAX_VARIANTS);
}
