import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";
import type { SearchIndex } from "./search/search-index.ts";

/**
 * What differs between SQLite and PostgreSQL, as capabilities of one adapter (the Kysely
 * way), so the rest of the store never asks "which database is this?".
 */
export interface StoreDialect {
  readonly kind: "sqlite" | "postgres";
  /** Column type for an auto-incrementing integer primary key. */
  readonly serialType: "integer" | "serial";
  /** Whether `integer primary key` must also be declared autoincrement. */
  readonly needsAutoIncrement: boolean;
  /** How many bound parameters one statement may carry (batches are sized from it). */
  readonly maxParameters: number;
  /**
   * Whether a SELECT may take row locks and skip rows others hold (`FOR UPDATE SKIP LOCKED`):
   * PostgreSQL. Without it (SQLite), one writer at a time already makes a claim atomic.
   */
  readonly skipLocked: boolean;
  /**
   * A second connection for one large write whose database work runs on another core (SQLite:
   * a worker thread), or null where there is none; the caller then writes on its own connection.
   */
  openBulkWriter?(address: string): Promise<Kysely<Database> | null>;
  /**
   * For one large write inside the current transaction: drops the secondary indexes of
   * `tables` and returns what recreates them, so each is built by one sort at the end instead
   * of a b-tree insert per row. SQLite only: its readers keep their snapshot (WAL), indexes
   * included, and a rollback restores them. PostgreSQL has none: DROP INDEX would lock every
   * reader of the table out until the write commits.
   */
  deferIndexes?(db: Kysely<Database>, tables: readonly string[]): Promise<() => Promise<void>>;
  /** The SearchIndex implementation that reads those objects. */
  createSearchIndex(db: Kysely<Database>): SearchIndex;
}
