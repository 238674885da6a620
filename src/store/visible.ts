import { type ExpressionBuilder, type RawBuilder, sql } from "kysely";
import type { Database } from "./schema.ts";

/**
 * Whether readers may see an entry row: one written by an import only once that import is
 * published. Every query that reads entries applies it (search, browse, counts, facets, lookups,
 * issues, exports, the desk, the API), so a staged import is invisible until it publishes in
 * one short transaction, and the rows of a failed or crashed import never show while they are
 * cleaned up. `alias` is the entries table's name in the query.
 *
 * Publishing flips the import's state, not its rows: that is what keeps publishing short
 * whatever the import's size. The set of unpublished imports is tiny (the running one, and
 * crashed ones until cleaned up), so the test is cheap per row on both databases.
 */
export function visibleEntry(alias = "entries"): RawBuilder<boolean> {
  const column = sql.ref(`${alias}.import_id`);
  return sql<boolean>`(${column} is null or ${column} not in (select imports.id from imports where imports.state <> 'published'))`;
}

/**
 * The ids of entries readers cannot see (rows of imports not yet published), for the queries
 * the full-text index answers alone (`rowid not in (...)`): empty, and free, when no import is
 * staging.
 */
export function hiddenEntryIds(): RawBuilder<number> {
  return sql<number>`(select entries.id from entries where entries.import_id in (select imports.id from imports where imports.state <> 'published'))`;
}

/** visibleEntry, plus the rows staged by one running import (the import's own matching). */
export function visibleEntryOrStagedBy(importId: number, alias = "entries"): RawBuilder<boolean> {
  return sql<boolean>`(${visibleEntry(alias)} or ${sql.ref(`${alias}.import_id`)} = ${importId})`;
}

/**
 * Whether readers may see an issue row on `day` (YYYY-MM-DD, UTC): published, and undated or
 * dated on or before that day. The SQL twin of domain/publication.ts isPublicIssue, so lists
 * (archive, feeds, home page, sitemap, API) and single issues agree.
 */
export function publicIssue(day: string) {
  return (eb: ExpressionBuilder<Database, "issues">) =>
    eb.and([
      eb("issues.status", "=", "published"),
      // Dates are stored as YYYY-MM-DD (issues/compose.ts checks them), so text order is date order.
      eb.or([eb("issues.date", "is", null), eb("issues.date", "<=", day)]),
    ]);
}
