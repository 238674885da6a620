import type { Entry } from "../domain/entry.ts";
import { SummaError } from "../domain/errors.ts";
import { isPublic, publicDay } from "../domain/publication.ts";
import {
  type LookupMatch,
  lookupEntry,
  pageOfEntries,
  publicFilters,
  type SearchResult,
  searchEntries,
  similarEntries,
} from "../entries/index.ts";
import { getEntry, issuesDatedAfter, type SearchFilters, type Store } from "../store/index.ts";

/**
 * The public database as data (the API's reads): published entries only, each read applying
 * the rule itself (domain/publication.ts), so a caller cannot forget it.
 */

/**
 * A published entry; any other (a draft, an entry not yet sent, one of an issue dated after
 * today, an unknown id) is not found, so its existence does not leak.
 */
export async function getPublicEntry(store: Store, id: number): Promise<Entry> {
  const entry = await getEntry(store.db, id);
  const early =
    entry?.issueNumber != null &&
    (await issuesDatedAfter(store.db, [entry.issueNumber], publicDay())).size > 0;
  if (!entry || !isPublic(entry) || early) throw new SummaError("not_found", `There is no entry #${id}`);
  return entry;
}

/** Ranked search over published entries (entries/search.ts), with the caller's filters. */
export function searchPublicEntries(
  store: Store,
  text: string,
  options: { filters: SearchFilters; limit: number; offset: number },
): Promise<SearchResult> {
  return searchEntries(store, text, { ...options, filters: publicFilters(options.filters), withTotal: true });
}

/** Published entries without a query: newest issue first, with the caller's filters, and how many there are. */
export function browsePublicEntries(
  store: Store,
  options: { filters: SearchFilters; limit: number; offset: number },
): Promise<{ entries: Entry[]; total: number }> {
  return pageOfEntries(store, { ...options, filters: publicFilters(options.filters), order: "newest" });
}

/** The published entries nearest a published entry by text (not found for any other). */
export async function similarPublicEntries(store: Store, id: number): Promise<Entry[]> {
  const entry = await getPublicEntry(store, id);
  return similarEntries(store, entry, { filters: publicFilters({}) });
}

/** "Has this been summarized?" over published entries: by any link they carry, or by title. */
export function lookupPublicEntries(store: Store, input: string): Promise<LookupMatch[]> {
  return lookupEntry(store, input, { filters: publicFilters({}) });
}
