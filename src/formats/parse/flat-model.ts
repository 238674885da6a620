import type { EntryHead } from "./assemble.ts";
import { knownTitleKey } from "./types.ts";

/**
 * What the flat segmentation (flat-segment.ts, flat-search.ts) reads and how it weighs a
 * reading: the items, the readings kept, and the score of each part.
 */
export type Segment =
  | { kind: "heading"; start: number; text: string; order: number; level: "section" | "category" | null }
  | { kind: "entry"; start: number; head: EntryHead; bodyStart: number; bodyEnd: number };

export interface Cand {
  start: number;
  /** Where what follows begins: a body (open) or the next item right away (closed). */
  end: number;
  open: boolean;
  score: number;
  heading?: { text: string; readings: { order: number; level: "section" | "category" | null }[] };
  head?: EntryHead;
  /** A header without authors whose title reads like a sentence ("Our essay competitions for young people"). */
  proseBare?: boolean;
  /** A header without authors whose anchor follows another such ("... x-risk: Robustness: ... Tail Risks: ..."). */
  afterLabel?: boolean;
}

export interface State {
  order: number;
  score: number;
  prev: State | null;
  cand: Cand | null;
  /** A title without authors read in the gap between a closed item and this one. */
  gap?: Gap;
}

export const W = {
  strong: 10,
  linkOnly: 6,
  acronym: 1,
  bareAnchor: 1,
  bareAnchorProse: -3,
  /** Such a header in a section of announcements (HeadingIndex.announces) reads as a title there. */
  proseBareAnnounced: 4,
  /**
   * A header without authors right after a list's label, outside announcements: a list's next
   * label ("x-risk: Adversarial Robustness: ... Black Swans and Tail Risks: ..."). None of AN's
   * 15 summarized entries without authors there follows another (11 in News do).
   */
  afterLabel: -2,
  gapTitle: 0,
  gapBeforeHeading: -3,
  titleBeforeHeading: -2,
  /**
   * A title-like run after the last full stop, with none after it, ends the issue: a link-only
   * entry without authors, not the end of a summary (summaries end in a full stop).
   */
  titleAtEnd: 1,
  heading: 5,
  /** A category heading whose section's heading has not come (issues name the section first). */
  categoryWithoutSection: -3,
  headingOtherCase: 1,
  /** A heading in another case where the issue writes its headings as the taxonomy does. */
  headingOtherCaseInExactIssue: -1,
  sentenceInTitle: -4,
  questionInTitle: -1,
  groupInTitle: -3,
  known: 8,
  skippedAnchor: -6,
  emptyBody: -10,
  midSentence: -6,
  afterReadMore: -1.5,
  afterQuestion: -1.5,
  /** A Read-more list that would hold a question opening after a word ("MAIEI How Will ..."). */
  questionInList: -3,
  /** After a body that only points elsewhere ("See Import AI"), which has no full stop. */
  afterReference: -0.5,
  caseChange: 1,
  afterParen: -0.2,
  perTitleChar: -0.001,
  perLongWord: -0.5,
  cutHeading: -2,
  /** "actor-critic for ..." after "Prerequisites: Inverse Reward Design Expert-augmented": titles open in capitals. */
  lowerStart: -1,
  echo: 0.25,
  /** A title start between two words the issue says together elsewhere ("Momentum Contrast"). */
  cutsPhrase: -1.5,
  /** A "Read more" list that would end in a word modifying or opening the next ("... Benchmark Massively", "... Agents Improving"). */
  modifierEnd: -1.5,
  /** A "Read more" list that ends in what a link points to ("... RAD Website", "Gizmodo post"). */
  linkNounEnd: 1,
  /** A "Read more" list whose next title opens with a year ("... Seek Power | 2019 AI Alignment ..."). */
  yearOpens: 1,
  /**
   * An issue lists a category's link-only entries after its summarized ones (1 of AN's 195
   * pairs of neighbours goes the other way): a summarized entry right after a link-only one is
   * more likely that entry's title running on ("Title (PERLS) Workshop: ...").
   */
  summaryAfterLinkOnly: -6,
  /** A title without authors that another such header repeats: a list's label ("Step 1:"). */
  repeatedTitle: -4,
  /** A heading or title inside a paragraph, in a copy that kept its paragraphs. */
  midParagraph: -4,
  /** "... Human Values The Off-Switch Game": an article in capitals opens a title (15 of AN's 1,884 titles hold one inside). */
  articleInTitle: -1.5,
  /** "Training for Faster Adversarial | Robustness ...": a title seldom ends in a modifier (MODIFIER). */
  modifierAtTitleEnd: -3,
  /** A title opening with an auxiliary verb that asks nothing ("May Be at Odds with Accuracy"): outweighs a heading before it. */
  questionWithoutMark: -6,
  proseTitle: -4,
  lowerBody: -6,
  /** "The Pursuit of (Robotic) Happiness": a title seldom ends in an article or a conjunction (3 of 1,884). */
  endsInFunctionWord: -3,
  /** By a title's words, one to three: titles of one or two words are rare (4 and 67 of AN's 1,884). */
  shortTitle: [-3, -1, -0.4],
};

export const MAX_STATES = 6;
/** Places before a title where the item before it may end: the nearest are tried. */
export const MAX_GAP_PLACES = 4;
/** Closed items looked at for those places: bounds the scan on adversarial runs of parentheses. */
export const MAX_GAP_LOOKS = 512;
const LONG_TITLE_WORDS = 18;
export const MAX_BEHIND = 3 * W.heading;
/** Bounds the candidates on adversarial inputs (many anchors): starts tried per title. */
export const MAX_STARTS = 60;
export const MAX_CANDIDATES = 200_000;

/**
 * What may close a sentence after its full stop, in one place for every test of a sentence's end:
 * quotes, a bracket, and emphasis left in ("... shake out._"). A character class's body.
 */
export const CLOSING_MARKS = `"'”’)\\]_*`;
/** A full stop that ends no sentence: "A.I.", "Thomas G. Dietterich", "Compact vs. Wide Models". */
export const ABBREVIATION = /(?:^|[\s(.])(?:\p{Lu}|vs|e\.g|i\.e|cf|Dr|Mr|Ms|Mrs|St)\.$/u;
export const INNER_SENTENCE = new RegExp(
  `(?<!(?:^|[\\s(])(?:\\p{Lu}|vs|al|Dr|Mr|Ms|Mrs|St|Jr|No|e\\.g|i\\.e))[.!?][${CLOSING_MARKS}]*\\s+(?=["“'‘([]*\\p{Lu})`,
  "gu",
);
/**
 * "May Be at Odds with Accuracy" after "Robustness": a title that opens with an auxiliary verb
 * asks a question (30 of the 31 in AN's sheet hold a question mark; "Do what we mean" commands).
 */
const AUXILIARY_START = /^(?:May|Can|Could|Should|Would|Will|Must|Might|Is|Are|Was|Were|Does|Did|Has|Have) /;
/**
 * "Massively", "Adaptive", "Generalized", "Causal", "Mechanistic": a word that modifies the next
 * one ends few titles (16 of AN's 1,884 end in one of these suffixes; 260 start with one).
 */
export const MODIFIER = /^\p{Lu}\p{Ll}+(?:ive|ous|ful|ic|ical|able|ible|al|ly|ed)$/u;
/** Words a title does not end with ("to" and "in" do end some: "what world you live in"). */
const INNER_ARTICLE = /[^\s:?.!–—"“(-] (?:The|A|An) /;
const TITLE_TAIL = / (?:a|an|the|and|or|of|for|with|via|from|by|at|as|into|vs\.?)$/i;
export const LABEL = /(?:Read more|Prerequisites):\s/g;
export const FUNCTION_WORD =
  /^(?:a|an|the|and|or|of|for|with|in|on|to|via|from|by|at|as|into|using|towards?|without|about|under|is|are|be|vs\.?)$/i;
export const LABEL_AFTER = /^ (?:Read more|Prerequisites|[^:.!?]{1,60}['’]s opinion):/;

/**
 * "(NTT)", "(IC)": an abbreviation in parentheses is more often part of a title or of prose
 * ("intuitive comparability (IC): ...") than an author.
 */
export const acronym = (authors: string) => /^[\p{Lu}\p{N}-]{2,8}s?$/u.test(authors.trim());

export function titleScore(t: string, known: ReadonlySet<string> | undefined): number {
  let score = W.perTitleChar * t.length;
  // A title may open with a question as long as a short title ("Does Your Model Know the
  // Digit 6 Is Not a Cat? A Less Biased ..."); a sentence of prose before a title may not.
  for (const m of t.matchAll(INNER_SENTENCE)) {
    const opening = m[0].startsWith("?") && t.slice(0, m.index).split(" ").length <= 12;
    score += opening ? W.questionInTitle : W.sentenceInTitle;
  }
  if (/\S\)\s+\p{Lu}/u.test(t)) score += W.groupInTitle;
  // Titles are short; a long run of words is more likely prose that ran up to a parenthesis.
  const words = t.split(" ").length;
  score += W.perLongWord * Math.max(0, words - LONG_TITLE_WORDS);
  // Where nothing marks a title's start (a "Read more:" list runs into it), the shortest
  // reading would win by a hair: a prior on the length of titles says otherwise.
  score += W.shortTitle[words - 1] ?? 0;
  if (TITLE_TAIL.test(t)) score += W.endsInFunctionWord;
  // "γ-Models: ...", "iPhone ...": a first word in lower case with a capital or digit in it is a name.
  if (/^\p{Ll}[^\s\p{Lu}\p{N}]*(?:\s|$)/u.test(t)) score += W.lowerStart;
  if (INNER_ARTICLE.test(t)) score += W.articleInTitle;
  if (AUXILIARY_START.test(t) && !t.includes("?")) score += W.questionWithoutMark;
  if (MODIFIER.test(t.slice(t.lastIndexOf(" ") + 1))) score += W.modifierAtTitleEnd;
  if (known?.has(knownTitleKey(t))) score += W.known;
  return score;
}

export type Gap = { start: number; end: number; title: string };
