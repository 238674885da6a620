import type { ParsedIssue, ParsedIssueEntry } from "../../src/formats/parse/index.ts";
import type { WrittenEntry } from "./flatteners.ts";

/**
 * A strict score of a parsed flattened issue against what its writer wrote. A field is right
 * when it is exactly the written text once whitespace is normalised (runs of spaces made one,
 * ends trimmed): nothing else is forgiven, not case, not punctuation, not a cut title. An entry
 * is "fully right" when all its fields are. An issue has "exactly the right entries" when it
 * parses to as many entries as it has, each with the written title, in order.
 *
 * Parsed entries are paired with the issue's in order: first those whose titles are equal (a
 * longest common subsequence), then, between two such pairs, the rest by position, so one
 * missed entry costs that entry, not every entry after it.
 */
export const SCORED_FIELDS = [
  "title",
  "authors",
  "summarizer",
  "highlight",
  "section",
  "category",
  "summary",
  "opinion",
  "prerequisites",
  "readMore",
] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

function fieldRight(field: ScoredField, got: ParsedIssueEntry, want: WrittenEntry): boolean {
  switch (field) {
    case "summarizer":
      return got.summarizer === want.summarizer;
    case "highlight":
      return got.highlight === want.highlight;
    case "opinion":
      return norm(got.opinion) === norm(want.opinion) && got.opinionAuthor === want.opinionAuthor;
    default:
      return norm(got[field]) === norm(want[field]);
  }
}

/** Pairs of (written index, parsed index), in order. */
export function pairEntries(want: WrittenEntry[], got: ParsedIssueEntry[]): [number, number][] {
  const n = want.length;
  const m = got.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] =
        norm(want[i]!.title) === norm(got[j]!.title)
          ? lcs[i + 1]![j + 1]! + 1
          : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const anchors: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (norm(want[i]!.title) === norm(got[j]!.title)) anchors.push([i++, j++]);
    else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++;
    else j++;
  }
  const pairs: [number, number][] = [];
  let [pi, pj] = [0, 0];
  for (const [ai, aj] of [...anchors, [n, m] as [number, number]]) {
    for (let k = 0; pi + k < ai && pj + k < aj; k++) pairs.push([pi + k, pj + k]);
    if (ai < n) pairs.push([ai, aj]);
    [pi, pj] = [ai + 1, aj + 1];
  }
  return pairs;
}

export interface IssueScore {
  entries: number;
  parsed: number;
  fullyRight: number;
  /** Per field, how many of the issue's entries have it right. */
  fields: Record<ScoredField, number>;
  exactEntries: boolean;
  /** The first wrong entries, as readable lines. */
  misses: string[];
}

export function scoreIssue(want: WrittenEntry[], parsed: ParsedIssue): IssueScore {
  const got = parsed.entries;
  const fields = Object.fromEntries(SCORED_FIELDS.map((f) => [f, 0])) as Record<ScoredField, number>;
  let fullyRight = 0;
  const misses: string[] = [];
  for (const [i, j] of pairEntries(want, got)) {
    const wrong = SCORED_FIELDS.filter((f) => !fieldRight(f, got[j]!, want[i]!));
    for (const f of SCORED_FIELDS) if (!wrong.includes(f)) fields[f]++;
    if (wrong.length === 0) fullyRight++;
    else if (misses.length < 5)
      misses.push(
        `entry ${i + 1} "${want[i]!.title.slice(0, 60)}": ${wrong
          .map((f) => `${f} ${JSON.stringify(String(got[j]![f === "opinion" ? "opinion" : f]).slice(0, 80))}`)
          .join(", ")}`,
      );
  }
  const exactEntries =
    got.length === want.length && want.every((w, i) => norm(w.title) === norm(got[i]!.title));
  return { entries: want.length, parsed: got.length, fullyRight, fields, exactEntries, misses };
}

export interface TotalScore {
  issues: number;
  exactIssues: number;
  entries: number;
  fullyRight: number;
  fields: Record<ScoredField, number>;
}

export function addScores(scores: IssueScore[]): TotalScore {
  const fields = Object.fromEntries(SCORED_FIELDS.map((f) => [f, 0])) as Record<ScoredField, number>;
  for (const s of scores) for (const f of SCORED_FIELDS) fields[f] += s.fields[f];
  return {
    issues: scores.length,
    exactIssues: scores.filter((s) => s.exactEntries).length,
    entries: scores.reduce((n, s) => n + s.entries, 0),
    fullyRight: scores.reduce((n, s) => n + s.fullyRight, 0),
    fields,
  };
}

export const percent = (n: number, of: number) => (of === 0 ? 100 : (100 * n) / of);
