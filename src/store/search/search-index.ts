import type { EntryStatus } from "../../domain/entry.ts";
import type { SearchQuery } from "./query.ts";

/** Filters shared by every search: each narrows the result set; all are optional. */
export interface SearchFilters {
  /** Category names, matched case-insensitively; any of them. */
  categories?: string[];
  /** A top-level section name: entries whose category belongs to it. */
  section?: string;
  /** A summarizer's name as credited ("Rohin"); joint credit counts for each person. */
  summarizer?: string;
  /** A substring of the authors, case-insensitive ("Christiano"). */
  author?: string;
  /** A substring of the venue, case-insensitive ("NeurIPS"). */
  venue?: string;
  /** Exact venues, case-insensitive; any of them (the database browser's venue facet). */
  venues?: string[];
  yearFrom?: number;
  yearTo?: number;
  issueFrom?: number;
  issueTo?: number;
  highlightsOnly?: boolean;
  /** Workflow statuses to include (the public site passes ["published"]); all when absent. */
  statuses?: EntryStatus[];
  /**
   * A day (YYYY-MM-DD): leave out entries of issues dated after it. Public reads pass today, so
   * a published issue dated in the future hides its entries as it hides itself (store/visible.ts
   * publicIssue).
   */
  visibleOn?: string;
}

export interface SearchRequest {
  query: SearchQuery;
  filters: SearchFilters;
  limit: number;
  offset: number;
}

export interface SearchHit {
  id: number;
  /** The text score before the all-words boost (higher is better); comparable only within one result list. */
  score: number;
  /** The entry has every word of the query (hits that do come first). */
  allWords: boolean;
  /** Its title has the query's words as a phrase (such hits come before all others). */
  titlePhrase: boolean;
}

/**
 * Where a query must match: "all" is the result set of a search (any of its words, anywhere);
 * "title" and "authors" are for type-ahead: every word (the last one as typed, usually a
 * prefix) in that field alone.
 */
export type MatchScope = "all" | "title" | "authors";

/** Issue order for browsing: newest or oldest issue first; unsent and unnumbered entries last. */
export type BrowseOrder = "newest" | "oldest";

/** A page of entries in issue order: all of them (query null), or those a query matches. */
export interface BrowseRequest {
  query: SearchQuery | null;
  /** "all" unless given. */
  scope?: MatchScope;
  filters: SearchFilters;
  order: BrowseOrder;
  limit: number;
  offset: number;
}

/** The facets the database browser counts (facets.ts says what each one groups by). */
export const FACET_NAMES = ["section", "category", "summarizer", "year", "venue", "highlight"] as const;
export type FacetName = (typeof FACET_NAMES)[number];

export interface FacetValue {
  /** What the filter takes for this value ("Rohin", "2019", "1" for highlights). */
  value: string;
  /** What a reader sees ("Rohin", "2019", "Highlights"). */
  label: string;
  count: number;
}

export interface Facet {
  /** The most frequent values first (ties by value), at most the requested number. */
  values: FacetValue[];
  /** How many distinct values there are in all, so a page can offer "N more". */
  distinct: number;
}

export interface FacetRequest {
  query: SearchQuery | null;
  filters: SearchFilters;
  /** Values per facet. */
  limit: number;
  /** Facets to list in full (up to MAX_FACET_VALUES) rather than the top `limit`. */
  expand?: FacetName[];
}

export type FacetCounts = Record<FacetName, Facet>;

/**
 * Ranked full-text search over entries. Two implementations (SQLite FTS5 with bm25,
 * PostgreSQL tsvector with GIN) pass one shared test file, test/store/search-index.case.ts,
 * and test/store/facets.case.ts for browsing and facets.
 */
export interface SearchIndex {
  search(request: SearchRequest): Promise<SearchHit[]>;
  /**
   * Whether any entry (whatever its status, within the filters if given) has every group of
   * the query: is this a word of the index, do any of these entries have all these words?
   */
  hasMatch(query: SearchQuery, filters?: SearchFilters): Promise<boolean>;
  /** How many entries match (same query and filters), for "N results"; query null counts all the filters allow. */
  count(request: { query: SearchQuery | null; filters: SearchFilters }): Promise<number>;
  /** Entry ids in issue order, for browsing without a query or sorting a query's matches by issue. */
  browse(request: BrowseRequest): Promise<number[]>;
  /**
   * Counts per facet value over the result set. Each facet is counted with every filter but
   * its own (multi-select faceting): a count is how many results choosing that value gives,
   * and a chosen facet still shows the alternatives.
   */
  facets(request: FacetRequest): Promise<FacetCounts>;
}

export function hasFilters(f: SearchFilters): boolean {
  return Object.values(f).some(
    (v) => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0),
  );
}
