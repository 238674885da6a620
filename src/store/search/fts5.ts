import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../schema.ts";
import { browseIds, countMatching } from "./browse.ts";
import { countFacets } from "./facets.ts";
import { applyFilters } from "./filters.ts";
import {
  closedQuery,
  hasOpenWord,
  isSingleGroup,
  type SearchQuery,
  toFts5Any,
  toFts5Match,
  toFts5TitlePhrase,
} from "./query.ts";
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

/**
 * bm25 column weights: title, authors, summary, opinion, extra. A title or author hit counts
 * more than one in the text, but not so much that one common word in a title outranks an
 * entry whose summary has the whole question (measured with bench/relevance.ts: title 10
 * put such titles first; 5 or less did not).
 */
export const FTS5_WEIGHTS = "5.0, 3.0, 1.0, 1.0, 0.5";

/** Entries whose index row matches an FTS5 expression, as a test on a row id (none for null). */
function rowidIn(column: RawBuilder<unknown>, match: string | null): RawBuilder<number> {
  if (match === null) return sql<number>`0`;
  return sql<number>`(${column} IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ${match}))`;
}

/** A ranking tier: rows matching `match` (every row for null). */
function tier(column: RawBuilder<unknown>, match: string | null): RawBuilder<number> {
  return match === null ? sql<number>`1` : rowidIn(column, match);
}

/**
 * The MATCH expressions a ranked search needs: the result set, and the tiers that rank first
 * (null where a tier is every match). Tiers, best first: the query as a phrase in the title;
 * all the words, the last as typed; all the words, the last as a prefix; the rest.
 */
export function fts5SearchExpressions(query: SearchQuery) {
  const open = hasOpenWord(query);
  return {
    any: toFts5Any(query),
    phrase: toFts5TitlePhrase(query),
    exact: isSingleGroup(query) && !open ? null : toFts5Match(closedQuery(query)),
    all: isSingleGroup(query) || !open ? null : toFts5Match(query),
  };
}

/**
 * SQLite FTS5 with bm25. The query's result set is the entries with any of its words; they are
 * ranked by tier (see fts5SearchExpressions), then bm25. Without
 * filters the index alone answers (top ids, then the caller loads those rows): joining entries
 * first would touch every matching row before LIMIT.
 */
export class Fts5SearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<Database>) {}

  async search({ query, filters, limit, offset }: SearchRequest): Promise<SearchHit[]> {
    const { any, phrase, exact, all } = fts5SearchExpressions(query);
    if (!hasFilters(filters)) {
      const id = sql`rowid`;
      const { rows } =
        await sql<Row>`SELECT rowid AS id, bm25(entries_fts, ${sql.raw(FTS5_WEIGHTS)}) AS score,
          ${rowidIn(id, phrase)} AS phrase, ${tier(id, exact)} AS exact, ${tier(id, all)} AS every
        FROM entries_fts WHERE entries_fts MATCH ${any}
        ORDER BY phrase DESC, exact DESC, every DESC, score, rowid
        LIMIT ${limit} OFFSET ${offset}`.execute(this.db);
      return rows.map((r) => hit(r, hasOpenWord(query)));
    }
    const id = sql`entries.id`;
    const rows = await applyFilters(
      this.db
        .selectFrom("entries")
        .innerJoin(sql<{ rowid: number }>`entries_fts`.as("entries_fts"), (j) =>
          j.on(sql`entries_fts.rowid`, "=", sql.ref("entries.id")),
        )
        .select([
          "entries.id as id",
          sql<number>`bm25(entries_fts, ${sql.raw(FTS5_WEIGHTS)})`.as("score"),
          rowidIn(id, phrase).as("phrase"),
          tier(id, exact).as("exact"),
          tier(id, all).as("every"),
        ])
        .where(sql<boolean>`entries_fts MATCH ${any}`),
      filters,
    )
      .orderBy("phrase", "desc")
      .orderBy("exact", "desc")
      .orderBy("every", "desc")
      .orderBy("score")
      // Ties in a stable order, so pages neither repeat nor skip (as on PostgreSQL).
      .orderBy("entries.id")
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => hit(r, hasOpenWord(query)));
  }

  async hasMatch(query: SearchQuery): Promise<boolean> {
    const { rows } =
      await sql`SELECT 1 FROM entries_fts WHERE entries_fts MATCH ${toFts5Any(query)} LIMIT 1`.execute(
        this.db,
      );
    return rows.length > 0;
  }

  /** Entries whose index row matches (see MatchScope); a column filter restricts it to one field. */
  matches(query: SearchQuery, scope: MatchScope = "all"): RawBuilder<boolean> {
    const match = scope === "all" ? toFts5Any(query) : `${scope} : (${toFts5Match(query)})`;
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
    if (!hasFilters(filters)) {
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM entries_fts
        WHERE entries_fts MATCH ${toFts5Any(query)}`.execute(this.db);
      return Number(rows[0]?.n ?? 0);
    }
    return countMatching(this.db, this.matches(query), filters);
  }
}

interface Row {
  id: number;
  score: number;
  phrase: number;
  exact: number;
  every: number;
}

/** A row as a hit; with an open last word, "all the words" counts it as a prefix. */
function hit(r: Row, open: boolean): SearchHit {
  return {
    id: r.id,
    score: -r.score,
    allWords: Boolean(open ? r.every : r.exact),
    titlePhrase: Boolean(r.phrase),
  };
}
