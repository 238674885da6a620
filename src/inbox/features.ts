import type { Candidate } from "./candidate.ts";
import { type HistoryCounts, keysOf, smoothedRate, type TallyKind, tallyOf } from "./history.ts";
import { dot, type SparseVector, type TfidfVocabulary, tfidfVector } from "./tfidf.ts";
import { textTokens } from "./tokens.ts";

/**
 * The ranker's features of a candidate, by group (the name's part before ":", which is also what
 * an explanation shows):
 *   author:KEY   1 for each author with history beside this item (their own weight)
 *   authors:...  the authors' record, smoothed: best and mean pick rate above the overall rate,
 *                "picked before", log of their picks, how many have any history
 *   venue:KEY, host:KEY   one-hot, only when the venue or site has history beside this item
 *   venues:rate, hosts:rate   their smoothed pick rate above the overall rate
 *   type:T       the kind of item (Zotero's Item Type)
 *   tag:T        the source's tags
 *   text:STEM    tf-idf of title and abstract
 *   similar:...  cosine of that tf-idf to the nearest summarized entries (title and summary):
 *                the best one and the mean of the best three
 *   meta:...     has an abstract, log number of authors, log words of abstract and title
 *   coauthors:... the record of those the authors wrote with (not the authors themselves): best
 *                and mean smoothed pick rate above the overall rate, log how many
 *   origin:...   the authors' record kept apart by where it comes from: log of their summarized
 *                entries (all picks), and their best smoothed rate over decided candidates only
 *   unseen:...   no author, no venue, no site with any history (a newcomer is not "average")
 */
export type FeatureGroup =
  | "author"
  | "authors"
  | "venue"
  | "host"
  | "type"
  | "tag"
  | "text"
  | "similar"
  | "meta"
  | "coauthors"
  | "origin"
  | "unseen";

export const ALL_GROUPS: readonly FeatureGroup[] = [
  "author",
  "authors",
  "venue",
  "host",
  "type",
  "tag",
  "text",
  "similar",
  "meta",
  "coauthors",
  "origin",
  "unseen",
];

export interface FeatureContext {
  groups: ReadonlySet<FeatureGroup>;
  counts: HistoryCounts;
  vocabulary: TfidfVocabulary;
  /** tf-idf of the summarized entries' title and summary, for the "similar" group. */
  entryVectors: readonly SparseVector[];
  /** Pseudo-decisions pulling a rare author's, venue's or site's rate toward the overall rate. */
  smoothing: number;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function candidateText(item: Candidate): string[] {
  return textTokens(`${item.title} ${item.title} ${item.abstract}`);
}

/** Features of an item; `own` when the item is one of the counted decisions (training). */
export function featuresOf(ctx: FeatureContext, item: Candidate, own?: { picked: boolean }): SparseVector {
  const x: SparseVector = new Map();
  const { groups, counts, smoothing } = ctx;
  const keys = keysOf(item);
  const prior = counts.pickRate;
  const known = (kind: TallyKind, key: string) => {
    const t = tallyOf(counts, kind, key, own);
    return { t, seen: t.picked + t.passed > 0 };
  };
  if (groups.has("author") || groups.has("authors")) {
    const rates: number[] = [];
    let picks = 0;
    let withHistory = 0;
    for (const key of keys.author) {
      const { t, seen } = known("author", key);
      if (!seen) continue;
      withHistory++;
      picks += t.picked;
      rates.push(smoothedRate(t, prior, smoothing) - prior);
      if (groups.has("author")) x.set(`author:${key}`, 1);
    }
    if (groups.has("authors") && withHistory > 0) {
      x.set("authors:best_rate", Math.max(...rates));
      x.set("authors:mean_rate", rates.reduce((a, b) => a + b, 0) / rates.length);
      x.set("authors:log_picks", Math.log1p(picks));
      x.set("authors:with_history", withHistory);
      if (picks > 0) x.set("authors:picked_before", 1);
    }
  }
  for (const [kind, group, rateGroup] of [
    ["venue", "venue", "venues"],
    ["host", "host", "hosts"],
  ] as const) {
    if (!groups.has(group)) continue;
    for (const key of keys[kind]) {
      const { t, seen } = known(kind, key);
      if (!seen) continue;
      x.set(`${group}:${key}`, 1);
      const rate = smoothedRate(t, prior, smoothing) - prior;
      if (rate !== 0) x.set(`${rateGroup}:rate`, rate);
    }
  }
  if (groups.has("coauthors")) coauthorFeatures(ctx, keys.author, x);
  if (groups.has("origin")) originFeatures(ctx, keys.author, x, own);
  if (groups.has("unseen")) {
    const none = (kind: TallyKind) => keys[kind].every((key) => !known(kind, key).seen);
    if (keys.author.length > 0 && none("author")) x.set("unseen:author", 1);
    if (none("venue")) x.set("unseen:venue", 1);
    if (none("host")) x.set("unseen:host", 1);
  }
  if (groups.has("type") && item.itemType) x.set(`type:${item.itemType}`, 1);
  if (groups.has("tag")) for (const tag of item.tags) x.set(`tag:${tag.toLowerCase()}`, 1);
  if (groups.has("meta")) {
    if (item.abstract) x.set("meta:has_abstract", 1);
    x.set("meta:log_authors", Math.log1p(item.authors.length));
    // Length says something about the kind of work: a paper's abstract runs long, a short title
    // is a post's or a position's. Log scale, so a few very long abstracts do not dominate.
    x.set("meta:log_abstract_words", Math.log1p(wordCount(item.abstract)));
    x.set("meta:log_title_words", Math.log1p(wordCount(item.title)));
  }
  if (groups.has("text") || groups.has("similar")) {
    const v = tfidfVector(ctx.vocabulary, candidateText(item));
    if (groups.has("text")) for (const [term, w] of v) x.set(`text:${term}`, w);
    if (groups.has("similar") && ctx.entryVectors.length > 0 && v.size > 0) {
      const best = ctx.entryVectors
        .map((e) => dot(v, e))
        .sort((a, b) => b - a)
        .slice(0, 3);
      x.set("similar:best", best[0]!);
      x.set("similar:top3", best.reduce((a, b) => a + b, 0) / best.length);
    }
  }
  return x;
}

/**
 * Those the item's authors wrote with, outside the item's own authors: a newcomer from a team
 * the editor follows. Only the item's own authors' tallies hold the item's own decision, so in
 * training nothing here sees the label it is trained on.
 */
function coauthorFeatures(ctx: FeatureContext, authors: readonly string[], x: SparseVector): void {
  const links = ctx.counts.coauthors;
  if (!links) return;
  const mine = new Set(authors);
  const others = new Set<string>();
  for (const a of authors)
    for (const b of Object.hasOwn(links, a) ? links[a]! : []) if (!mine.has(b)) others.add(b);
  const prior = ctx.counts.pickRate;
  const rates: number[] = [];
  for (const b of others) {
    const t = tallyOf(ctx.counts, "author", b);
    if (t.picked + t.passed > 0) rates.push(smoothedRate(t, prior, ctx.smoothing) - prior);
  }
  if (rates.length === 0) return;
  x.set("coauthors:best_rate", Math.max(...rates));
  x.set("coauthors:mean_rate", rates.reduce((a, b) => a + b, 0) / rates.length);
  x.set("coauthors:log_count", Math.log1p(rates.length));
}

/**
 * The authors' record split by where it comes from: summarized entries (picks the editor made
 * of items never seen as candidates) and decided candidates (picked or passed over), whose mix
 * differs between a history import and the desk.
 */
function originFeatures(
  ctx: FeatureContext,
  authors: readonly string[],
  x: SparseVector,
  own?: { picked: boolean },
): void {
  const summarized = ctx.counts.summarized ?? {};
  const prior = ctx.counts.pickRate;
  let entries = 0;
  const rates: number[] = [];
  for (const a of authors) {
    const n = Object.hasOwn(summarized, a) ? summarized[a]! : 0;
    entries += n;
    const t = tallyOf(ctx.counts, "author", a, own);
    const decided = { picked: t.picked - n, passed: t.passed };
    if (decided.picked + decided.passed > 0) rates.push(smoothedRate(decided, prior, ctx.smoothing) - prior);
  }
  if (entries > 0) x.set("origin:summarized", Math.log1p(entries));
  if (rates.length > 0) x.set("origin:decided_rate", Math.max(...rates));
}
