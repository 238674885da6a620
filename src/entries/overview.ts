import type { Entry } from "../domain/entry.ts";
import {
  type BrowseOrder,
  countEntries,
  getEntriesByIds,
  getEntry,
  type IssueSummary,
  listIssues,
  listPeople,
  type SearchFilters,
  type Store,
} from "../store/index.ts";

/**
 * The whole database as its operator sees it (`summa show`, `issues`, `people`, `stats`): every
 * entry and issue whatever its status. Readers' views go through src/archive instead, which
 * shows published ones only.
 */

/** Any entry by id, drafts included; undefined when there is none. */
export function findEntry(store: Store, id: number): Promise<Entry | undefined> {
  return getEntry(store.db, id);
}

/**
 * One page of the entries within `filters`, without a query (by issue, newest or oldest first),
 * and how many there are in all. The caller decides the statuses: src/archive passes the public ones.
 */
export async function pageOfEntries(
  store: Store,
  page: { filters: SearchFilters; order: BrowseOrder; limit: number; offset: number },
): Promise<{ entries: Entry[]; total: number }> {
  const { filters } = page;
  const [ids, total] = await Promise.all([
    store.search.browse({ query: null, ...page }),
    store.search.count({ query: null, filters }),
  ]);
  return { entries: await getEntriesByIds(store.db, ids), total };
}

/** Every issue with its entry count, newest first. */
export function listAllIssues(store: Store): Promise<IssueSummary[]> {
  return listIssues(store.db);
}

/** The summarizers and how many entries each wrote. */
export async function listSummarizers(
  store: Store,
): Promise<{ name: string; role: string; entries: number }[]> {
  return (await listPeople(store.db)).map((p) => ({ ...p, entries: Number(p.entries) }));
}

/** How much is in the database. */
export async function databaseTotals(
  store: Store,
): Promise<{ entries: number; issues: number; people: number }> {
  const [entries, issues, people] = await Promise.all([
    countEntries(store.db),
    listIssues(store.db),
    listPeople(store.db),
  ]);
  return { entries, issues: issues.length, people: people.length };
}
