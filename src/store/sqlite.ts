import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, type SqliteDatabase, sql } from "kysely";
import type { StoreDialect } from "./dialect.ts";
import { refusingNul } from "./refuse-nul.ts";
import type { Database } from "./schema.ts";
import { Fts5SearchIndex } from "./search/fts5.ts";
import { openBulkWriter } from "./sqlite-bulk.ts";
import { BUSY_TIMEOUT_MS, BusyAwareSqliteDialect } from "./sqlite-busy.ts";
import { PRAGMAS, STATEMENT_CACHE } from "./sqlite-settings.ts";

export const sqliteDialect: StoreDialect = {
  kind: "sqlite",
  serialType: "integer",
  needsAutoIncrement: true,
  skipLocked: false,
  maxParameters: 32_000,
  createSearchIndex: (db) => new Fts5SearchIndex(db),
  openBulkWriter: (address) => openBulkWriter(address),
  async deferIndexes(db, tables) {
    // Indexes SQLite made for constraints (PRIMARY KEY, UNIQUE) have no SQL and stay: the
    // write itself looks rows up through them. Unique indexes stay too: they enforce a rule
    // while the rows go in, and a violation must name its row, not fail the rebuild.
    const { rows } = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master
      WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
        AND tbl_name IN (${sql.join(tables)})
      ORDER BY name`.execute(db);
    for (const index of rows) await sql`DROP INDEX ${sql.id(index.name)}`.execute(db);
    return async () => {
      for (const index of rows) await sql.raw(index.sql).execute(db);
    };
  },
};

/** `busyRetryMs`: how long a write waits for another connection's lock before store.busy (sqlite-busy.ts). */
export function openSqlite(path: string, options: { busyRetryMs?: number } = {}): Kysely<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  for (const pragma of PRAGMAS) database.pragma(pragma);
  // This thread serves requests: SQLite's busy handler would sleep on it (see sqlite-busy.ts).
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // SQLite's own lower() folds ASCII only; filters compare names like "Łukasz" case-insensitively.
  database.function("lower", { deterministic: true }, (s: unknown) =>
    typeof s === "string" ? s.toLowerCase() : s,
  );
  const db = new Kysely<Database>({
    dialect: refusingNul(
      new BusyAwareSqliteDialect({ database: withStatementCache(database) }, options.busyRetryMs),
    ),
  });
  return db;
}

/**
 * Kysely prepares every query it runs, and preparing costs as much as running a small one: a
 * search (same SQL every time) or an import batch (same 1,000-row INSERT) reuses the statement
 * instead. A statement still being iterated is never handed out twice. (The bulk writer's worker
 * below keeps the same cache, in JavaScript.)
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  let chars = 0;
  return {
    prepare(query: string) {
      const cached = cache.get(query);
      if (cached?.busy) return database.prepare(query);
      if (cached) {
        cache.delete(query);
        cache.set(query, cached);
        return cached;
      }
      const statement = database.prepare(query);
      cache.set(query, statement);
      chars += query.length;
      for (const old of cache.keys()) {
        if (cache.size <= STATEMENT_CACHE.count && chars <= STATEMENT_CACHE.chars) break;
        if (old === query) continue;
        cache.delete(old);
        chars -= old.length;
      }
      return statement;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}
