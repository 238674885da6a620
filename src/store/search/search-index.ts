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
  yearFrom?: number;
  yearTo?: number;
  issueFrom?: number;
  issueTo?: number;
  highlightsOnly?: boolean;
  /** Workflow statuses to include (the public site passes ["published"]); all when absent. */
  statuses?: EntryStatus[];
}

export interface SearchRequest {
  query: SearchQuery;
  filters: SearchFilters;
  limit: number;
  offset: number;
}

export interface SearchHit {
  id: number;
  /** Higher is better; comparable only within one result list. */
  score: number;
}

/**
 * Ranked full-text search over entries. Two implementations (SQLite FTS5 with bm25,
 * PostgreSQL tsvector with GIN) pass one shared test file, test/store/search-index.case.ts.
 */
export interface SearchIndex {
  search(request: SearchRequest): Promise<SearchHit[]>;
  /** How many entries match (same query and filters), for "N results". */
  count(request: Omit<SearchRequest, "limit" | "offset">): Promise<number>;
}

export function hasFilters(f: SearchFilters): boolean {
  return Object.values(f).some(
    (v) => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0),
  );
}
