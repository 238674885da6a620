import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Worker } from "node:worker_threads";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  type SqliteDatabase,
  SqliteDialect,
  sql,
} from "kysely";
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

/** Every connection's settings. */
const PRAGMAS = [
  // WAL: readers never block the writer; NORMAL sync is durable across process crashes.
  "journal_mode = WAL",
  "synchronous = NORMAL",
  "foreign_keys = ON",
  "busy_timeout = 5000",
  "cache_size = -65536",
];

/** The database file behind each Kysely instance openSqlite made (for openBulkWriter). */
const files = new WeakMap<Kysely<Database>, string>();

export function openSqlite(path: string): Kysely<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  for (const pragma of PRAGMAS) database.pragma(pragma);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  if (path !== ":memory:") files.set(db, path);
  return db;
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

/**
 * A second connection to the same database file whose SQLite work runs on a worker thread, for
 * one bulk write (a large import): SQLite's share (FTS5 tokenizing, b-trees, the WAL) then runs
 * on another core while this thread parses the next rows. Queries are compiled here as usual
 * and executed in order on the worker's connection (same pragmas, same statement cache).
 * Null when there is no file to share (in-memory databases, stores not opened by openSqlite):
 * callers then use the store's own connection. Destroy it when done.
 */
export async function openBulkWriter(db: Kysely<Database>): Promise<Kysely<Database> | null> {
  const path = files.get(db);
  if (path === undefined) return null;
  const driver = new WorkerDriver(path);
  const bulk = new Kysely<Database>({ dialect: new WorkerSqliteDialect(driver) });
  // Fail here (unreadable file, no worker threads) rather than in the caller's transaction.
  await bulk.executeQuery(CompiledQuery.raw("select 1"));
  return bulk;
}

class WorkerSqliteDialect extends SqliteDialect {
  constructor(private readonly driver: WorkerDriver) {
    super({ database: { prepare: () => unreachable(), close: () => undefined } });
  }
  override createDriver(): Driver {
    return this.driver;
  }
}

function unreachable(): never {
  throw new Error("WorkerSqliteDialect executes queries on its worker");
}

/** The worker: plain JavaScript (no TypeScript loader in worker threads), better-sqlite3 only. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const describe = (err) => ({ message: String(err && err.message || err), code: err && err.code, name: err && err.name });
let db = null;
const cache = new Map();
function prepare(sql) {
  let statement = cache.get(sql);
  if (statement && !statement.busy) return statement;
  statement = db.prepare(sql);
  if (cache.size >= ${STATEMENT_CACHE_SIZE}) cache.delete(cache.keys().next().value);
  cache.set(sql, statement);
  return statement;
}
parentPort.on("message", (m) => {
  try {
    if (m.close) {
      if (db) db.close();
      db = null;
      parentPort.postMessage({ id: m.id });
      parentPort.close();
      return;
    }
    if (!db) {
      db = new Database(workerData.path, { fileMustExist: true });
      for (const pragma of workerData.pragmas) db.pragma(pragma);
    }
    const statement = prepare(m.sql);
    if (statement.reader) parentPort.postMessage({ id: m.id, rows: statement.all(m.params) });
    else {
      const r = statement.run(m.params);
      parentPort.postMessage({ id: m.id, changes: r.changes, lastInsertRowid: r.lastInsertRowid });
    }
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: describe(err) });
  }
});
`;

interface WorkerReply {
  id: number;
  rows?: unknown[];
  changes?: number | bigint;
  lastInsertRowid?: number | bigint;
  error?: { message: string; code?: string; name?: string };
}

class WorkerDriver implements Driver {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }
  >();
  private locked: Promise<void> | null = null;
  private unlock: (() => void) | null = null;
  private readonly connection: DatabaseConnection;

  constructor(private readonly path: string) {
    const request = (query: CompiledQuery) => this.request({ sql: query.sql, params: query.parameters });
    this.connection = {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        const reply = await request(query);
        if (reply.rows) return { rows: reply.rows as R[] };
        return {
          rows: [],
          numAffectedRows: reply.changes === undefined ? undefined : BigInt(reply.changes),
          insertId: reply.lastInsertRowid === undefined ? undefined : BigInt(reply.lastInsertRowid),
        };
      },
      // biome-ignore lint/correctness/useYield: bulk writes never stream
      async *streamQuery() {
        throw new Error("a bulk writer does not stream queries");
      },
    };
  }

  async init(): Promise<void> {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        path: this.path,
        pragmas: PRAGMAS,
        driver: createRequire(import.meta.url).resolve("better-sqlite3"),
      },
    });
    worker.on("message", (reply: WorkerReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (!reply.error) return waiter.resolve(reply);
      const err = Object.assign(new Error(reply.error.message), { code: reply.error.code });
      if (reply.error.name) err.name = reply.error.name;
      waiter.reject(err);
    });
    const fail = (err: Error) => {
      for (const waiter of this.waiting.values()) waiter.reject(err);
      this.waiting.clear();
      this.worker = null;
    };
    worker.on("error", fail);
    worker.on("exit", () => fail(new Error("the bulk writer's worker exited")));
    this.worker = worker;
  }

  private request(message: {
    sql?: string;
    params?: readonly unknown[];
    close?: true;
  }): Promise<WorkerReply> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error("the bulk writer is closed"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // One connection: wait until it is released (as Kysely's own SQLite driver does).
    while (this.locked) await this.locked;
    this.locked = new Promise((resolve) => {
      this.unlock = resolve;
    });
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    const unlock = this.unlock;
    this.locked = null;
    this.unlock = null;
    unlock?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async destroy(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    try {
      await this.request({ close: true });
    } finally {
      await worker.terminate();
      this.worker = null;
    }
  }
}
