import { SummaError } from "../../domain/errors.ts";

export const SOURCE_KINDS = ["arxiv-query", "arxiv-listing", "feed", "forum"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** What each kind of source reads; the optional fields have defaults (below). */
export type SourceConfig =
  | { kind: "arxiv-query"; query: string; endpoint?: string; maxResults?: number; pageSize?: number }
  | { kind: "arxiv-listing"; category: string; url?: string }
  | { kind: "feed"; url: string }
  | { kind: "forum"; endpoint: string; venue?: string; pageSize?: number; maxPosts?: number };

export const DEFAULT_ARXIV_QUERY_ENDPOINT = "https://export.arxiv.org/api/query";
export const ARXIV_LISTING_BASE = "https://rss.arxiv.org/rss/";
export const ALIGNMENT_FORUM_GRAPHQL = "https://www.alignmentforum.org/graphql";

/** A configured source as the service hands it out. */
export interface InboxSource {
  id: number;
  name: string;
  kind: SourceKind;
  config: SourceConfig;
  enabled: boolean;
  etag: string | null;
  lastModified: string | null;
  cursor: string | null;
  lastFetchedAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  createdAt: string;
}

/** An error naming the source and the option to fix (details.field, for the desk's form). */
const invalid = (where: string, problem: string, field?: string) =>
  new SummaError("input.invalid", `${where}: ${problem}`, field ? { field } : {});

function httpAddress(value: unknown, where: string, what: string, field: string): string {
  if (typeof value !== "string" || !value.trim()) throw invalid(where, `${what} is required`, field);
  try {
    const url = new URL(value.trim());
    if (url.protocol === "http:" || url.protocol === "https:") return url.toString();
  } catch {}
  throw invalid(where, `${what} "${value}" is not an http(s) address`, field);
}

function positive(value: unknown, where: string, what: string, max: number): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw invalid(where, `${what} must be a whole number from 1 to ${max}`, what);
  return n;
}

/**
 * A source's configuration, checked: the kind is one Summa reads and it has what that kind
 * needs (an arXiv query, a category like cs.AI, a feed's address, a GraphQL endpoint). `where`
 * names the source in errors. Unknown options are dropped.
 */
export function sourceConfigOf(kind: string, raw: Record<string, unknown>, where: string): SourceConfig {
  if (!(SOURCE_KINDS as readonly string[]).includes(kind))
    throw invalid(where, `unknown kind "${kind}" (one of ${SOURCE_KINDS.join(", ")})`, "kind");
  switch (kind as SourceKind) {
    case "arxiv-query": {
      const query = typeof raw.query === "string" ? raw.query.trim() : "";
      if (!query)
        throw invalid(
          where,
          'an arxiv-query source needs a query (--query "cat:cs.AI AND abs:alignment")',
          "query",
        );
      return {
        kind: "arxiv-query",
        query,
        ...(raw.endpoint ? { endpoint: httpAddress(raw.endpoint, where, "the endpoint", "endpoint") } : {}),
        ...optional("maxResults", positive(raw.maxResults, where, "maxResults", 2000)),
        ...optional("pageSize", positive(raw.pageSize, where, "pageSize", 500)),
      };
    }
    case "arxiv-listing": {
      const category = typeof raw.category === "string" ? raw.category.trim() : "";
      if (!/^[a-z-]+(\.[A-Za-z-]+)?$/.test(category))
        throw invalid(
          where,
          `an arxiv-listing source needs a category such as cs.AI (--category), not "${category}"`,
          "category",
        );
      return {
        kind: "arxiv-listing",
        category,
        ...(raw.url ? { url: httpAddress(raw.url, where, "the listing's address", "url") } : {}),
      };
    }
    case "feed":
      return { kind: "feed", url: httpAddress(raw.url, where, "the feed's address (--url)", "url") };
    case "forum":
      return {
        kind: "forum",
        endpoint:
          raw.endpoint || raw.url
            ? httpAddress(raw.endpoint ?? raw.url, where, "the GraphQL endpoint", "endpoint")
            : ALIGNMENT_FORUM_GRAPHQL,
        ...(typeof raw.venue === "string" && raw.venue.trim() ? { venue: raw.venue.trim() } : {}),
        ...optional("pageSize", positive(raw.pageSize, where, "pageSize", 100)),
        ...optional("maxPosts", positive(raw.maxPosts, where, "maxPosts", 5000)),
      };
  }
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** The address a source reads first (for listings and reports). */
export function sourceAddress(config: SourceConfig): string {
  switch (config.kind) {
    case "arxiv-query":
      return `${config.endpoint ?? DEFAULT_ARXIV_QUERY_ENDPOINT}?search_query=${encodeURIComponent(config.query)}`;
    case "arxiv-listing":
      return config.url ?? `${ARXIV_LISTING_BASE}${config.category}`;
    case "feed":
      return config.url;
    case "forum":
      return config.endpoint;
  }
}
