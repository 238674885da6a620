import { CLOSING_MARKS } from "./flat-model.ts";
import { TITLE_START, trailingGroup } from "./text-header.ts";

/**
 * Where the headers of a flattened issue end: a colon after a title and its authors group
 * ("Title (Authors) : summary"), a summarizer's group, an empty group, or a bare title. And
 * the tests that tell an authors group, a title and a title-like phrase from prose.
 */
export interface Anchor {
  /** Where the title ends (its authors group starts). */
  titleEnd: number;
  /** Just after the header's colon. */
  bodyStart: number;
  authors: string;
  summarizer: string | null;
  /** No authors group and no summarizer: a header only right after a heading. */
  bare: boolean;
  /** Written with empty authors: "Title (): summary". */
  empty: boolean;
  /** A space before the colon: "Title (Authors) : summary". */
  spaced: boolean;
  /**
   * What follows the colon opens in lower case ("... consider the following Cool Fact: for
   * some models ..."): prose, not a summary (none of AN's 1,481 summaries opens so).
   */
  lowerBody: boolean;
}

/** Titles that keep their links ("Title (https://...)") run long: AN's longest is 479 characters. */
export const MAX_FLAT_TITLE = 500;
/** How far before a colon its header's authors group may start. */
const HEADER_WINDOW = 600;

export function findAnchors(s: string): Anchor[] {
  // Headers end in a colon: "Title (Authors) : summary" (the email: a space before the colon,
  // the title was a link), "Title (Authors): summary", "Title (): summary" (a writer that
  // keeps the empty authors), "Title (Authors) (summarized by X): summary", or "Title : summary"
  // and "Title: summary" without authors. A colon after a bare word is common in prose
  // ("Note:"), so such an anchor is "bare": it counts only right after a heading.
  const out: Anchor[] = [];
  for (const m of s.matchAll(/:(?=\s|$)/g)) {
    const colon = m.index;
    const spaced = /\s$/.test(s.slice(Math.max(0, colon - 1), colon));
    let prefix = s.slice(Math.max(0, colon - HEADER_WINDOW), colon).trimEnd();
    const offset = colon - s.slice(Math.max(0, colon - HEADER_WINDOW), colon).length;
    let summarizer: string | null = null;
    const last = trailingGroup(prefix);
    const by = last && /^summarized by\s+([\s\S]+)$/i.exec(last.inner.trim());
    if (last && by) {
      summarizer = by[1]!.trim();
      prefix = last.before.trimEnd();
    }
    const group = trailingGroup(prefix);
    const empty = group !== null && group.inner.trim() === "" && /\s$/.test(group.before);
    const authors =
      group &&
      /\s$/.test(group.before) &&
      (empty || (plausibleAuthors(group.inner) && !abbreviates(group.before, group.inner)))
        ? group
        : null;
    // "The Open Phil AI Fellowship (Year 5) : ...": a short group in capitals that names no one
    // ends a title; a reference ("( AN #37 )") or an aside does not.
    const grouped = group !== null && (titleGroup(group.inner) || abbreviates(group.before, group.inner));
    if (!authors && summarizer === null && prefix.endsWith(")") && !grouped) continue;
    const bare = !authors && summarizer === null;
    // "Do Better ImageNet Models Transfer Better?: See Import AI": a title may end in a question.
    if (bare && !spaced && !/[\p{L}\p{N}?]$/u.test(prefix) && !grouped) continue;
    const titleEnd = offset + (authors ? authors.before.trimEnd().length : prefix.length);
    out.push({
      titleEnd,
      bodyStart: colon + 1,
      empty,
      authors: authors?.inner.trim() ?? "",
      summarizer,
      bare,
      spaced,
      lowerBody: /^\s*["'“‘_*([]*\p{Ll}/u.test(s.slice(colon + 1, colon + 12)),
    });
  }
  // A writer puts a space before a header's colon or never does: bare headers follow the
  // style of the headers with authors. And a bare "Title: subtitle" that runs on to a real
  // header with no sentence's end between is that header's title, not a header of its own.
  const strong = out.filter((x) => !x.bare && x.summarizer === null);
  const spacedStyle = strong.filter((x) => x.spaced).length * 2 >= strong.length && strong.length > 0;
  // A writer that keeps empty authors ("Title (): summary") writes no bare headers at all.
  const emptyStyle = out.some((x) => x.empty);
  // The next header with authors after each anchor, and the first sentence's end after a
  // place, found in one pass each: a text of thousands of bare colons ("Read more: Read more:
  // ...") made a scan per anchor quadratic.
  const nextStrong: (Anchor | undefined)[] = new Array(out.length);
  for (let i = out.length - 1, seen: Anchor | undefined; i >= 0; i--) {
    nextStrong[i] = seen;
    if (!out[i]!.bare) seen = out[i];
  }
  const sentenceEnd = new RegExp(`[.!?][${CLOSING_MARKS}]*\\s`, "g");
  // The first match at or after the last place asked (places are asked in text order).
  let found: { index: number; end: number } = { index: -1, end: -1 };
  const sentenceEndFrom = (from: number): number => {
    if (found.index < from) {
      sentenceEnd.lastIndex = from;
      const m = sentenceEnd.exec(s);
      found = m
        ? { index: m.index, end: m.index + m[0].length }
        : { index: s.length, end: Number.POSITIVE_INFINITY };
    }
    return found.end;
  };
  return out.filter((x, i) => {
    if (!x.bare) return true;
    if (emptyStyle) return false;
    if (x.spaced !== spacedStyle && strong.length > 0) return false;
    const next = nextStrong[i];
    return !next || sentenceEndFrom(x.bodyStart) <= next.titleEnd;
  });
}

/** "(Year 5)", "(Part 2)": a group of up to three words, opening in a capital, that no author line is. */
const titleGroup = (inner: string) =>
  /^\p{Lu}[\p{L}\p{N}]*(?: [\p{L}\p{N}]+){0,2}$/u.test(inner.trim()) && !/\bAN\b/.test(inner);

/** How many words before a group its letters may abbreviate. */
const MAX_ABBREVIATED_WORDS = 8;

/**
 * "Conference on Fairness, Accountability, and Transparency (FAT*)": a group in capitals that
 * spells the initials of the words before it is the title's own abbreviation, not its authors.
 * A word in capitals gives all its letters ("Human-Compatible AI (CHAI)").
 */
export function abbreviates(before: string, inner: string): boolean {
  const letters = inner.trim().replace(/[^\p{L}]/gu, "");
  if (letters.length < 2 || letters.length > MAX_ABBREVIATED_WORDS + 2 || !/^\p{Lu}+s?$/u.test(letters))
    return false;
  const wanted = letters.replace(/s$/, "");
  let initials = "";
  let from = 0;
  const words = before
    .trim()
    .split(/\s+/)
    .slice(-MAX_ABBREVIATED_WORDS * 2);
  for (let i = words.length - 1; i >= 0 && initials.length < wanted.length; i--) {
    const w = words[i]!.replace(/[^\p{L}\p{N}-]/gu, "");
    if (!/^\p{Lu}/u.test(w)) continue;
    initials = (/^\p{Lu}{2,}$/u.test(w) ? w : w[0]!) + initials;
    from++;
  }
  // "Postdoc role at CHAI (CHAI)": one word repeated is a name, not an abbreviation of words.
  return initials === wanted && from >= 2;
}

/** Name words that join or close an author line and so cannot open one: "(and improved)". */
const LIST_WORDS = new Set(["and", "et", "al", "al.", "y"]);

/** Words that are part of names and author lines though not capitalised ("Jan van Leeuwen et al"). */
const NAME_WORDS = new Set(
  "et al al. and de van von der den da di du le la del the of team group y bin ibn".split(" "),
);

/**
 * "People Still (Mostly) Beat Machines", "(When) is Truth-telling Favored": a word in
 * parentheses that is an adverb or a question word is part of a title, not a forum name.
 */
export const ASIDE_WORD =
  /^(?:when|where|why|how|what|who|not|mostly|almost|nearly|partially|partly|really|only|just|still|sometimes|usually|always|never|maybe|perhaps|probably|possibly|again|also|more|less|very|somewhat)$/i;

/**
 * Names, not a figure, a reference or an aside: "(2019)", "( AN #37 )" and "(I'm not going
 * into it; see the post.)" are not authors; "(Pedro A. Ortega et al)", "(Sydney J. Freedberg
 * Jr.)" and a forum name "(steve2152)" are.
 */
export function plausibleAuthors(inner: string): boolean {
  const t = inner.trim();
  if (ASIDE_WORD.test(t)) return false;
  if (/^[\p{L}_][\p{L}\p{N}_.-]{1,40}$/u.test(t)) return true;
  if (t === "" || t.length > 200 || /[\d;?!:]/.test(t)) return false;
  if (/\.$/.test(t) && !/\b(?:al|\p{Lu}\p{Ll}?)\.$/u.test(t)) return false;
  if (/\p{Ll}{2}[.]\s+\p{Lu}/u.test(t)) return false;
  const words = t.split(/[\s,]+/).filter(Boolean);
  const plain = words.filter((w) => /^\p{Ll}/u.test(w) && !NAME_WORDS.has(w.toLowerCase()));
  // A name may open with a particle ("de Haan", "van der Merwe"), not with "and" or "et al".
  const opener = words[0]!.toLowerCase();
  return (/^\p{Lu}/u.test(t) || (NAME_WORDS.has(opener) && !LIST_WORDS.has(opener))) && plain.length <= 2;
}

export function validTitle(t: string): boolean {
  return (
    t.length > 0 &&
    t.length <= MAX_FLAT_TITLE &&
    TITLE_START.test(t) &&
    !/(Read more|Prerequisites):|['’]s opinion:/.test(t)
  );
}

/**
 * The most words a title without authors may have where nothing but its words marks it: AN's
 * longest title has 23 ("Handful of Countries – Including the US and Russia – Hamper ...");
 * titleScore weighs length below that.
 */
const MAX_TITLE_WORDS = 24;

/** Not too long, and most of its longer words capitalised: "Foundations of Cooperative AI Lab". */
export function titleLike(t: string): boolean {
  const words = t.trim().split(" ");
  const long = words.filter((w) => w.length > 3);
  return (
    words.length <= MAX_TITLE_WORDS && long.filter((w) => /^[\p{Lu}\p{N}]/u.test(w)).length * 2 > long.length
  );
}
