import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";
import { applyFilters } from "./filters.ts";
import { toFts5Match } from "./query.ts";
import { hasFilters, type SearchHit, type SearchIndex, type SearchRequest } from "./search-index.ts";

/** bm25 column weights: title, authors, summary, opinion, extra. A title hit counts most. */
export const FTS5_WEIGHTS = "10.0, 5.0, 1.0, 1.0, 0.5";

/**
 * SQLite FTS5 with bm25. Without filters the index alone answers (top ids, then the caller
 * loads those rows): joining entries first would touch every matching row before LIMIT.
 */
export class Fts5SearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<Database>) {}

  async search({ query, filters, limit, offset }: SearchRequest): Promise<SearchHit[]> {
    const match = toFts5Match(query);
    if (!hasFilters(filters)) {
      const { rows } =
        await sql<SearchHit>`SELECT rowid AS id, bm25(entries_fts, ${sql.raw(FTS5_WEIGHTS)}) AS score
        FROM entries_fts WHERE entries_fts MATCH ${match}
        ORDER BY score, rowid LIMIT ${limit} OFFSET ${offset}`.execute(this.db);
      return rows.map((r) => ({ id: r.id, score: -r.score }));
    }
    const rows = await applyFilters(
      this.db
        .selectFrom("entries")
        .innerJoin(sql<{ rowid: number }>`entries_fts`.as("entries_fts"), (j) =>
          j.on(sql`entries_fts.rowid`, "=", sql.ref("entries.id")),
        )
        .select(["entries.id as id", sql<number>`bm25(entries_fts, ${sql.raw(FTS5_WEIGHTS)})`.as("score")])
        .where(sql<boolean>`entries_fts MATCH ${match}`),
      filters,
    )
      .orderBy("score")
      // Ties in a stable order, so pages neither repeat nor skip (as on PostgreSQL).
      .orderBy("entries.id")
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => ({ id: r.id, score: -r.score }));
  }

  async count({ query, filters }: Omit<SearchRequest, "limit" | "offset">): Promise<number> {
    const match = toFts5Match(query);
    if (!hasFilters(filters)) {
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM entries_fts
        WHERE entries_fts MATCH ${match}`.execute(this.db);
      return Number(rows[0]?.n ?? 0);
    }
    const row = await applyFilters(
      this.db
        .selectFrom("entries")
        .innerJoin(sql<{ rowid: number }>`entries_fts`.as("entries_fts"), (j) =>
          j.on(sql`entries_fts.rowid`, "=", sql.ref("entries.id")),
        )
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where(sql<boolean>`entries_fts MATCH ${match}`),
      filters,
    ).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
