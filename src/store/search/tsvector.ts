import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../schema.ts";
import { visibleEntry } from "../visible.ts";
import { anyMatching, browseIds, countMatching } from "./browse.ts";
import { countFacets } from "./facets.ts";
import { applyFilters } from "./filters.ts";
import {
  isSingleGroup,
  type SearchQuery,
  type Term,
  type TsTerm,
  titlePhrase,
  toTsAlternatives,
} from "./query.ts";
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

function alternativeQuery(t: TsTerm): RawBuilder<unknown> {
  return t.kind === "prefix"
    ? sql`to_tsquery('summa_english'::regconfig, ${t.tsquery})`
    : sql`phraseto_tsquery('summa_english'::regconfig, ${t.text})`;
}

function groupQuery(group: Term[]): RawBuilder<unknown> {
  return sql`(${sql.join(group.flatMap(toTsAlternatives).map(alternativeQuery), sql` || `)})`;
}

function combine(query: SearchQuery, joiner: "&&" | "||"): RawBuilder<unknown> {
  const groups = sql`(${sql.join(query.must.map(groupQuery), sql.raw(` ${joiner} `))})`;
  if (query.not.length === 0) return groups;
  const nots = query.not.map((t) => sql`!!${groupQuery([t])}`);
  return sql`(${sql.join([groups, ...nots], sql` && `)})`;
}

/** Entries with every group of the query; user text only ever travels as a bound value. */
export function tsQueryExpression(query: SearchQuery): RawBuilder<unknown> {
  return combine(query, "&&");
}

/** Entries with any group of the query: the result set. */
export function tsQueryAny(query: SearchQuery): RawBuilder<unknown> {
  return combine(query, "||");
}

/**
 * ts_rank weights for D (opinion and the rest), C (summary), B (authors), A (title). Flatter
 * than FTS5's bm25 weights (fts5.ts): ts_rank saturates after a word's first occurrence, so a
 * title hit already outweighs several in the summary. Measured on the relevance set
 * (bench/README.md): PostgreSQL's default {0.1, 0.2, 0.4, 1.0} gave recall@1 63%, flatter
 * weights 72-80%; this keeps a mild preference for the title.
 */
const RANK_WEIGHTS = "{0.6, 0.8, 0.9, 1.0}";

/**
 * PostgreSQL: the generated, weighted `search_vector` column with a GIN index. PostgreSQL's
 * own ranks know nothing of how rare a word is, so a question's "are", "the" and "not" weighed
 * as much as its one telling word (recall@1 48% on the relevance set against FTS5's 85%).
 * The score here is bm25's idea on PostgreSQL's pieces: each of the query's words counts
 * ts_rank (its frequency in the entry, by field, over the entry's length) times its inverse
 * document frequency, ln((N - n + 0.5) / (n + 0.5)), floored like FTS5's. The counts n come
 * from the same statement, over the matching entries only.
 */
export class TsvectorSearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<Database>) {}

  async search({ query, filters, limit, offset }: SearchRequest): Promise<SearchHit[]> {
    const any = tsQueryAny(query);
    const groups = query.must.map(groupQuery);
    const phrase = titlePhrase(query);
    // How many groups an entry has, for the same soft all-words boost as FTS5_ORDER.
    const covered = isSingleGroup(query)
      ? sql<number>`1`
      : sql<number>`(${sql.join(
          groups.map((g) => sql`(search_vector @@ ${g})::int`),
          sql` + `,
        )})`;
    const inTitle = phrase
      ? sql<boolean>`ts_filter(search_vector, '{a}') @@ ${groupQuery([phrase])}`
      : sql<boolean>`false`;
    const idf = (i: number) =>
      sql`greatest(1e-6, ln((stats.total - stats.n${sql.raw(String(i))} + 0.5) / (stats.n${sql.raw(String(i))} + 0.5)))`;
    const score = sql.join(
      groups.map((g, i) => sql`${idf(i)} * ts_rank(${RANK_WEIGHTS}::float4[], search_vector, ${g}, 1)`),
      sql` + `,
    );
    const filtered = applyFilters(
      this.db
        // Materialized: inlined, the planner may rescan the counts once per matching row.
        .with(
          (cte) => cte("stats").materialized(),
          (db) =>
            db
              .selectFrom("entries")
              .select([
                sql<number>`(SELECT count(*) FROM entries)`.as("total"),
                ...groups.map((g, i) =>
                  sql<number>`count(*) FILTER (WHERE search_vector @@ ${g})`.as(`n${i}`),
                ),
              ])
              .where(sql<boolean>`search_vector @@ ${any}`)
              .where(visibleEntry()),
        )
        .selectFrom(["entries", "stats"])
        .select([
          "entries.id as id",
          sql<number>`${score}`.as("score"),
          inTitle.as("phrase"),
          covered.as("covered"),
        ])
        .where(sql<boolean>`search_vector @@ ${any}`)
        .where(visibleEntry()),
      filters,
    );
    const n = query.must.length;
    const { rows } = await sql<{ id: number; score: number; phrase: boolean; covered: number }>`
      SELECT id, score, phrase, covered FROM (${filtered}) AS ranked
      ORDER BY phrase DESC, score * (1.0 + covered * 1.0 / ${n}) / 2.0 DESC, id
      LIMIT ${limit} OFFSET ${offset}`.execute(this.db);
    return rows.map((r) => ({
      id: r.id,
      score: Number(r.score),
      // An open last word counts as had when a word starting with it is.
      allWords: Number(r.covered) >= n,
      titlePhrase: Boolean(r.phrase),
    }));
  }

  hasMatch(query: SearchQuery, filters: SearchFilters = {}): Promise<boolean> {
    return anyMatching(this.db, sql<boolean>`entries.search_vector @@ ${tsQueryExpression(query)}`, filters);
  }

  /** Entries whose vector matches (see MatchScope). */
  matches(query: SearchQuery, scope: MatchScope = "all"): RawBuilder<boolean> {
    if (scope === "all") return sql<boolean>`entries.search_vector @@ ${tsQueryAny(query)}`;
    // The GIN index narrows the rows; ts_filter then keeps only the field's lexemes (title A,
    // authors B) for the final test.
    const tsq = tsQueryExpression(query);
    const weight = sql.raw(scope === "title" ? "'{a}'" : "'{b}'");
    return sql<boolean>`(entries.search_vector @@ ${tsq} and ts_filter(entries.search_vector, ${weight}) @@ ${tsq})`;
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
