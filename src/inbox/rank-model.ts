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
import { fitTfidf, type TfidfVocabulary } from "./tfidf.ts";

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
}

export const DEFAULT_RANK_OPTIONS: RankOptions = {
  groups: ALL_GROUPS,
  smoothing: 2,
  minDf: 3,
  l2: 0.01,
  groupL2: { text: 0.1 },
  iterations: 300,
  learningRate: 0.05,
};

export interface RankModel {
  options: RankOptions;
  counts: HistoryCounts;
  vocabulary: TfidfVocabulary;
  intercept: number;
  weights: Map<string, number>;
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
  const vocabulary = fitTfidf(
    history.decisions.map((d) => candidateText(d.item)),
    opts.minDf,
  );
  const ctx = { groups: new Set(opts.groups), counts, vocabulary, smoothing: opts.smoothing };
  const examples = history.decisions.map((d) => ({
    x: featuresOf(ctx, d.item, { picked: d.picked }),
    y: d.picked ? 1 : 0,
  }));
  const lr = trainLogistic(examples, opts);
  return { options: opts, counts, vocabulary, intercept: lr.intercept, weights: lr.weights };
}

export function scoreCandidate(model: RankModel, item: Candidate, explain = 5): RankScore {
  const ctx = {
    groups: new Set(model.options.groups),
    counts: model.counts,
    vocabulary: model.vocabulary,
    smoothing: model.options.smoothing,
  };
  const x = featuresOf(ctx, item);
  return { probability: sigmoid(logit(model, x)), why: contributions(model, x, explain) };
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
    intercept: model.intercept,
    weights: Object.fromEntries(model.weights),
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
    },
    vocabulary: { idf: numbers(data.idf, "idf") },
    intercept: data.intercept,
    weights: new Map(Object.entries(numbers(data.weights, "weights"))),
  };
}
