import { authorKey, type Candidate, hostOf, venueKey } from "./candidate.ts";

/**
 * What the editor did before, counted per author, venue and site: how many of their items were
 * picked and how many passed over. The counts are what the ranker's history features read;
 * an item being trained on is taken out of its own counts (leave-one-out), or a one-off
 * author would "predict" their only item perfectly.
 */
export interface Tally {
  picked: number;
  passed: number;
}

export type TallyKind = "author" | "venue" | "host";

export interface HistoryCounts {
  author: Record<string, Tally>;
  venue: Record<string, Tally>;
  host: Record<string, Tally>;
  /** Share of all counted decisions that were picks: where smoothing pulls a rare key. */
  pickRate: number;
}

/** What a decision or an entry says about who, where and on which site. */
export interface Provenance {
  authors: string[];
  venue: string;
  url: string;
  /** An entry's title and summary, for the text-similarity features. */
  text?: string;
}

export function keysOf(item: Provenance): Record<TallyKind, string[]> {
  const authors = [...new Set(item.authors.map(authorKey).filter((k): k is string => k !== null))];
  const venue = venueKey(item.venue);
  const host = hostOf(item.url);
  return { author: authors, venue: venue ? [venue] : [], host: host ? [host] : [] };
}

/**
 * Counts over labelled candidates and summarized entries (every entry is a pick; an entry that
 * is also one of the candidates should be passed once, as the candidate).
 */
export function countHistory(
  decisions: readonly { item: Candidate; picked: boolean }[],
  entries: readonly Provenance[] = [],
): HistoryCounts {
  // No prototype: a key such as "__proto__" (a site's name can be anything) is just a key.
  const empty = () => Object.create(null) as Record<string, Tally>;
  const counts: HistoryCounts = { author: empty(), venue: empty(), host: empty(), pickRate: 0 };
  let picks = 0;
  const add = (item: Provenance, picked: boolean) => {
    const keys = keysOf(item);
    for (const kind of ["author", "venue", "host"] as const)
      for (const key of keys[kind]) {
        if (!Object.hasOwn(counts[kind], key)) counts[kind][key] = { picked: 0, passed: 0 };
        const tally = counts[kind][key]!;
        if (picked) tally.picked++;
        else tally.passed++;
      }
    if (picked) picks++;
  };
  for (const d of decisions) add(d.item, d.picked);
  for (const e of entries) add(e, true);
  const total = decisions.length + entries.length;
  counts.pickRate = total ? picks / total : 0.5;
  return counts;
}

/** A key's tally without the item's own decision when it is one of those counted. */
export function tallyOf(
  counts: HistoryCounts,
  kind: TallyKind,
  key: string,
  own?: { picked: boolean },
): Tally {
  const t = Object.hasOwn(counts[kind], key) ? counts[kind][key]! : { picked: 0, passed: 0 };
  if (!own) return t;
  return { picked: t.picked - (own.picked ? 1 : 0), passed: t.passed - (own.picked ? 0 : 1) };
}

/** The pick rate pulled toward the overall rate by `strength` pseudo-decisions (additive smoothing). */
export function smoothedRate(t: Tally, prior: number, strength: number): number {
  return (t.picked + strength * prior) / (t.picked + t.passed + strength);
}
