import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteDialect,
} from "kysely";
import { refusingNul } from "./refuse-nul.ts";
import type { Database } from "./schema.ts";
import { PRAGMAS, STATEMENT_CACHE } from "./sqlite-settings.ts";

/**
 * A second connection to the same database file whose SQLite work runs on a worker thread, for
 * one bulk write (a large import): SQLite's share (FTS5 tokenizing, b-trees, the WAL) then runs
 * on another core while this thread parses the next rows. Queries are compiled here as usual
 * and executed in order on the worker's connection (same pragmas, same statement cache).
 * Null when there is no file to share (in-memory databases) or the worker cannot start:
 * callers then use the store's own connection. Destroy it when done.
 */
export async function openBulkWriter(path: string): Promise<Kysely<Database> | null> {
  if (path === ":memory:") return null;
  const bulk = new Kysely<Database>({
    dialect: refusingNul(new WorkerSqliteDialect(new WorkerDriver(path))),
  });
  try {
    // Where the worker cannot run (no worker threads, the native module not loadable there),
    // the caller falls back to its own connection rather than failing.
    await bulk.executeQuery(CompiledQuery.raw("select 1"));
    return bulk;
  } catch {
    await bulk.destroy().catch(() => undefined);
    return null;
  }
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
let chars = 0;
function prepare(sql) {
  const cached = cache.get(sql);
  if (cached && cached.busy) return db.prepare(sql);
  if (cached) {
    cache.delete(sql);
    cache.set(sql, cached);
    return cached;
  }
  const statement = db.prepare(sql);
  cache.set(sql, statement);
  chars += sql.length;
  for (const old of cache.keys()) {
    if (cache.size <= ${STATEMENT_CACHE.count} && chars <= ${STATEMENT_CACHE.chars}) break;
    if (old === sql) continue;
    cache.delete(old);
    chars -= old.length;
  }
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
    // IMMEDIATE: the write lock is taken (waiting on the worker thread, busy_timeout) at BEGIN,
    // never at a first write after reads, where SQLite would refuse a stale snapshot at once.
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
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
