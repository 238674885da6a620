import { countWords, median } from "./words.ts";

/** What the retrospective reads of one entry that went out in a public issue. */
export interface ContentRow {
  id: number;
  title: string;
  titleKey: string;
  issueNumber: number;
  /** The issue's date, "YYYY-MM-DD", when known (sheet imports have none). */
  issueDate: string | null;
  highlight: boolean;
  category: string;
  /** The category's section in the taxonomy ("" when the category is not in it). */
  section: string;
  venue: string;
  summary: string;
  opinion: string;
  /** In credit order; empty when nobody is credited. */
  summarizers: string[];
}

/** "This entry refers to the title with this key" (entry_references). */
export interface ContentReference {
  entryId: number;
  targetKey: string;
}

export interface Count {
  name: string;
  entries: number;
}

/** The content figures of a run of issues. */
export interface ContentFigures {
  /** "2019", "#1-#52" or "all". */
  period: string;
  firstIssue: number | null;
  lastIssue: number | null;
  issues: number;
  entries: number;
  /** Entries with a summary (the others are listed by title only). */
  summarized: number;
  /** Words in the summaries only: opinions are counted apart, in opinionWords. */
  wordsSummarized: number;
  opinionWords: number;
  withOpinion: number;
  highlights: number;
  /** highlights / entries (0 with no entries). */
  highlightsShare: number;
  /** Entries credited to each summarizer (an entry with two counts for both), most first. */
  summarizers: Count[];
  /** Entries credited to nobody. */
  uncredited: number;
  sections: Count[];
  categories: (Count & { section: string })[];
  /** Venues by entries, most first (entries without a venue are left out). */
  venues: Count[];
  medianSummaryWords: number | null;
  medianOpinionWords: number | null;
  /** Entries the period's entries cite most with <@...@> (distinct citing entries), at most 10. */
  mostCited: { title: string; issueNumber: number; citations: number }[];
}

/** The retrospective: every issue, each calendar year of dated issues, and each run of 52 issues. */
export interface Retrospective {
  overall: ContentFigures;
  /** By the issues' calendar year; issues without a date are in "undated". */
  byYear: ContentFigures[];
  /** By runs of 52 issues (#1-#52, #53-#104, ...): a weekly newsletter's years, dated or not. */
  byVolume: ContentFigures[];
}

export const VOLUME_ISSUES = 52;
const TOP_CITED = 10;

const byCount = (a: Count, b: Count) => b.entries - a.entries || a.name.localeCompare(b.name);

function tally(names: Iterable<string>): Count[] {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([name, entries]) => ({ name, entries })).sort(byCount);
}

/** The most cited entries among `targets`, counted from `citing` entries' references. */
function mostCited(
  citing: ReadonlySet<number>,
  refs: readonly ContentReference[],
  byKey: ReadonlyMap<string, ContentRow>,
): ContentFigures["mostCited"] {
  const counts = new Map<string, Set<number>>();
  for (const r of refs) {
    if (!citing.has(r.entryId) || !byKey.has(r.targetKey)) continue;
    const set = counts.get(r.targetKey) ?? new Set<number>();
    set.add(r.entryId);
    counts.set(r.targetKey, set);
  }
  return [...counts]
    .map(([key, set]) => {
      const e = byKey.get(key)!;
      return { title: e.title, issueNumber: e.issueNumber, citations: set.size };
    })
    .sort(
      (a, b) => b.citations - a.citations || a.issueNumber - b.issueNumber || a.title.localeCompare(b.title),
    )
    .slice(0, TOP_CITED);
}

/** The figures of one period's rows. `byKey` finds a cited title among all entries. */
export function contentFigures(
  period: string,
  rows: readonly ContentRow[],
  refs: readonly ContentReference[],
  byKey: ReadonlyMap<string, ContentRow>,
): ContentFigures {
  const issues = new Set(rows.map((r) => r.issueNumber));
  const numbers = [...issues].sort((a, b) => a - b);
  const summaryWords: number[] = [];
  const opinionWords: number[] = [];
  for (const r of rows) {
    if (r.summary.trim()) summaryWords.push(countWords(r.summary));
    if (r.opinion.trim()) opinionWords.push(countWords(r.opinion));
  }
  const highlights = rows.filter((r) => r.highlight).length;
  const sectionOf = new Map(rows.map((r) => [r.category, r.section]));
  return {
    period,
    firstIssue: numbers[0] ?? null,
    lastIssue: numbers[numbers.length - 1] ?? null,
    issues: issues.size,
    entries: rows.length,
    summarized: summaryWords.length,
    wordsSummarized: summaryWords.reduce((a, b) => a + b, 0),
    opinionWords: opinionWords.reduce((a, b) => a + b, 0),
    withOpinion: opinionWords.length,
    highlights,
    highlightsShare: rows.length ? highlights / rows.length : 0,
    summarizers: tally(rows.flatMap((r) => r.summarizers)),
    uncredited: rows.filter((r) => r.summarizers.length === 0).length,
    sections: tally(rows.map((r) => r.section || "(not in the taxonomy)")),
    categories: tally(rows.map((r) => r.category || "(none)")).map((c) => ({
      ...c,
      section: sectionOf.get(c.name === "(none)" ? "" : c.name) ?? "",
    })),
    venues: tally(rows.map((r) => r.venue.trim()).filter(Boolean)),
    medianSummaryWords: median(summaryWords),
    medianOpinionWords: median(opinionWords),
    mostCited: mostCited(new Set(rows.map((r) => r.id)), refs, byKey),
  };
}

/** "#1-#52": the label of the volume holding issue n. */
export function volumeOf(issueNumber: number): string {
  const first = Math.floor((issueNumber - 1) / VOLUME_ISSUES) * VOLUME_ISSUES + 1;
  return `#${first}-#${first + VOLUME_ISSUES - 1}`;
}

function groupBy(rows: readonly ContentRow[], key: (r: ContentRow) => string): Map<string, ContentRow[]> {
  const groups = new Map<string, ContentRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/**
 * The retrospective of the rows: overall, by calendar year (of the issue's date), and by
 * volume of 52 issues. Periods are in time order; "undated" comes last.
 */
export function retrospective(rows: readonly ContentRow[], refs: readonly ContentReference[]): Retrospective {
  const byKey = new Map<string, ContentRow>();
  // The first entry with a title is the one a reference means (the resolver's rule: oldest issue first).
  for (const r of [...rows].sort((a, b) => a.issueNumber - b.issueNumber || a.id - b.id))
    if (!byKey.has(r.titleKey)) byKey.set(r.titleKey, r);
  const figures = (groups: Map<string, ContentRow[]>, order: (a: string, b: string) => number) =>
    [...groups.keys()].sort(order).map((k) => contentFigures(k, groups.get(k)!, refs, byKey));
  const years = groupBy(rows, (r) => r.issueDate?.slice(0, 4) ?? "undated");
  const volumes = groupBy(rows, (r) => volumeOf(r.issueNumber));
  const firstIssue = (label: string) => Number(/^#(\d+)/.exec(label)?.[1] ?? 0);
  return {
    overall: contentFigures("all", rows, refs, byKey),
    byYear: figures(years, (a, b) => (a === "undated" ? 1 : b === "undated" ? -1 : a.localeCompare(b))),
    byVolume: figures(volumes, (a, b) => firstIssue(a) - firstIssue(b)),
  };
}
