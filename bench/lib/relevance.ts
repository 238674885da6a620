/**
 * The relevance sets and their figures. Both hold paraphrase queries written blind from the
 * real sheet's summaries (by someone who saw no search results); each names its target entries
 * by exact title and issue label. Neither is ever edited.
 *   queries.json      54 queries, committed before the ranking changed: the held-out set that
 *                     the README reports; nothing is tuned on it.
 *   dev-queries.json  100 queries on other entries (a seeded sample), written later to tune
 *                     on (field weights, the all-words boost) without fitting the held-out set.
 *
 * Figures, over all queries, with rank = the 1-based position of the first target in a ranked list:
 *   recall@k  share of queries whose rank <= k
 *   MRR       mean of 1/rank, counting 0 when no target is in the first `depth` results
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH_DIR } from "./common.ts";

export interface RelevanceTarget {
  title: string;
  issue: string;
}

export interface RelevanceQuery {
  query: string;
  targets: RelevanceTarget[];
  kind: "short" | "medium" | "long";
}

export const RELEVANCE_QUERIES = join(BENCH_DIR, "relevance", "queries.json");

export function loadRelevanceQueries(path = RELEVANCE_QUERIES): RelevanceQuery[] {
  return (JSON.parse(readFileSync(path, "utf8")) as { queries: RelevanceQuery[] }).queries;
}

/** An entry as the set names it: exact title and issue label. */
export function targetKey(t: RelevanceTarget): string {
  return `${t.title}\u0000${t.issue}`;
}

/** 1-based rank of the first target in `ranked` (keys as targetKey makes them), or null. */
export function rankOf(ranked: readonly string[], targets: readonly RelevanceTarget[]): number | null {
  const wanted = new Set(targets.map(targetKey));
  const i = ranked.findIndex((k) => wanted.has(k));
  return i === -1 ? null : i + 1;
}

export interface RelevanceFigures {
  queries: number;
  recallAt1: number;
  recallAt10: number;
  mrr: number;
  /** Queries whose target was not in the first 10, with their rank (null: not found at all). */
  misses: { query: string; rank: number | null }[];
  /** Queries that returned nothing at all. */
  empty: string[];
}

export function relevanceFigures(
  rows: { query: RelevanceQuery; rank: number | null; returned: number }[],
): RelevanceFigures {
  const n = rows.length;
  const at = (k: number) => rows.filter((r) => r.rank !== null && r.rank <= k).length / n;
  return {
    queries: n,
    recallAt1: at(1),
    recallAt10: at(10),
    mrr: rows.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0) / n,
    misses: rows
      .filter((r) => r.rank === null || r.rank > 10)
      .map((r) => ({ query: r.query.query, rank: r.rank })),
    empty: rows.filter((r) => r.returned === 0).map((r) => r.query.query),
  };
}
