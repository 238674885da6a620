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
  /**
   * Per author, how many of the counted picks were summarized entries rather than decided
   * candidates (the "origin" features keep the two records apart). Absent in older stored models.
   */
  summarized?: Record<string, number>;
  /** Per author, who they wrote a counted item with (the "coauthors" features). Absent in older stored models. */
  coauthors?: Record<string, string[]>;
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
  const counts = { author: empty(), venue: empty(), host: empty() };
  const summarized = Object.create(null) as Record<string, number>;
  const links = new Map<string, Set<string>>();
  let picks = 0;
  const add = (item: Provenance, picked: boolean, entry: boolean) => {
    const keys = keysOf(item);
    for (const a of keys.author) {
      if (entry) summarized[a] = (summarized[a] ?? 0) + 1;
      for (const b of keys.author)
        if (a !== b) {
          if (!links.has(a)) links.set(a, new Set());
          links.get(a)!.add(b);
        }
    }
    for (const kind of ["author", "venue", "host"] as const)
      for (const key of keys[kind]) {
        if (!Object.hasOwn(counts[kind], key)) counts[kind][key] = { picked: 0, passed: 0 };
        const tally = counts[kind][key]!;
        if (picked) tally.picked++;
        else tally.passed++;
      }
    if (picked) picks++;
  };
  for (const d of decisions) add(d.item, d.picked, false);
  for (const e of entries) add(e, true, true);
  const total = decisions.length + entries.length;
  const coauthors = Object.create(null) as Record<string, string[]>;
  for (const [a, set] of links) coauthors[a] = [...set].sort();
  return {
    author: counts.author,
    venue: counts.venue,
    host: counts.host,
    pickRate: total ? picks / total : 0.5,
    summarized,
    coauthors,
  };
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
