import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, type SqliteDatabase, SqliteDialect, sql } from "kysely";
import type { StoreDialect } from "./dialect.ts";
import type { Database } from "./schema.ts";
import { Fts5SearchIndex } from "./search/fts5.ts";

/** Text the full-text index sees for an entry, besides title, authors, summary and opinion. */
const EXTRA = `new.category || ' ' || new.venue || ' ' || new.summarizer || ' ' || new.hat_tip || ' ' || new.prerequisites || ' ' || new.read_more`;
const INDEXED =
  "title, authors, summary, opinion, category, venue, summarizer, hat_tip, prerequisites, read_more";

export const sqliteDialect: StoreDialect = {
  kind: "sqlite",
  serialType: "integer",
  needsAutoIncrement: true,
  maxParameters: 32_000,
  createSearchIndex: (db) => new Fts5SearchIndex(db),
  async createSearchObjects(db) {
    // Contentless: the text lives once, in entries; the index keeps only what bm25 needs.
    // contentless_delete (SQLite >= 3.43) lets updates and deletes remove a row's postings.
    await sql`CREATE VIRTUAL TABLE entries_fts USING fts5(
      title, authors, summary, opinion, extra,
      content='', contentless_delete=1,
      tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
    const insert = `INSERT INTO entries_fts(rowid, title, authors, summary, opinion, extra)
      VALUES (new.id, new.title, new.authors, new.summary, new.opinion, ${EXTRA});`;
    await sql
      .raw(`CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN ${insert} END`)
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
        DELETE FROM entries_fts WHERE rowid = old.id; END`)
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER entries_fts_update AFTER UPDATE OF ${INDEXED} ON entries BEGIN
        DELETE FROM entries_fts WHERE rowid = old.id; ${insert} END`)
      .execute(db);
  },
};

export function openSqlite(path: string): Kysely<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  // WAL: readers never block the writer; NORMAL sync is durable across process crashes.
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  database.pragma("cache_size = -65536");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}

/** Prepared statements kept per connection, most recently used last. */
const STATEMENT_CACHE_SIZE = 100;

/**
 * Kysely prepares every query it runs, and preparing costs as much as running a small one: a
 * search (same SQL every time) or an import batch (same 500-row INSERT) reuses the statement
 * instead. A statement still being iterated is never handed out twice.
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(query: string) {
      const cached = cache.get(query);
      if (cached && !cached.busy) {
        cache.delete(query);
        cache.set(query, cached);
        return cached;
      }
      const statement = database.prepare(query);
      if (!cached) {
        cache.set(query, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}
