import type { Contribution } from "./logistic.ts";

/** One part of a score as the inbox shows it: what it is, and how far it moved the score (logit). */
export interface ScoreReason {
  /** Words a person reads: "authors picked before", "venue arxiv", "word: reward". */
  label: string;
  /** Weight × value: positive toward picking. */
  contribution: number;
}

const AUTHORS: Record<string, string> = {
  best_rate: "an author's pick rate",
  mean_rate: "the authors' mean pick rate",
  log_picks: "the authors' earlier picks",
  with_history: "authors seen before",
  picked_before: "an author picked before",
};

const META: Record<string, string> = {
  has_abstract: "has an abstract",
  log_authors: "number of authors",
};

const OTHER: Record<string, string> = {
  "coauthors:best_rate": "a co-author's pick rate",
  "coauthors:mean_rate": "the co-authors' mean pick rate",
  "coauthors:log_count": "co-authors seen before",
  "origin:summarized": "the authors' summarized entries",
  "origin:decided_rate": "the authors' pick rate as candidates",
  "unseen:author": "no author seen before",
  "unseen:venue": "a venue not seen before",
  "unseen:host": "a site not seen before",
};

/** A feature name (features.ts) in words. */
export function featureLabel(feature: string): string {
  const at = feature.indexOf(":");
  const group = at < 0 ? feature : feature.slice(0, at);
  const key = at < 0 ? "" : feature.slice(at + 1);
  if (Object.hasOwn(OTHER, feature)) return OTHER[feature]!;
  switch (group) {
    case "author":
      return `author ${key}`;
    case "authors":
      return AUTHORS[key] ?? `authors ${key}`;
    case "venue":
      return `venue ${key}`;
    case "venues":
      return "the venue's pick rate";
    case "host":
      return `site ${key}`;
    case "hosts":
      return "the site's pick rate";
    case "type":
      return `kind ${key}`;
    case "tag":
      return `tag ${key}`;
    case "text":
      return `word "${key}"`;
    case "similar":
      return key === "best" ? "like a summarized entry" : "like summarized entries";
    case "meta":
      return META[key] ?? key;
    default:
      return feature;
  }
}

export function reasonsOf(why: readonly Contribution[]): ScoreReason[] {
  return why.map((c) => ({
    label: featureLabel(c.feature),
    contribution: Math.round(c.contribution * 100) / 100,
  }));
}

/** "an author picked before: +1.20" */
export function formatReason(r: ScoreReason): string {
  return `${r.label}: ${r.contribution >= 0 ? "+" : ""}${r.contribution.toFixed(2)}`;
}
