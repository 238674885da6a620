import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";
import { applyFilters } from "./filters.ts";
import { toTsQuery } from "./query.ts";
import type { SearchHit, SearchIndex, SearchRequest } from "./search-index.ts";

/**
 * PostgreSQL: the generated, weighted `search_vector` column with a GIN index, ranked by
 * ts_rank_cd. The query is built from parsed lexemes (never raw user syntax), so any input is
 * valid tsquery text.
 */
export class TsvectorSearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<Database>) {}

  private base(text: string) {
    const tsq = sql`to_tsquery('english'::regconfig, ${text})`;
    return { tsq, where: sql<boolean>`search_vector @@ ${tsq}` };
  }

  async search({ query, filters, limit, offset }: SearchRequest): Promise<SearchHit[]> {
    const { tsq, where } = this.base(toTsQuery(query));
    const rows = await applyFilters(
      this.db
        .selectFrom("entries")
        .select(["entries.id as id", sql<number>`ts_rank_cd(search_vector, ${tsq}, 1)`.as("score")])
        .where(where),
      filters,
    )
      .orderBy("score", "desc")
      .orderBy("entries.id")
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  async count({ query, filters }: Omit<SearchRequest, "limit" | "offset">): Promise<number> {
    const { where } = this.base(toTsQuery(query));
    const row = await applyFilters(
      this.db
        .selectFrom("entries")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where(where),
      filters,
    ).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
