import { type Anchor, ASIDE_WORD, MAX_FLAT_TITLE, titleLike, validTitle } from "./flat-anchors.ts";
import {
  ABBREVIATION,
  acronym,
  type Cand,
  CLOSING_MARKS,
  FUNCTION_WORD,
  type Gap,
  LABEL,
  MAX_BEHIND,
  MAX_GAP_LOOKS,
  MAX_GAP_PLACES,
  MAX_STATES,
  MODIFIER,
  type Segment,
  type State,
  titleScore,
  W,
} from "./flat-model.ts";
import { type HeadingIndex, sectionOfOrder } from "./headings.ts";

/**
 * "Evaluating", "Improving", "Unifying": a verb in -ing opens titles (280 of AN's titles open
 * with an -ing word other than "Learning") far more than it ends them (68); the -ing words that
 * do end titles are the topic nouns ("Learning", "Planning", "Training"), which its
 * text uses again and again. An -ing word the issue uses this often or less reads as a verb.
 */
const VERB_ING = /^\p{Lu}\p{Ll}+ing$/u;
const MAX_VERB_ING_USES = 5;
/** Whole words, then their ending: a search for "ing" inside a long run of letters would backtrack. */
const LETTERS = /\p{L}+/gu;

// Tested at every character of the text: sets, not regular expressions.
const SENTENCE_END = new Set([".", "!", "?"]);
const SENTENCE_OR_LABEL_END = new Set([".", "!", "?", ":"]);
const AFTER_SENTENCE_END = new RegExp(`[\\s${CLOSING_MARKS}]`);
const CLOSING = new RegExp(`[${CLOSING_MARKS}]`);

/**
 * "Rather than", "on no", "of their": written in lower case, words that leave a phrase open.
 * None ends any of the 1,958 titles or 247 Read-more items of AN's sheet. In capitals they may
 * end one ("For and Against", "The Enemy Within"): case-sensitive, unlike FUNCTION_WORD.
 */
const OPEN_WORD =
  /^(?:than|no|between|through|across|against|within|upon|among|amongst|during|each|every|both|either|neither|its|their|our|your|his|my|nor|whether|because|while|which|whose|versus|per)$/;

/**
 * "Read more: RAD Website | Image Augmentation Is All You Need ...": a link's text often names
 * what it points to, last (40 of the 180 Read-more items of AN's issues end in one of these
 * words; 4 of its 1,884 titles open with one).
 */
const LINK_NOUN =
  /^(?:paper|post|website|site|summary|commentary|pdf|repo|repository|transcript|thread|podcast|video|blog|article|slides|code|writeup|announcement)$/i;

/**
 * "Read more: ... Optimal Farsighted Agents Tend to Seek Power | 2019 AI Alignment Literature
 * Review ...": a year before a capitalised word opens titles (7 of AN's 1,958: "2018 White House
 * Summit ...") and no Read-more item of its sheet holds one between capitalised words.
 */
const YEAR_OPENING = /^(?:19|20)\d\d \p{Lu}/u;

const MAX_GROUP_LOOKBACK = 200;
const LIST_GOES_ON = /^\s*[,;]/;
/**
 * "... MAIEI How Will ...": a question word after a word (not after a colon: "Roadmap to a
 * Roadmap: How Could We Tell ...") and then an auxiliary, or ending the list. None stands so
 * inside a title or Read-more item of AN's sheet ("Humans Who Are Not ..." is a clause: "Who"
 * is left out).
 */
const QUESTION = "[\\p{L}\\p{N}] (?:How|What|Why|When|Where)";
const INNER_QUESTION = new RegExp(
  `${QUESTION} (?:Will|Do|Does|Did|Can|Could|Should|Would|Is|Are|Was|Were|Might|Must)(?= |$)`,
  "gu",
);
const QUESTION_WORD = new RegExp(`${QUESTION}(?= |$)`, "gu");

const LIST_NUMBER = new RegExp(`[.!?:][${CLOSING_MARKS}]* \\d{1,2}\\.$`);

/** Prefix counts and last positions used by the body's cost. */
function bodyCosts(s: string, anchors: Anchor[], lined: string) {
  // An abbreviation's colon in prose ("Causal Influence Diagrams (CIDs): a formal theory") is
  // no header a body should be ashamed to hold.
  const strongEnds = anchors
    .filter((a) => !a.bare && !a.lowerBody && !(acronym(a.authors) && a.summarizer === null))
    .map((a) => a.titleEnd);
  const skippedBefore = new Int32Array(s.length + 1);
  let k = 0;
  for (let i = 0; i <= s.length; i++) {
    while (k < strongEnds.length && strongEnds[k]! < i) k++;
    skippedBefore[i] = k;
  }
  // The first place after i a body counts as written: a sentence's end or a label's colon.
  const references = referenceEnds(s);
  const mature = new Int32Array(s.length + 1).fill(s.length + 1);
  for (let i = s.length - 1; i >= 0; i--)
    mature[i] = SENTENCE_OR_LABEL_END.has(s[i]!) || references.has(i + 1) ? i + 1 : mature[i + 1]!;
  const ingUses = new Map<string, number>();
  for (const m of s.matchAll(LETTERS)) {
    if (!m[0].endsWith("ing")) continue;
    const w = m[0].toLowerCase();
    ingUses.set(w, (ingUses.get(w) ?? 0) + 1);
  }
  const opensTitle = (word: string) =>
    MODIFIER.test(word) ||
    (VERB_ING.test(word) && (ingUses.get(word.toLowerCase()) ?? 0) <= MAX_VERB_ING_USES);
  const labels: number[] = [];
  const labelEnds: number[] = [];
  for (const m of s.matchAll(LABEL)) {
    labels.push(m.index);
    labelEnds.push(m.index + m[0].length);
  }
  // Where the questions that open inside a list stand: for each place, the start of the last
  // one with its auxiliary ended by then; and where a bare question word ends ("... MAIEI How").
  const questionBefore = new Int32Array(s.length + 2).fill(-1);
  for (const m of s.matchAll(INNER_QUESTION)) {
    const end = m.index + m[0].length;
    questionBefore[end] = Math.max(questionBefore[end]!, m.index);
  }
  for (let j = 1; j < questionBefore.length; j++)
    questionBefore[j] = Math.max(questionBefore[j]!, questionBefore[j - 1]!);
  const questionWordAt = new Map<number, number>();
  for (const m of s.matchAll(QUESTION_WORD)) questionWordAt.set(m.index + m[0].length, m.index);
  // Where the last sentence ended before each place, and the last character that is not a space.
  const stop = new Int32Array(s.length + 1).fill(-1);
  const lastChar = new Int32Array(s.length + 1).fill(-1);
  for (let i = 1; i <= s.length; i++) {
    const j = i - 1;
    // "Read more: Will AI See Sudden Progress? , Takeoff speeds": a question the list goes on after ends nothing.
    const ends =
      SENTENCE_END.has(s[j]!) &&
      (i === s.length || AFTER_SENTENCE_END.test(s[i]!)) &&
      !(s[j] !== "." && LIST_GOES_ON.test(s.slice(i, i + 3)));
    stop[i] = ends ? j : stop[j]!;
    lastChar[i] = s[j] === " " ? lastChar[j]! : j;
  }
  /**
   * What the text before an item at q says about it starting there, for a body that began at
   * e: after a sentence's end, nothing; after a question, a little (titles open with questions,
   * summaries seldom end with one); after a "Read more:" list, which has no full stop, a
   * little (less where a word in lower case meets a capital); else much.
   */
  const tail = (q: number, e: number): number => {
    const p = lastChar[Math.min(q, s.length)]!;
    if (p < 0) return 0;
    // A paragraph's end ends what came before, full stop or not ("Read more: Paper" above a title).
    if (q < s.length && lined[q - 1] === "\n") return 0;
    if (references.has(p + 1)) return W.afterReference;
    let k = p;
    while (k > 0 && CLOSING.test(s[k]!)) k--;
    // "Compact vs. Wide Models", "Thomas G. Dietterich": a full stop after an abbreviation or
    // an initial ends no sentence (after "et al.)" the group does).
    if (s[k] === "." && k === p && ABBREVIATION.test(s.slice(Math.max(0, k - 5), k + 1)))
      return W.midSentence;
    // "... in subsequent articles. 1. Feature Visualization : ...": an item of a list in a body.
    if (s[k] === "." && k === p && LIST_NUMBER.test(s.slice(Math.max(0, k - 8), k + 1))) return W.midSentence;
    if (/[.]/.test(s[k]!)) return 0;
    return asked(q, e, p) + unended(q, e, p, k);
  };
  /**
   * "Read more: Longer summary from MAIEI How Will National Security ... in AI? An Examination
   * ...": a question that opens after a word inside a list opens the next title there, so a
   * list that would run on past it costs, wherever it ends.
   */
  const asked = (q: number, e: number, p: number): number => {
    const i = lastBefore(labels, q);
    if (i < 0 || labels[i]! < e || labelEnds[i]! > p) return 0;
    const from = labelEnds[i]!;
    return questionBefore[p + 1]! >= from || (questionWordAt.get(p + 1) ?? -1) >= from ? W.questionInList : 0;
  };
  /** The rest of tail(): the text before q (its last character p, k before closing marks) ends in no full stop. */
  const unended = (q: number, e: number, p: number, k: number): number => {
    if (/[?!]/.test(s[k]!)) return W.afterQuestion;
    // "Repeated (and improved) Sleeping Beauty problem", "Paper: (When) Is Truth-telling
    // Favored ...": an aside in lower case, or an adverb or question word, ends no item
    // (a link kept as "(https://...)" does). Looked for nearby only: ")))..." costs nothing.
    if (s[p] === ")") {
      const before = s.slice(Math.max(0, p - MAX_GROUP_LOOKBACK), p);
      const group = before.slice(Math.max(0, before.lastIndexOf("(")));
      const aside = /^\(\s*\p{Ll}/u.test(group) || ASIDE_WORD.test(group.slice(1).trim());
      if (!aside || /^\(\s*(?:https?|mailto):/.test(group)) return W.afterParen;
    }
    // "On the Feasibility of Learning, Rather than Assuming, | Human Biases ...": a comma
    // leaves a list or a title open.
    if (s[p] === ":" || s[p] === ",") return W.midSentence;
    const i = lastBefore(labels, q);
    if (i < 0 || labels[i]! < e || labels[i]! < stop[q]! || labelEnds[i]! > p) return W.midSentence;
    // Link texts run into a title: a title seldom starts after "for" or "of"; where a word
    // in lower case meets a capital ("Github repo Self-training with ..."), one likely does.
    const prev = s.slice(s.lastIndexOf(" ", p) + 1, p + 1);
    if (FUNCTION_WORD.test(prev) || OPEN_WORD.test(prev)) return W.midSentence;
    return (
      W.afterReadMore +
      (/^\p{Ll}/u.test(prev) && /^\p{Lu}/u.test(s[q] ?? "") ? W.caseChange : 0) +
      (opensTitle(prev) ? W.modifierEnd : 0) +
      (LINK_NOUN.test(prev) ? W.linkNounEnd : 0) +
      (YEAR_OPENING.test(s.slice(q, q + 8)) ? W.yearOpens : 0)
    );
  };
  return { skippedBefore, mature, tail };
}

/**
 * "Title (Authors) : See Import AI Next Title (Authors) : ...": a summary that only points
 * elsewhere ("See Import AI", "See also ChinAI #134") has no full stop. Where such a body may
 * end: after the names an issue's "See"s share ("Import AI", when one is followed by "China Now
 * Has ..." and another by "Rohin's opinion"), or, for a "See" the issue writes once, after any
 * of its first few names.
 */
function referenceEnds(s: string): Set<number> {
  const refs: { ends: number[]; names: string[] }[] = [];
  const uses = new Map<string, number>();
  for (const m of s.matchAll(SEE_REFERENCE)) {
    const ref = { ends: [] as number[], names: [] as string[] };
    let at = m.index + m[0].length;
    let name = "";
    for (let n = 0; n < MAX_REFERENCE_WORDS; n++) {
      const word = REFERENCE_WORD.exec(s.slice(at, at + 60));
      // "See Import AI. A Geometric Perspective ...": a full stop ends it as any sentence.
      if (!word || /[.!?]$/.test(word[0])) break;
      at += word[0].length;
      name += word[0];
      ref.ends.push(at);
      ref.names.push(name);
      uses.set(name, (uses.get(name) ?? 0) + 1);
    }
    refs.push(ref);
  }
  const ends = new Set<number>();
  for (const { ends: at, names } of refs) {
    let shared = -1;
    for (let i = 0; i < names.length; i++) if ((uses.get(names[i]!) ?? 0) > 1) shared = i;
    if (shared >= 0) ends.add(at[shared]!);
    else for (const e of at) ends.add(e);
  }
  return ends;
}
/** "See" opening a body or a sentence, then names: a reference to another newsletter or post. */
const SEE_REFERENCE = new RegExp(`(?<=(?:^|[.!?:][${CLOSING_MARKS}]*) )See(?: also)?(?= )`, "g");
const REFERENCE_WORD = /^ [\p{Lu}\p{N}#][\p{L}\p{N}#'’.-]*/u;
const MAX_REFERENCE_WORDS = 4;

/** A writer that keeps empty authors ("Title ()") writes no title without them. */
export function emptyStyleOf(s: string, anchors: Anchor[]): boolean {
  return anchors.some((a) => a.empty) || /\S \(\)(?: |$)/.test(s);
}

/** The index of the last of sorted `xs` below q, or -1. */
function lastBefore(xs: number[], q: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < q) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function prune(states: State[]): State[] {
  states.sort((a, b) => a.order - b.order || b.score - a.score);
  const kept: State[] = [];
  for (const st of states) if (kept.length === 0 || st.score > kept[kept.length - 1]!.score) kept.push(st);
  // Readings far behind the best would need many more headings to catch up: dropped, and
  // of the rest the best (which are also the furthest along) are kept.
  const best = kept[kept.length - 1]?.score ?? 0;
  return kept.filter((st) => st.score >= best - MAX_BEHIND).slice(-MAX_STATES);
}

export function search(
  s: string,
  cands: Cand[],
  anchors: Anchor[],
  known: ReadonlySet<string> | undefined,
  headings: HeadingIndex,
  lined: string = s,
): Segment[] {
  cands.sort((a, b) => a.start - b.start || a.end - b.end);
  const { skippedBefore, mature, tail } = bodyCosts(s, anchors, lined);
  // The longest heading name found at each place: a title that starts inside it took the
  // rest of a heading's name ("ITERATED AMPLIFICATION | SEQUENCE Security amplification").
  const headingReach = new Map<number, number>();
  for (const c of cands)
    if (c.heading) headingReach.set(c.start, Math.max(headingReach.get(c.start) ?? 0, c.end));
  const cutHeading = (from: State, c: Cand) =>
    from.cand?.heading && (headingReach.get(from.cand.start) ?? 0) > c.start ? W.cutHeading : 0;
  const next = (e: number) => (s[e] === " " ? e + 1 : e);
  // Readings that end with a body still open, by the end of their header: pooled per order
  // once their body has a sentence's end; "young" until then (an empty body costs).
  const pending: { e: number; st: State }[] = [{ e: 0, st: { order: -1, score: 0, prev: null, cand: null } }];
  const young: { e: number; st: State }[] = [];
  const pool = new Map<number, { key: number; st: State; e: number }>();
  const adjacent = new Map<number, State[]>();
  const closed: { e: number; st: State }[] = [];
  let pi = 0;

  const openBodies = (q: number): { st: State; score: number }[] => {
    for (; pi < pending.length && pending[pi]!.e <= q; pi++) young.push(pending[pi]!);
    for (let i = young.length - 1; i >= 0; i--) {
      const y = young[i]!;
      if (y.e === 0 || mature[y.e]! <= q) {
        const key = y.st.score + -W.skippedAnchor * skippedBefore[y.e]!;
        const have = pool.get(y.st.order);
        if (!have || have.key < key) pool.set(y.st.order, { key, st: y.st, e: y.e });
        young.splice(i, 1);
      }
    }
    const out: { st: State; score: number }[] = [];
    for (const { key, st, e } of pool.values())
      out.push({ st, score: key + W.skippedAnchor * skippedBefore[q]! + tail(q, e) });
    for (const y of young)
      out.push({
        st: y.st,
        score:
          y.st.score +
          W.skippedAnchor * (skippedBefore[q]! - skippedBefore[y.e]!) +
          tail(q, y.e) +
          W.emptyBody,
      });
    return out;
  };
  /** Readings of a title without authors between a closed item (a heading) and q. */
  const emptyStyle = emptyStyleOf(s, anchors);
  const gapTitles = (q: number): { st: State; score: number; gap: Gap }[] => {
    const out: { st: State; score: number; gap: Gap }[] = [];
    if (emptyStyle) return out;
    // Items end at few places before a title; a run of heading names ("Highlights Highlights
    // ...") would make every one of them a place to try, so only the nearest are.
    // Closed items are kept in the order they start: a link-only entry whose title starts
    // before q may end after it, and is no place to try (nor counts as one).
    let places = 0;
    let looked = 0;
    let lastE = -1;
    let gap: { score: number; gap: Gap } | null = null;
    for (let i = closed.length - 1; i >= 0 && q - closed[i]!.e <= MAX_FLAT_TITLE + 1; i--) {
      if (++looked > MAX_GAP_LOOKS) break;
      const { e, st } = closed[i]!;
      if (e >= q) continue;
      if (e !== lastE) {
        if (++places > MAX_GAP_PLACES) break;
        lastE = e;
        gap = gapTitleAt(e, q);
      }
      // After a heading ("Agent foundations Predictors as Agents ..."), or after a link-only
      // entry ("... (Chatham House) India's National Strategy for AI Other progress in AI").
      if (gap && (st.cand?.heading || (st.cand?.head && !st.cand.open)))
        out.push({ st, score: st.score + gap.score, gap: gap.gap });
    }
    return out;
  };
  const gapTitleAt = (e: number, q: number): { score: number; gap: Gap } | null => {
    const start = next(e);
    if (start >= q - 1) return null;
    const t = s.slice(start, q).trim();
    if (!validTitle(t) || !titleLike(t) || /[.!?]\s+\p{Lu}|\)\s+\p{Lu}/u.test(t)) return null;
    if (lined.slice(start, start + t.length).includes("\n")) return null; // a title is one paragraph's
    if (headings.lookup(t).length > 0) return null; // "Exploration Exploration Strategies ...": a heading, then a title
    return { score: W.gapTitle + titleScore(t, known), gap: { start, end: start + t.length, title: t } };
  };

  const arrive = (c: Cand, from: { st: State; score: number; gap?: Gap }[]) => {
    const states: State[] = [];
    for (const f of from) {
      if (c.heading) {
        const r = c.heading.readings.find((x) => x.order > f.st.order);
        // An issue names a section before its first category: a category of another section
        // with no section heading before it is more likely a word of a title ("National Security").
        const unannounced =
          r?.level === "category" && sectionOfOrder(r.order) !== sectionOfOrder(f.st.order)
            ? W.categoryWithoutSection
            : 0;
        const score = f.score + c.score + (f.gap ? W.gapBeforeHeading : 0) + unannounced;
        if (r) states.push({ order: r.order, score, prev: f.st, cand: c, gap: f.gap });
      } else {
        // Two titles without a mark between them are one title, unless the first ends a sentence.
        const score =
          f.score +
          c.score +
          (f.gap ? tail(c.start, c.start) : 0) +
          cutHeading(f.st, c) +
          (c.proseBare && headings.announces(f.st.order) ? W.proseBareAnnounced : 0) +
          (c.afterLabel && !headings.announces(f.st.order) ? W.afterLabel : 0) +
          (c.open && (f.gap || (f.st.cand?.head && !f.st.cand.open)) ? W.summaryAfterLinkOnly : 0);
        states.push({ order: f.st.order, score, prev: f.st, cand: c, gap: f.gap });
      }
    }
    return prune(states);
  };
  const settle = (c: Cand, states: State[]) => {
    for (const st of states) {
      if (c.open) pending.push({ e: c.end, st });
      else {
        const q = next(c.end);
        adjacent.set(q, [...(adjacent.get(q) ?? []), st]);
        closed.push({ e: c.end, st });
      }
    }
    if (c.open) pending.sort((a, b) => a.e - b.e); // few at a time: headers end in text order
  };

  for (let i = 0; i < cands.length; ) {
    const q = cands[i]!.start;
    const from = [
      ...openBodies(q),
      ...(adjacent.get(q) ?? []).map((st) => ({ st, score: st.score })),
      ...gapTitles(q),
    ];
    const group: [Cand, State[]][] = [];
    for (; i < cands.length && cands[i]!.start === q; i++) group.push([cands[i]!, arrive(cands[i]!, from)]);
    for (const [c, states] of group) settle(c, states);
    while (closed.length > 0 && q - closed[0]!.e > MAX_FLAT_TITLE + 1) closed.shift();
  }
  const end: { st: State; score: number; gap?: Gap }[] = [
    ...openBodies(s.length).map((x) => ({ ...x, score: x.score - tail(s.length, 0) })),
    ...(adjacent.get(s.length) ?? []).map((st) => ({ st, score: st.score })),
    ...gapTitles(s.length),
  ];
  let best = end[0];
  for (const x of end) if (best === undefined || x.score > best.score) best = x;
  if (!best) return [];
  return unwind(best.st, best.gap, s.length);
}

function unwind(last: State, lastGap: Gap | undefined, textEnd: number): Segment[] {
  const out: Segment[] = [];
  let after = textEnd;
  const gapEntry = (g: Gap): Segment => ({
    kind: "entry",
    start: g.start,
    bodyStart: g.end,
    bodyEnd: g.end,
    head: { title: g.title, url: "", authors: "", summarizer: null },
  });
  if (lastGap) {
    out.push(gapEntry(lastGap));
    after = lastGap.start;
  }
  for (let st: State | null = last; st?.cand; st = st.prev) {
    const c = st.cand;
    if (c.heading) {
      const order = st.order;
      const r = c.heading.readings.find((x) => x.order === order)!;
      out.push({ kind: "heading", start: c.start, text: c.heading.text, order: r.order, level: r.level });
    } else
      out.push({
        kind: "entry",
        start: c.start,
        head: c.head!,
        bodyStart: c.end,
        bodyEnd: c.open ? after : c.end,
      });
    after = c.start;
    if (st.gap) {
      out.push(gapEntry(st.gap));
      after = st.gap.start;
    }
  }
  return out.reverse();
}
