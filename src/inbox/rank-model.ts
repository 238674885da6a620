import { SummaError } from "../domain/errors.ts";
import type { Candidate } from "./candidate.ts";
import { ALL_GROUPS, candidateText, type FeatureGroup, featuresOf } from "./features.ts";
import { countHistory, type HistoryCounts, type Provenance, type Tally } from "./history.ts";
import {
  type Contribution,
  contributions,
  type LogisticOptions,
  logit,
  sigmoid,
  trainLogistic,
} from "./logistic.ts";
import { type StumpModel, stumpLogit, stumpParts, trainStumps } from "./stumps.ts";
import { fitTfidf, type SparseVector, type TfidfVocabulary, tfidfVector } from "./tfidf.ts";
import { textTokens } from "./tokens.ts";

/**
 * The model of what this editor picks: a logistic regression over who wrote an item (and what
 * became of their items before), where it appeared, which site it is on, what kind of item it
 * is, and its words. Trained in well under a second on a thousand decisions; every score comes
 * with the features that moved it most.
 */
export interface RankHistory {
  /** Candidates decided: picked (summarized, or picked on the desk) or passed over (dismissed). */
  decisions: readonly { item: Candidate; picked: boolean }[];
  /** Summarized entries that are not among the decisions: picks for the authors', venues' and sites' record. */
  entries?: readonly Provenance[];
}

export interface RankOptions extends LogisticOptions {
  groups: readonly FeatureGroup[];
  /** Pseudo-decisions in every smoothed rate. */
  smoothing: number;
  /** Terms in fewer documents than this are not text features. */
  minDf: number;
  /** A decision this many days older than the newest counts half as much (0: all count the same). */
  halfLifeDays: number;
  /**
   * Share of the logit from boosted stumps over the non-text features (stumps.ts), the rest from
   * the logistic regression (0: the regression alone).
   */
  stumpWeight: number;
}

/**
 * Chosen on three rolling-origin folds inside the history (bench/inbox-rank.ts): the authors'
 * record but no weight per author (it overfits), no tags (feeds carry none), no "similar",
 * co-authors, origin, unseen or stumps (none gained on the folds; they stay available as options).
 */
export const DEFAULT_RANK_OPTIONS: RankOptions = {
  groups: ["authors", "venue", "host", "type", "text", "meta"],
  smoothing: 2,
  minDf: 3,
  halfLifeDays: 0,
  stumpWeight: 0,
  l2: 0.003,
  groupL2: { text: 30 },
  iterations: 300,
  learningRate: 0.05,
};

export interface RankModel {
  options: RankOptions;
  counts: HistoryCounts;
  vocabulary: TfidfVocabulary;
  /** tf-idf of the summarized entries' text (the "similar" features). */
  entryVectors: SparseVector[];
  intercept: number;
  weights: Map<string, number>;
  /** The second learner, when options.stumpWeight > 0. */
  stumps?: StumpModel;
}

export interface RankScore {
  /** Chance the editor picks it. */
  probability: number;
  /** The features that moved the score most: weight × value, positive toward picking. */
  why: Contribution[];
}

export function trainRanker(history: RankHistory, options: Partial<RankOptions> = {}): RankModel {
  const opts = { ...DEFAULT_RANK_OPTIONS, ...options };
  const counts = countHistory(history.decisions, history.entries ?? []);
  // The entries' text only matters to "similar" (and would add terms no candidate is trained on).
  const entryTexts = opts.groups.includes("similar")
    ? (history.entries ?? []).filter((e) => e.text).map((e) => textTokens(e.text!))
    : [];
  const vocabulary = fitTfidf(
    [...history.decisions.map((d) => candidateText(d.item)), ...entryTexts],
    opts.minDf,
  );
  const entryVectors = entryTexts.map((t) => tfidfVector(vocabulary, t)).filter((v) => v.size > 0);
  const ctx = { groups: new Set(opts.groups), counts, vocabulary, entryVectors, smoothing: opts.smoothing };
  const newest = Math.max(...history.decisions.map((d) => dayOf(d.item.published) ?? 0));
  const examples = history.decisions.map((d) => ({
    x: featuresOf(ctx, d.item, { picked: d.picked }),
    y: d.picked ? 1 : 0,
    weight:
      opts.halfLifeDays > 0 ? 0.5 ** ((newest - (dayOf(d.item.published) ?? newest)) / opts.halfLifeDays) : 1,
  }));
  const lr = trainLogistic(examples, opts);
  const stumps =
    opts.stumpWeight > 0 ? trainStumps(examples.map((e) => ({ x: withoutText(e.x), y: e.y }))) : undefined;
  return {
    options: opts,
    counts,
    vocabulary,
    entryVectors,
    intercept: lr.intercept,
    weights: lr.weights,
    stumps,
  };
}

/** Thousands of sparse words are the regression's to weigh; the stumps split the rest. */
function withoutText(x: SparseVector): SparseVector {
  const out: SparseVector = new Map();
  for (const [k, v] of x) if (!k.startsWith("text:")) out.set(k, v);
  return out;
}

function dayOf(date: string | null): number | null {
  const t = date ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  return Number.isNaN(t) ? null : t / 86_400_000;
}

export function scoreCandidate(model: RankModel, item: Candidate, explain = 5): RankScore {
  const ctx = {
    groups: new Set(model.options.groups),
    counts: model.counts,
    vocabulary: model.vocabulary,
    entryVectors: model.entryVectors,
    smoothing: model.options.smoothing,
  };
  const x = featuresOf(ctx, item);
  const beta = model.stumps ? model.options.stumpWeight : 0;
  if (!model.stumps || beta === 0)
    return { probability: sigmoid(logit(model, x)), why: contributions(model, x, explain) };
  // Both learners are additive per feature, so the blend is too: each feature's share is the
  // blend of its two shares, and the shares still add up to the logit (less the intercepts).
  const parts = new Map<string, number>();
  for (const c of contributions(model, x, Number.POSITIVE_INFINITY))
    parts.set(c.feature, (1 - beta) * c.contribution);
  for (const [f, v] of stumpParts(model.stumps, x)) parts.set(f, (parts.get(f) ?? 0) + beta * v);
  const z = (1 - beta) * logit(model, x) + beta * stumpLogit(model.stumps, x);
  const why: Contribution[] = [...parts]
    .filter(([, c]) => c !== 0)
    .map(([feature, contribution]) => ({ feature, value: x.get(feature) ?? 0, contribution }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : 1))
    .slice(0, explain);
  return { probability: sigmoid(z), why };
}

const FORMAT = "summa-rank-model";
const VERSION = 1;

/** The trained model as JSON text, to keep in a setting or a table. */
export function serialiseRanker(model: RankModel): string {
  return JSON.stringify({
    format: FORMAT,
    version: VERSION,
    options: model.options,
    counts: model.counts,
    idf: model.vocabulary.idf,
    entries: model.entryVectors.map((v) => Object.fromEntries(v)),
    intercept: model.intercept,
    weights: Object.fromEntries(model.weights),
    ...(model.stumps ? { stumps: model.stumps } : {}),
  });
}

function malformed(problem: string): SummaError {
  return new SummaError("input.malformed", `stored rank model: ${problem}`, { problem });
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function numbers(v: unknown, what: string): Record<string, number> {
  if (!isRecord(v)) throw malformed(`${what} is not an object`);
  for (const [k, n] of Object.entries(v))
    if (typeof n !== "number" || !Number.isFinite(n)) throw malformed(`${what}["${k}"] is not a number`);
  return v as Record<string, number>;
}

function tallies(v: unknown, what: string): Record<string, Tally> {
  if (!isRecord(v)) throw malformed(`counts.${what} is not an object`);
  for (const [k, t] of Object.entries(v))
    if (!isRecord(t) || typeof t.picked !== "number" || typeof t.passed !== "number")
      throw malformed(`counts.${what}["${k}"] is not {picked, passed}`);
  return v as Record<string, Tally>;
}

function stumpModel(v: unknown): StumpModel | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v) || typeof v.base !== "number" || !Array.isArray(v.stumps))
    throw malformed("stumps are malformed");
  for (const [i, s] of v.stumps.entries())
    if (
      !isRecord(s) ||
      typeof s.feature !== "string" ||
      ![s.threshold, s.left, s.right].every((n) => typeof n === "number" && Number.isFinite(n))
    )
      throw malformed(`stumps[${i}] is not {feature, threshold, left, right}`);
  return v as unknown as StumpModel;
}

function coauthorLists(v: unknown): Record<string, string[]> | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v)) throw malformed("counts.coauthors is not an object");
  const out = Object.create(null) as Record<string, string[]>;
  for (const [k, list] of Object.entries(v)) {
    if (!Array.isArray(list) || !list.every((a) => typeof a === "string"))
      throw malformed(`counts.coauthors["${k}"] is not a list of names`);
    out[k] = list;
  }
  return out;
}

function entryVectors(v: unknown): SparseVector[] {
  if (!Array.isArray(v)) throw malformed("entries is not a list");
  return v.map((e, i) => new Map(Object.entries(numbers(e, `entries[${i}]`))));
}

/** A model from serialiseRanker's text; `input.malformed` naming the part that is wrong. */
export function deserialiseRanker(text: string): RankModel {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw malformed(`not JSON (${(err as Error).message})`);
  }
  if (!isRecord(data) || data.format !== FORMAT) throw malformed(`not a ${FORMAT}`);
  if (data.version !== VERSION) throw malformed(`version ${String(data.version)}, expected ${VERSION}`);
  if (typeof data.intercept !== "number") throw malformed("intercept is not a number");
  const options = data.options;
  if (!isRecord(options) || !Array.isArray(options.groups)) throw malformed("options are missing");
  for (const g of options.groups)
    if (!ALL_GROUPS.includes(g as FeatureGroup)) throw malformed(`unknown feature group "${String(g)}"`);
  if (typeof options.smoothing !== "number") throw malformed("options.smoothing is not a number");
  const counts = data.counts;
  if (!isRecord(counts) || typeof counts.pickRate !== "number") throw malformed("counts are missing");
  return {
    options: { ...DEFAULT_RANK_OPTIONS, ...(options as Partial<RankOptions>) },
    counts: {
      author: tallies(counts.author, "author"),
      venue: tallies(counts.venue, "venue"),
      host: tallies(counts.host, "host"),
      pickRate: counts.pickRate,
      summarized:
        counts.summarized === undefined
          ? undefined
          : Object.assign(Object.create(null), numbers(counts.summarized, "counts.summarized")),
      coauthors: coauthorLists(counts.coauthors),
    },
    vocabulary: { idf: numbers(data.idf, "idf") },
    entryVectors: entryVectors(data.entries),
    intercept: data.intercept,
    weights: new Map(Object.entries(numbers(data.weights, "weights"))),
    stumps: stumpModel(data.stumps),
  };
}
