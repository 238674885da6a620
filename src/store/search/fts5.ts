import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../schema.ts";
import { hiddenEntryIds, visibleEntry } from "../visible.ts";
import { anyMatching, browseIds, countMatching } from "./browse.ts";
import { countFacets } from "./facets.ts";
import { applyFilters } from "./filters.ts";
import { type SearchQuery, type Term, toFts5Any, toFts5Match, toFts5TitlePhrase } from "./query.ts";
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

/**
 * The MATCH expressions a ranked search needs: the result set (any word), the query as a
 * phrase in the title (null when it has none), and how to count the query's word groups an
 * entry has: `covered.base` plus one per set in `covered.sets` it is in. Every result has at
 * least one group, so a one-group query needs no set, and a two-group query only the entries
 * with both (one set, smaller than either group's): the common queries stay cheap. Longer
 * queries count each group's set (each built once per statement from a doclist the OR reads).
 */
export function fts5SearchExpressions(query: SearchQuery) {
  const n = query.must.length;
  const one = (g: Term[]) => toFts5Match({ must: [g], not: [], truncated: false });
  return {
    any: toFts5Any(query),
    phrase: toFts5TitlePhrase(query),
    groups: n,
    covered:
      n === 1
        ? { base: 1, sets: [] }
        : n === 2
          ? { base: 1, sets: [toFts5Match({ must: query.must, not: [], truncated: false })] }
          : { base: 0, sets: query.must.map(one) },
  };
}

/** How many of the query's groups a row has (see fts5SearchExpressions). */
function coveredGroups(
  column: RawBuilder<unknown>,
  covered: { base: number; sets: string[] },
): RawBuilder<number> {
  return sql<number>`(${sql.join([sql.lit(covered.base), ...covered.sets.map((m) => rowidIn(column, m))], sql` + `)})`;
}

/**
 * The ranking: a title phrase first, then bm25 scaled by the share of the query's groups an
 * entry has, (1 + share) / 2: an entry with every word gets twice the weight of its bm25, one
 * with half of them 1.5 times. On the relevance sets (bench/relevance.ts) this soft boost beat
 * ranking all-word entries first as a hard tier: with a natural question, an entry that has
 * every word in passing (one is "not", another "can") used to outrank the one that has the
 * question's telling words many times.
 */
export const FTS5_ORDER = "phrase DESC, score * (1.0 + covered * 1.0 / groups) / 2.0, id";

/**
 * SQLite FTS5 with bm25. The query's result set is the entries with any of its words, ranked by
 * FTS5_ORDER. Without filters the index alone answers (top ids, then the caller loads those rows): joining entries
 * first would touch every matching row before LIMIT.
 */
export class Fts5SearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<Database>) {}

  async search({ query, filters, limit, offset }: SearchRequest): Promise<SearchHit[]> {
    const { any, phrase, groups: n, covered } = fts5SearchExpressions(query);
    if (!hasFilters(filters)) {
      const id = sql`rowid`;
      const { rows } = await sql<Row>`SELECT id, score, phrase, covered FROM (
          SELECT rowid AS id, bm25(entries_fts, ${sql.raw(FTS5_WEIGHTS)}) AS score,
            ${rowidIn(id, phrase)} AS phrase, ${coveredGroups(id, covered)} AS covered,
            ${n} AS groups
          FROM entries_fts WHERE entries_fts MATCH ${any} AND rowid NOT IN ${hiddenEntryIds()})
        ORDER BY ${sql.raw(FTS5_ORDER)}
        LIMIT ${limit} OFFSET ${offset}`.execute(this.db);
      return rows.map((r) => hit(r, n));
    }
    const id = sql`entries.id`;
    const filtered = applyFilters(
      this.db
        .selectFrom("entries")
        .innerJoin(sql<{ rowid: number }>`entries_fts`.as("entries_fts"), (j) =>
          j.on(sql`entries_fts.rowid`, "=", sql.ref("entries.id")),
        )
        .select([
          "entries.id as id",
          sql<number>`bm25(entries_fts, ${sql.raw(FTS5_WEIGHTS)})`.as("score"),
          rowidIn(id, phrase).as("phrase"),
          coveredGroups(id, covered).as("covered"),
          sql<number>`${n}`.as("groups"),
        ])
        .where(sql<boolean>`entries_fts MATCH ${any}`)
        .where(visibleEntry()),
      filters,
    );
    // Ties in a stable order (by id), so pages neither repeat nor skip (as on PostgreSQL).
    const { rows } = await sql<Row>`SELECT id, score, phrase, covered FROM (${filtered})
      ORDER BY ${sql.raw(FTS5_ORDER)} LIMIT ${limit} OFFSET ${offset}`.execute(this.db);
    return rows.map((r) => hit(r, n));
  }

  async hasMatch(query: SearchQuery, filters: SearchFilters = {}): Promise<boolean> {
    const every = toFts5Match(query);
    if (hasFilters(filters))
      return anyMatching(
        this.db,
        sql<boolean>`entries.id in (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ${every})`,
        filters,
      );
    const { rows } = await sql`SELECT 1 FROM entries_fts WHERE entries_fts MATCH ${every}
      AND rowid NOT IN ${hiddenEntryIds()} LIMIT 1`.execute(this.db);
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
        WHERE entries_fts MATCH ${toFts5Any(query)} AND rowid NOT IN ${hiddenEntryIds()}`.execute(this.db);
      return Number(rows[0]?.n ?? 0);
    }
    return countMatching(this.db, this.matches(query), filters);
  }
}

interface Row {
  id: number;
  score: number;
  phrase: number;
  covered: number;
}

/** A row as a hit (an open last word counts as had when a word starting with it is). */
function hit(r: Row, groups: number): SearchHit {
  return {
    id: r.id,
    score: -r.score,
    allWords: Number(r.covered) >= groups,
    titlePhrase: Boolean(r.phrase),
  };
}
