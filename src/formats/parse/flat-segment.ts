import type { EntryHead } from "./assemble.ts";
import {
  type Anchor,
  findAnchors,
  MAX_FLAT_TITLE,
  plausibleAuthors,
  titleLike,
  validTitle,
} from "./flat-anchors.ts";
import type { HeadingIndex } from "./headings.ts";
import { knownTitleKey, type ParseOptions } from "./types.ts";

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
export type Segment =
  | { kind: "heading"; start: number; text: string; order: number; level: "section" | "category" | null }
  | { kind: "entry"; start: number; head: EntryHead; bodyStart: number; bodyEnd: number };

interface Cand {
  start: number;
  /** Where what follows begins: a body (open) or the next item right away (closed). */
  end: number;
  open: boolean;
  score: number;
  heading?: { text: string; readings: { order: number; level: "section" | "category" | null }[] };
  head?: EntryHead;
}

interface State {
  order: number;
  score: number;
  prev: State | null;
  cand: Cand | null;
  /** A title without authors read in the gap between a closed item and this one. */
  gap?: Gap;
}

const W = {
  strong: 10,
  linkOnly: 6,
  acronym: 1,
  bareAnchor: 1,
  bareAnchorProse: -3,
  gapTitle: 1,
  gapBeforeHeading: -3,
  titleBeforeHeading: -2,
  heading: 5,
  headingOtherCase: 1,
  sentenceInTitle: -4,
  questionInTitle: -1,
  groupInTitle: -3,
  known: 8,
  skippedAnchor: -6,
  emptyBody: -10,
  midSentence: -6,
  afterReadMore: -1.5,
  afterQuestion: -1.5,
  caseChange: 1,
  afterParen: -0.2,
  perTitleChar: -0.001,
};

const MAX_STATES = 6;
const MAX_BEHIND = 3 * W.heading;
/** Bounds the candidates on adversarial inputs (many anchors): starts tried per title. */
const MAX_STARTS = 60;
const MAX_CANDIDATES = 200_000;

const INNER_SENTENCE =
  /(?<!(?:^|[\s(])(?:\p{Lu}|vs|al|Dr|Mr|Ms|Mrs|St|Jr|No|e\.g|i\.e))[.!?]["'”’)\]]*\s+(?=\p{Lu})/gu;
const LABEL = /(?:Read more|Prerequisites):\s/g;
const FUNCTION_WORD =
  /^(?:a|an|the|and|or|of|for|with|in|on|to|via|from|by|at|as|into|using|towards?|without|about|under|is|are|be|vs\.?)$/i;
const LABEL_AFTER = /^ (?:Read more|Prerequisites|[^:.!?]{1,60}['’]s opinion):/;

/**
 * "(NTT)", "(IC)": an abbreviation in parentheses is more often part of a title or of prose
 * ("intuitive comparability (IC): ...") than an author.
 */
const acronym = (authors: string) => /^[\p{Lu}\p{N}-]{2,8}s?$/u.test(authors.trim());

function titleScore(t: string, known: ReadonlySet<string> | undefined): number {
  let score = W.perTitleChar * t.length;
  // A title may open with a short question ("Deep limitations? Examining ..."); a sentence
  // of prose before a title is longer and reads unlike one.
  for (const m of t.matchAll(INNER_SENTENCE)) {
    const opening = m[0].startsWith("?") && t.slice(0, m.index).split(" ").length <= 6;
    score += opening ? W.questionInTitle : W.sentenceInTitle;
  }
  if (/\S\)\s+\p{Lu}/u.test(t)) score += W.groupInTitle;
  if (known?.has(knownTitleKey(t))) score += W.known;
  return score;
}

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

export function segmentFlatIssue(s: string, headings: HeadingIndex, options: ParseOptions = {}): Segment[] {
  const known = options.knownTitles;
  const cands: Cand[] = [];
  const wordStart = (i: number) => i === 0 || s[i - 1] === " ";
  const wordEnd = (i: number) => i === s.length || s[i] === " ";
  const anchors = findAnchors(s);
  const perTitle = Math.max(
    4,
    Math.min(MAX_STARTS, Math.floor(MAX_CANDIDATES / Math.max(1, anchors.length))),
  );

  const titles = (titleEnd: number, add: (start: number, title: string) => void) => {
    let tried = 0;
    for (let p = titleEnd - 1; p >= 0 && titleEnd - p <= MAX_FLAT_TITLE && tried < perTitle; p--) {
      if (!wordStart(p) || s[p] === " ") continue;
      tried++;
      const t = s.slice(p, titleEnd).trim();
      if (validTitle(t)) add(p, t);
    }
  };

  // Entries with a colon after their header: the summarized ones.
  for (const a of anchors) {
    const base = a.bare ? null : acronym(a.authors) && a.summarizer === null ? W.acronym : W.strong;
    titles(a.titleEnd, (start, title) => {
      const score = base ?? (titleLike(title) ? W.bareAnchor : W.bareAnchorProse);
      cands.push({
        start,
        end: a.bodyStart,
        open: true,
        score: score + titleScore(title, known),
        head: { title, url: "", authors: a.authors, summarizer: a.summarizer },
      });
    });
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
    if (inner.trim() !== "" && !plausibleAuthors(inner)) continue;
    // A link-only entry may still have a labelled part: "Title (Authors) Prerequisites: ...".
    const labelled = LABEL_AFTER.test(s.slice(end, end + 80));
    titles(groupStart - 1, (start, title) =>
      cands.push({
        start,
        end,
        open: labelled,
        score: (acronym(inner) && summarizer === null ? W.acronym : W.linkOnly) + titleScore(title, known),
        head: { title, url: "", authors: inner.trim(), summarizer },
      }),
    );
  }
  // Headings: a name that stands as a word, followed by what starts a title or heading.
  for (const name of headings.names) {
    const key = name.toLowerCase();
    for (let at = lowered.indexOf(key); at >= 0; at = lowered.indexOf(key, at + 1)) {
      const end = at + name.length;
      if (!wordStart(at) || !wordEnd(end)) continue;
      if (end < s.length && /^ ?[,.;:!?)\]]/.test(s.slice(end, end + 2))) continue;
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
    }
  }
  // A title without authors may also stand between a sentence's end and a heading
  // ("... to the new version. Predictors as Agents Agent foundations Failures of ...").
  if (!emptyStyleOf(s, anchors))
    for (const h of cands.filter((c) => c.heading && c.score === W.heading)) {
      let p = h.start - 1;
      while (p > 0 && h.start - p <= MAX_FLAT_TITLE && !/[.!?]/.test(s[p]!)) p--;
      const m = /^[.!?]["'”’)\]]* /.exec(s.slice(p, p + 5));
      if (!m) continue;
      const start = p + m[0].length;
      const t = s.slice(start, h.start).trim();
      if (t === "" || !validTitle(t) || !titleLike(t) || headings.lookup(t).length > 0) continue;
      cands.push({
        start,
        end: start + t.length,
        open: false,
        score: W.titleBeforeHeading + titleScore(t, known),
        head: { title: t, url: "", authors: "", summarizer: null },
      });
    }
  return search(s, cands, anchors, known, (t) => headings.lookup(t).length > 0);
}

/** Prefix counts and last positions used by the body's cost. */
function bodyCosts(s: string, anchors: Anchor[]) {
  // An abbreviation's colon in prose ("Causal Influence Diagrams (CIDs): a formal theory") is
  // no header a body should be ashamed to hold.
  const strongEnds = anchors
    .filter((a) => !a.bare && !(acronym(a.authors) && a.summarizer === null))
    .map((a) => a.titleEnd);
  const skippedBefore = new Int32Array(s.length + 1);
  let k = 0;
  for (let i = 0; i <= s.length; i++) {
    while (k < strongEnds.length && strongEnds[k]! < i) k++;
    skippedBefore[i] = k;
  }
  // The first place after i a body counts as written: a sentence's end or a label's colon.
  const mature = new Int32Array(s.length + 1).fill(s.length + 1);
  for (let i = s.length - 1; i >= 0; i--) mature[i] = /[.!?:]/.test(s[i]!) ? i + 1 : mature[i + 1]!;
  const labels: number[] = [];
  const labelEnds: number[] = [];
  for (const m of s.matchAll(LABEL)) {
    labels.push(m.index);
    labelEnds.push(m.index + m[0].length);
  }
  // Where the last sentence ended before each place, and the last character that is not a space.
  const stop = new Int32Array(s.length + 1).fill(-1);
  const lastChar = new Int32Array(s.length + 1).fill(-1);
  for (let i = 1; i <= s.length; i++) {
    const j = i - 1;
    stop[i] = /[.!?]/.test(s[j]!) && (i === s.length || /[\s"'”’)\]]/.test(s[i]!)) ? j : stop[j]!;
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
    let k = p;
    while (k > 0 && /["'”’)\]]/.test(s[k]!)) k--;
    if (/[.]/.test(s[k]!)) return 0;
    if (/[?!]/.test(s[k]!)) return W.afterQuestion;
    if (s[p] === ")") return W.afterParen;
    if (s[p] === ":") return W.midSentence;
    const i = lastBefore(labels, q);
    if (i < 0 || labels[i]! < e || labels[i]! < stop[q]! || labelEnds[i]! > p) return W.midSentence;
    // Link texts run into a title: a title seldom starts after "for" or "of"; where a word
    // in lower case meets a capital ("Github repo Self-training with ..."), one likely does.
    const prev = s.slice(s.lastIndexOf(" ", p) + 1, p + 1);
    if (FUNCTION_WORD.test(prev)) return W.midSentence;
    return W.afterReadMore + (/^\p{Ll}/u.test(prev) && /^[\p{Lu}\p{N}]/u.test(s[q] ?? "") ? W.caseChange : 0);
  };
  return { skippedBefore, mature, tail };
}

/** A writer that keeps empty authors ("Title ()") writes no title without them. */
function emptyStyleOf(s: string, anchors: Anchor[]): boolean {
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

function search(
  s: string,
  cands: Cand[],
  anchors: Anchor[],
  known: ReadonlySet<string> | undefined,
  isHeading: (text: string) => boolean,
): Segment[] {
  cands.sort((a, b) => a.start - b.start || a.end - b.end);
  const { skippedBefore, mature, tail } = bodyCosts(s, anchors);
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
    for (let i = closed.length - 1; i >= 0 && q - closed[i]!.e <= MAX_FLAT_TITLE + 1; i--) {
      const { e, st } = closed[i]!;
      const start = next(e);
      if (start >= q - 1 || !st.cand?.heading) continue;
      const t = s.slice(start, q).trim();
      if (!validTitle(t) || !titleLike(t) || /[.!?]\s+\p{Lu}|\)\s+\p{Lu}/u.test(t)) continue;
      if (isHeading(t)) continue; // "Exploration Exploration Strategies ...": a heading, then a title
      out.push({
        st,
        score: st.score + W.gapTitle + titleScore(t, known),
        gap: { start, end: start + t.length, title: t },
      });
    }
    return out;
  };

  const arrive = (c: Cand, from: { st: State; score: number; gap?: Gap }[]) => {
    const states: State[] = [];
    for (const f of from) {
      if (c.heading) {
        const r = c.heading.readings.find((x) => x.order > f.st.order);
        const score = f.score + c.score + (f.gap ? W.gapBeforeHeading : 0);
        if (r) states.push({ order: r.order, score, prev: f.st, cand: c, gap: f.gap });
      } else {
        // Two titles without a mark between them are one title, unless the first ends a sentence.
        const score = f.score + c.score + (f.gap ? tail(c.start, c.start) : 0);
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

type Gap = { start: number; end: number; title: string };

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
