import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../schema.ts";
import { browseIds, countMatching } from "./browse.ts";
import { countFacets } from "./facets.ts";
import { applyFilters } from "./filters.ts";
import { type SearchQuery, type Term, toTsTerm } from "./query.ts";
import type {
  BrowseRequest,
  FacetCounts,
  FacetRequest,
  MatchScope,
  SearchFilters,
  SearchHit,
  SearchIndex,
  SearchRequest,
} from "./search-index.ts";

function termQuery(term: Term): RawBuilder<unknown> {
  const t = toTsTerm(term);
  return t.kind === "prefix"
    ? sql`to_tsquery('summa_english'::regconfig, ${t.tsquery})`
    : sql`phraseto_tsquery('summa_english'::regconfig, ${t.text})`;
}

/** The whole query as one tsquery expression; user text only ever travels as a bound value. */
export function tsQueryExpression(query: SearchQuery): RawBuilder<unknown> {
  const groups = query.must.map((g) => sql`(${sql.join(g.map(termQuery), sql` || `)})`);
  const nots = query.not.map((t) => sql`!!${termQuery(t)}`);
  return sql`(${sql.join([...groups, ...nots], sql` && `)})`;
}

/**
 * PostgreSQL: the generated, weighted `search_vector` column with a GIN index, ranked by
 * ts_rank_cd.
 */
export class TsvectorSearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<Database>) {}

  async search({ query, filters, limit, offset }: SearchRequest): Promise<SearchHit[]> {
    const tsq = tsQueryExpression(query);
    const rows = await applyFilters(
      this.db
        .selectFrom("entries")
        .select(["entries.id as id", sql<number>`ts_rank_cd(search_vector, ${tsq}, 1)`.as("score")])
        .where(sql<boolean>`search_vector @@ ${tsq}`),
      filters,
    )
      .orderBy("score", "desc")
      .orderBy("entries.id")
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  /**
   * Entries whose vector matches. For the title alone, the GIN index still narrows the rows
   * and ts_filter then keeps only the title's lexemes (weight A) for the final test.
   */
  matches(query: SearchQuery, scope: MatchScope = "all"): RawBuilder<boolean> {
    const tsq = tsQueryExpression(query);
    return scope === "title"
      ? sql<boolean>`(entries.search_vector @@ ${tsq} and ts_filter(entries.search_vector, '{a}') @@ ${tsq})`
      : sql<boolean>`entries.search_vector @@ ${tsq}`;
  }

  browse({ query, scope, filters, order, limit, offset }: BrowseRequest): Promise<number[]> {
    return browseIds(this.db, query && this.matches(query, scope), filters, order, limit, offset);
  }

  facets(request: FacetRequest): Promise<FacetCounts> {
    return countFacets(this.db, request.query && this.matches(request.query), request);
  }

  count({ query, filters }: { query: SearchQuery | null; filters: SearchFilters }): Promise<number> {
    return countMatching(this.db, query && this.matches(query), filters);
  }
}
