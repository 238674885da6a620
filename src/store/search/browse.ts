import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "../schema.ts";
import { visibleEntry } from "../visible.ts";
import { applyFilters } from "./filters.ts";
import type { BrowseOrder, SearchFilters } from "./search-index.ts";

/**
 * A predicate over `entries` saying "this entry matches the user's query", from the index
 * (FTS5: rowid in a MATCH; PostgreSQL: search_vector @@ tsquery); null means every entry.
 * Browsing, counting and facets are written once on top of it, for both dialects.
 */
export type MatchCondition = RawBuilder<boolean> | null;

type EntriesQuery<O> = SelectQueryBuilder<Database, "entries", O>;

/** The entries a query and filters select, as a query to add columns, groups and orders to. */
export function matchingEntries(
  db: Kysely<Database>,
  match: MatchCondition,
  filters: SearchFilters,
): EntriesQuery<object> {
  const base = db.selectFrom("entries").where(visibleEntry());
  return applyFilters(match ? base.where(match) : base, filters);
}

/** Sorts NULLs last on both databases (SQLite sorts them first ascending, PostgreSQL last). */
const UNNUMBERED_LAST = sql`case when entries.issue_number is null then 1 else 0 end`;
/** Sheet order inside an issue; entries written on the desk (no sheet row) after the sheet's. */
const SHEET_ORDER = sql`coalesce(entries.sheet_row, 2000000000)`;

/**
 * Ids in issue order: newest (or oldest) issue first, highlights first inside an issue as in
 * the email, then the sheet's order; ties by id, so pages neither repeat nor skip.
 */
export async function browseIds(
  db: Kysely<Database>,
  match: MatchCondition,
  filters: SearchFilters,
  order: BrowseOrder,
  limit: number,
  offset: number,
): Promise<number[]> {
  const rows = await matchingEntries(db, match, filters)
    .select("entries.id as id")
    .orderBy(UNNUMBERED_LAST)
    .orderBy("entries.issue_number", order === "newest" ? "desc" : "asc")
    .orderBy("entries.highlight", "desc")
    .orderBy(SHEET_ORDER)
    .orderBy("entries.id")
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => r.id);
}

/** How many entries a (possibly empty) query and filters select. */
/** Whether any entry matches (a count would read them all). */
export async function anyMatching(
  db: Kysely<Database>,
  match: MatchCondition,
  filters: SearchFilters,
): Promise<boolean> {
  const row = await matchingEntries(db, match, filters).select(sql`1`.as("one")).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function countMatching(
  db: Kysely<Database>,
  match: MatchCondition,
  filters: SearchFilters,
): Promise<number> {
  const row = await matchingEntries(db, match, filters)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
