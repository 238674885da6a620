import {
  type Anchor,
  abbreviates,
  findAnchors,
  MAX_FLAT_TITLE,
  plausibleAuthors,
  titleLike,
  validTitle,
} from "./flat-anchors.ts";
import {
  ABBREVIATION,
  acronym,
  type Cand,
  CLOSING_MARKS,
  LABEL_AFTER,
  MAX_CANDIDATES,
  MAX_STARTS,
  type Segment,
  titleScore,
  W,
} from "./flat-model.ts";
import { emptyStyleOf, search } from "./flat-search.ts";
import { PhraseIndex, WordIndex } from "./flat-words.ts";
import type { HeadingIndex } from "./headings.ts";
import type { ParseOptions } from "./types.ts";

export type { Segment } from "./flat-model.ts";

const BARE_TITLE_WORDS = 16;
/** A sentence's end and the space after it, at the start of a slice. */
const SENTENCE_END_AT = new RegExp(`^[.!?][${CLOSING_MARKS}]* `);
/** "Thus, we need ...", "However, consider ...": a sentence, not a title without authors. */
const DISCOURSE_OPENING = /^\p{Lu}\p{Ll}*, \p{Ll}/u;
/**
 * "Jeff Ding adds in ChinAI #134: [I]f you ...", "Dylan says:", "From the website:": a quotation
 * introduced, not a title (no AN title says so; "From ImageNet to Image Classification" does not).
 */
const QUOTE_OPENING =
  / (?:adds|says|writes|argues|notes|explains|responds|replies|wrote|said)(?: |$)|(?:^|: )From (?:the|their|its|our|his|her) \S+(?: \S+)?$/;
const POINTS_ELSEWHERE = /^\s*See(?: also)? \p{Lu}/u;
const PART_LABEL_END = /(?:['’]s opinion|Read more|Prerequisites)\s*$/;
const LABEL_TITLE = /['’]s opinion$|^(?:Read more|Prerequisites)$/;
/** A list's labels repeat with their numbers changed ("Claim 1: ... Claim 3:"): compared without them. */
const labelKey = (title: string) => title.toLowerCase().replace(/\d+/g, "#");

/**
 * The whole of a flattened issue read at once: every reading is a sequence of headings and
 * entries, and the one kept is the one that best explains the text. A greedy reader decides
 * each title where it stands, so one heading word inside a title ("AI Governance Career
 * Paths") or a "Read more" without a full stop files everything after it wrongly; here a
 * heading is taken only if the reading with it scores better as a whole, and headings must
 * still come in the (text-derived) taxonomy order.
 *
 * Candidates are found first: each place a heading's name stands as a heading would, and for
 * each header (an anchor: a colon after `Title (Authors)`, or a link-only `Title (Authors)`)
 * the places its title may start. A dynamic program over candidates, in text order, keeps for
 * each candidate the best readings that end with it, by the last heading's order (a lower
 * order leaves more headings possible, so only readings better than every lower one are kept).
 * Bodies run from a header's colon to the next candidate; their cost is separable by position
 * (anchors skipped, how the text before the next item ends), so the best body to end at each
 * place is a running maximum: the work is linear in candidates times the taxonomy's size.
 */
const ECHO_WINDOW = 600;
const MAX_ECHO = 4;

/** For each `)`, its `(` when balanced: one pass, so adversarial parentheses cost nothing. */
function matchingParens(s: string): Map<number, number> {
  const open: number[] = [];
  const match = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "(") open.push(i);
    else if (s[i] === ")" && open.length > 0) match.set(i, open.pop()!);
  }
  return match;
}

/**
 * `lined` is `s` with a paragraph break kept as "\n" in place of its space (same offsets), for a
 * copy that kept its paragraphs: an item that opens a paragraph needs no sentence's end before it.
 */
/** A text with a few paragraph breaks at least (not one run-together line, nor a title and a body). */
function paragraphed(lined: string): boolean {
  let n = 0;
  for (let i = lined.indexOf("\n"); i >= 0 && n < MIN_PARAGRAPHS; i = lined.indexOf("\n", i + 1)) n++;
  return n >= MIN_PARAGRAPHS;
}
const MIN_PARAGRAPHS = 3;

export function segmentFlatIssue(
  s: string,
  headings: HeadingIndex,
  options: ParseOptions = {},
  lined: string = s,
): Segment[] {
  const known = options.knownTitles;
  const cands: Cand[] = [];
  const wordStart = (i: number) => i === 0 || s[i - 1] === " ";
  const wordEnd = (i: number) => i === s.length || s[i] === " ";
  const anchors = findAnchors(s);
  const perTitle = Math.max(
    4,
    Math.min(MAX_STARTS, Math.floor(MAX_CANDIDATES / Math.max(1, anchors.length))),
  );

  // The last paragraph break before each place: a title never runs over a paragraph's end.
  const breakBefore = new Int32Array(s.length + 1);
  for (let i = 0, last = -1; i <= s.length; i++) {
    breakBefore[i] = last;
    if (lined[i] === "\n") last = i;
  }
  const titles = (titleEnd: number, add: (start: number, title: string) => void, words = perTitle) => {
    let tried = 0;
    const paragraphStart = breakBefore[titleEnd]!;
    for (let p = titleEnd - 1; p > paragraphStart && titleEnd - p <= MAX_FLAT_TITLE && tried < words; p--) {
      if (!wordStart(p) || s[p] === " ") continue;
      tried++;
      const t = s.slice(p, titleEnd).trim();
      // "Rohin and Flo's opinion: ..." is a label, not a header without authors.
      if (validTitle(t) && !LABEL_TITLE.test(t)) add(p, t);
    }
  };

  // An issue's titles are its own: a title without authors that another header without
  // authors repeats ("Step 1: ... Step 2: ... Step 1: ...") labels the items of a list.
  const bareTitles = new Map<string, number>();
  for (const a of anchors)
    if (a.bare) {
      const seen = new Set<string>();
      titles(a.titleEnd, (_, title) => seen.add(labelKey(title)), Math.min(perTitle, BARE_TITLE_WORDS));
      for (const t of seen) bareTitles.set(t, (bareTitles.get(t) ?? 0) + 1);
    }
  // Entries with a colon after their header: the summarized ones.
  const wordIndex = new WordIndex(s);
  // "... with SimCLR Momentum | Contrast for Unsupervised ...": where the issue says the word
  // before a title's start and its first word together elsewhere too (a summary, a Read more,
  // another entry), a start there cuts a phrase.
  const phrases = new PhraseIndex(s);
  const cutsPhrase = (start: number) => {
    const first = phrases.wordAt(start);
    const before = start >= 2 ? phrases.wordEndingAt(start - 1) : undefined;
    return first !== undefined && before !== undefined && phrases.count(before, first) > 1;
  };
  // A colon without authors before a sentence, after words that label no part of an entry
  // ("Rohin's opinion:", "Read more:"): a list's label, and the header right after one is more
  // likely the list's next label than an entry (W.afterLabel).
  const listLabel = (a: Anchor) =>
    a.bare && !a.lowerBody && !PART_LABEL_END.test(s.slice(Math.max(0, a.titleEnd - 40), a.titleEnd));
  for (const [i, a] of anchors.entries()) {
    // A weak header (no authors, or an abbreviation for them) must read like a title.
    const weak = a.bare || (acronym(a.authors) && a.summarizer === null);
    // A header without authors has a short title: fewer starts.
    const words = a.bare ? Math.min(perTitle, BARE_TITLE_WORDS) : perTitle;
    // "France's AI strategy : See Import AI's summary .": a body that only points elsewhere
    // is an entry's (19 of AN's summaries open with "See"; no prose says ": See").
    const refers = a.bare && POINTS_ELSEWHERE.test(s.slice(a.bodyStart, a.bodyStart + 20));
    const afterLabel = a.bare && i > 0 && listLabel(anchors[i - 1]!);
    // A summary restates its title's words: where nothing marks the title's start (a Read
    // more list runs into it), a word the summary echoes belongs to the title.
    const inSummary = wordIndex.window(a.bodyStart, Math.min(s.length, a.bodyStart + ECHO_WINDOW));
    const echoed = new Set<string>();
    let counted = a.titleEnd;
    titles(
      a.titleEnd,
      (start, title) => {
        for (const w of wordIndex.wordsIn(start, counted)) if (inSummary(w)) echoed.add(w);
        counted = start;
        // Prose by its case only ("Our essay competitions for young people") may be a title
        // where titles without authors are common; a sentence's opening never is.
        const opensSentence = DISCOURSE_OPENING.test(title) || QUOTE_OPENING.test(title);
        const prose = weak && !refers && (!titleLike(title) || opensSentence);
        const header = a.bare ? (prose ? W.bareAnchorProse : W.bareAnchor) : weak ? W.acronym : W.strong;
        const repeated = a.bare && (bareTitles.get(labelKey(title)) ?? 0) > 1;
        const cut = cutsPhrase(start);
        const score =
          header +
          (prose && !a.bare ? W.proseTitle : 0) +
          (a.lowerBody ? W.lowerBody : 0) +
          (repeated ? W.repeatedTitle : 0) +
          (cut ? W.cutsPhrase : 0);
        cands.push({
          start,
          end: a.bodyStart,
          open: true,
          score: score + titleScore(title, known) + W.echo * Math.min(echoed.size, MAX_ECHO),
          head: { title, url: "", authors: a.authors, summarizer: a.summarizer },
          proseBare: a.bare && prose && !opensSentence,
          afterLabel,
        });
      },
      words,
    );
  }
  // A heading's name may end in a group ("Miscellaneous (Alignment)"): not a title and authors.
  const lowered = s.toLowerCase();
  const headingEnds = new Set<number>();
  for (const name of headings.names.filter((n) => n.endsWith(")"))) {
    const key = name.toLowerCase();
    for (let at = lowered.indexOf(key); at >= 0; at = lowered.indexOf(key, at + 1))
      headingEnds.add(at + key.length);
  }
  // Link-only entries: `Title (Authors)` (and `(summarized by X)`) with no colon after.
  const parens = matchingParens(s);
  const anchorEnds = new Set(anchors.map((a: Anchor) => a.bodyStart));
  for (const [close, open] of parens) {
    const end = close + 1;
    if (!wordEnd(end) || anchorEnds.has(end + 1) || anchorEnds.has(end + 2)) continue;
    if (/^ ?:/.test(s.slice(end, end + 2))) continue;
    let inner = s.slice(open + 1, close);
    let groupStart = open;
    let summarizer: string | null = null;
    const by = /^summarized by\s+(.+)$/i.exec(inner.trim());
    if (by) {
      summarizer = by[1]!.trim();
      const prevClose = open - 2;
      const prevOpen = s[open - 1] === " " ? parens.get(prevClose) : undefined;
      if (prevOpen === undefined) continue;
      groupStart = prevOpen;
      inner = s.slice(prevOpen + 1, prevClose);
    }
    if (groupStart === 0 || s[groupStart - 1] !== " ") continue;
    if (headingEnds.has(end)) continue;
    if (
      inner.trim() !== "" &&
      (!plausibleAuthors(inner) || abbreviates(s.slice(Math.max(0, groupStart - 200), groupStart), inner))
    )
      continue;
    // A link-only entry may still have a labelled part: "Title (Authors) Prerequisites: ...".
    const labelled = LABEL_AFTER.test(s.slice(end, end + 80));
    titles(groupStart - 1, (start, title) =>
      cands.push({
        start,
        end,
        open: labelled,
        score:
          (acronym(inner) && summarizer === null ? W.acronym : W.linkOnly) +
          titleScore(title, known) +
          (cutsPhrase(start) ? W.cutsPhrase : 0),
        head: { title, url: "", authors: inner.trim(), summarizer },
      }),
    );
  }
  // Headings: a name that stands as a word, followed by what starts a title or heading.
  let caseVotes = 0;
  for (const name of headings.names) {
    const key = name.toLowerCase();
    for (let at = lowered.indexOf(key); at >= 0; at = lowered.indexOf(key, at + 1)) {
      const end = at + name.length;
      if (!wordStart(at) || !wordEnd(end)) continue;
      if (end < s.length && /^ ?[,.;:!?)\]]/.test(s.slice(end, end + 2))) continue;
      // A run of one name ("News News", or a page of "Highlights"): a section and its category
      // of that name are the run's last two, so only those are tried.
      if (lowered.startsWith(` ${key} ${key}`, end) && wordEnd(end + 2 * (key.length + 1))) continue;
      const text = s.slice(at, end);
      const exact = text === name || text === name.toUpperCase();
      const readings = headings
        .lookup(text)
        .map((r) => ({ order: r.order, level: r.kind === "highlights" ? null : r.kind }))
        .sort((x, y) => x.order - y.order);
      if (readings.length === 0) continue;
      cands.push({
        start: at,
        end,
        open: false,
        score: exact ? W.heading : W.headingOtherCase,
        heading: { text, readings },
      });
      // Names that change with case ("Adversarial examples"), to tell the writer's habit.
      if (/ \p{Ll}/u.test(name)) caseVotes += exact ? 1 : -1;
    }
  }
  // A writer that writes headings as the taxonomy does: "Adversarial Examples Are a Natural
  // Consequence ..." is a title, not the heading.
  if (caseVotes > 0)
    for (const c of cands)
      if (c.heading && c.score === W.headingOtherCase) c.score = W.headingOtherCaseInExactIssue;
  // A title without authors may also stand between a sentence's end and a heading
  // ("... to the new version. Predictors as Agents Agent foundations Failures of ...").
  // The last sentence mark at or before each place: one pass instead of a scan per heading.
  const lastMark = new Int32Array(s.length).fill(-1);
  for (let i = 0, last = -1; i < s.length; i++) {
    if (s[i] === "." || s[i] === "!" || s[i] === "?") last = i;
    lastMark[i] = last;
  }
  // So may one at the very end ("... and the Uber AI Residency . The AAAI's Workshop on AI Safety").
  const ends = cands.filter((c) => c.heading && c.score === W.heading).map((c) => c.start);
  const trimmedEnd = s.trimEnd().length;
  if (trimmedEnd > 0 && !/[.!?:"'”’)\]]$/.test(s.slice(0, trimmedEnd))) ends.push(trimmedEnd);
  if (!emptyStyleOf(s, anchors))
    for (const at of ends) {
      const p = Math.max(0, lastMark[at - 1] ?? -1);
      if (at - p > MAX_FLAT_TITLE) continue;
      const m = SENTENCE_END_AT.exec(s.slice(p, p + 5));
      if (!m || ABBREVIATION.test(s.slice(Math.max(0, p - 5), p + 1))) continue;
      const start = p + m[0].length;
      const t = s.slice(start, at).trim();
      if (t === "" || !validTitle(t) || !titleLike(t) || headings.lookup(t).length > 0) continue;
      if (lined.slice(start, start + t.length).includes("\n")) continue;
      cands.push({
        start,
        end: start + t.length,
        open: false,
        score: (at === trimmedEnd ? W.titleAtEnd : W.titleBeforeHeading) + titleScore(t, known),
        head: { title: t, url: "", authors: "", summarizer: null },
      });
    }
  // A copy that kept its paragraphs starts each heading and entry on a paragraph of its own.
  if (paragraphed(lined))
    for (const c of cands) if (c.start > 0 && lined[c.start - 1] !== "\n") c.score += W.midParagraph;
  return search(s, cands, anchors, known, headings, lined);
}
