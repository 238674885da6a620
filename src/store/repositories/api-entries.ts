import { type Kysely, sql } from "kysely";
import type { Entry } from "../../domain/entry.ts";
import type { Database } from "../schema.ts";
import { applyFilters } from "../search/filters.ts";
import type { SearchFilters } from "../search/search-index.ts";
import { toEntry } from "./entry-row.ts";

type Db = Kysely<Database>;

/** Sorts rows without a sheet position after every row that has one. */
const NO_ROW = 2_000_000_000;

/**
 * Entries matching filters with no search text, newest issue first (entries in no issue
 * last), highlights first inside an issue as in the email, then in sheet order: what a
 * browser of the database expects before typing anything.
 * A search needs words, so this is the listing behind an empty query.
 */
export async function listFilteredEntries(
  db: Db,
  filters: SearchFilters,
  page: { limit: number; offset: number },
): Promise<Entry[]> {
  const rows = await applyFilters(db.selectFrom("entries").selectAll(), filters)
    // Explicit, because SQLite and PostgreSQL place NULLs differently in a descending order.
    .orderBy(sql`case when entries.issue_number is null then 1 else 0 end`)
    .orderBy("entries.issue_number", "desc")
    .orderBy("entries.highlight", "desc")
    .orderBy(sql`coalesce(entries.sheet_row, ${NO_ROW})`)
    .orderBy("entries.id")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toEntry);
}

/** How many entries listFilteredEntries would page through. */
export async function countFilteredEntries(db: Db, filters: SearchFilters): Promise<number> {
  const row = await applyFilters(
    db.selectFrom("entries").select((eb) => eb.fn.countAll<number>().as("n")),
    filters,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}
