import type { Entry } from "../domain/entry.ts";
import {
  closedQuery,
  getEntriesByIds,
  hasOpenWord,
  parseSearchQuery,
  type SearchFilters,
  type SearchQuery,
  type Store,
} from "../store/index.ts";

export interface SearchOptions {
  filters?: SearchFilters;
  limit?: number;
  offset?: number;
  /** Count all matches too (one more index scan; on by default for people, off in hot paths). */
  withTotal?: boolean;
}

export interface SearchHitEntry {
  entry: Entry;
  score: number;
  /** It has every word of the query (such entries come first). */
  allWords: boolean;
  /** Its title has the query's words as a phrase (such entries come before all others). */
  titlePhrase: boolean;
}

export interface SearchResult {
  query: string;
  total: number | null;
  truncated: boolean;
  /**
   * Whether the query has two or more words and no entry (within the filters) has them all:
   * the results are the entries with some of them, and a page says so.
   */
  partial: boolean;
  results: SearchHitEntry[];
}

/**
 * Queries of up to this many words are typed the way type-ahead is ("interp", "reward mod"):
 * their last word is taken as a prefix too.
 */
const OPEN_UP_TO_WORDS = 2;

/**
 * What a reader typed, as a query. The last word may still be being typed ("interpreta"), so
 * it also matches as a prefix in a query of one or two words, or when no entry has it as a
 * whole word. A finished last word of a longer question stays a word: as a prefix it would
 * also match every longer word sharing its stem ("memorizing" -> "memory", "axes" ->
 * "axelrod"), which put the wanted entry lower for a tenth of the relevance set's questions
 * (bench/README.md); for two-word queries it changed nothing there.
 */
export async function readerQuery(store: Store, text: string): Promise<SearchQuery> {
  const query = parseSearchQuery(text, { openLast: true });
  if (query.must.length <= OPEN_UP_TO_WORDS || !hasOpenWord(query)) return query;
  const open = query.must.flat().find((t) => t.open)!;
  const asTyped: SearchQuery = { must: [[{ ...open, open: false }]], not: [], truncated: false };
  return (await store.search.hasMatch(asTyped)) ? closedQuery(query) : query;
}

/**
 * Whether a query of two or more words found only entries with some of them: no hit on the
 * first page has them all, and no entry within the filters does (the ranking boosts entries
 * with every word, it does not put them all first). A page then says so.
 */
export async function onlySomeWords(
  store: Store,
  query: SearchQuery,
  filters: SearchFilters,
  firstPage: readonly { allWords: boolean }[],
): Promise<boolean> {
  if (query.must.length < 2 || firstPage.length === 0 || firstPage.some((h) => h.allWords)) return false;
  return !(await store.search.hasMatch(query, filters));
}

/** Full-text search with filters, ranked by relevance, over whichever index the store has. */
export async function searchEntries(
  store: Store,
  text: string,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const query = await readerQuery(store, text);
  const filters = options.filters ?? {};
  const limit = Math.max(1, Math.min(options.limit ?? 20, 1000));
  const offset = Math.max(0, options.offset ?? 0);
  const hits = await store.search.search({ query, filters, limit, offset });
  const entries = await getEntriesByIds(
    store.db,
    hits.map((h) => h.id),
  );
  const byId = new Map(hits.map((h) => [h.id, h]));
  const total = options.withTotal ? await store.search.count({ query, filters }) : null;
  const partial = offset === 0 && (await onlySomeWords(store, query, filters, hits));
  return {
    query: text,
    total,
    truncated: query.truncated,
    partial,
    results: entries.map((entry) => {
      const h = byId.get(entry.id);
      return {
        entry,
        score: h?.score ?? 0,
        allWords: h?.allWords ?? false,
        titlePhrase: h?.titlePhrase ?? false,
      };
    }),
  };
}
