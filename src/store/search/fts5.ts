import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../schema.ts";
import { browseIds, countMatching } from "./browse.ts";
import { countFacets } from "./facets.ts";
import { applyFilters } from "./filters.ts";
import { type SearchQuery, toFts5Match } from "./query.ts";
import {
  type BrowseRequest,
  type FacetCounts,
  type FacetRequest,
  hasFilters,
  type MatchScope,
  type SearchFilters,
  type SearchHit,
  type SearchIndex,
  type SearchRequest,
} from "./search-index.ts";

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

  /** Entries whose index row matches; a column filter restricts it to the title. */
  matches(query: SearchQuery, scope: MatchScope = "all"): RawBuilder<boolean> {
    const match = scope === "title" ? `title : (${toFts5Match(query)})` : toFts5Match(query);
    return sql<boolean>`entries.id in (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ${match})`;
  }

  browse({ query, scope, filters, order, limit, offset }: BrowseRequest): Promise<number[]> {
    return browseIds(this.db, query && this.matches(query, scope), filters, order, limit, offset);
  }

  facets(request: FacetRequest): Promise<FacetCounts> {
    return countFacets(this.db, request.query && this.matches(request.query), request);
  }

  async count({ query, filters }: { query: SearchQuery | null; filters: SearchFilters }): Promise<number> {
    if (!query) return countMatching(this.db, null, filters);
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
