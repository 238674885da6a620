import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type SqliteDialectConfig,
} from "kysely";
import { SummaError } from "../domain/errors.ts";

/**
 * How the site's connection waits for SQLite's write lock while another connection (an
 * import's, another process's) holds it.
 *
 * - Write transactions begin IMMEDIATE: they take the write lock at BEGIN, where waiting is
 *   safe, instead of at their first write, where a deferred transaction that already read would
 *   fail at once (SQLITE_BUSY_SNAPSHOT: it cannot upgrade a stale snapshot).
 * - SQLite's own busy handler sleeps on this thread, freezing every request, so it is kept
 *   short (BUSY_TIMEOUT_MS), and a statement or BEGIN still refused is retried after a few
 *   milliseconds *asynchronously*, with the connection handed back meanwhile: other requests'
 *   reads go on, and a writer that pauses between short transactions (imports do) lets the
 *   waiting write in at its next pause.
 * - Still locked after RETRY_FOR_MS: store.busy, which the site answers 503 with Retry-After and
 *   the command line exits 75 with. Never a 500 "database is locked".
 */
export const BUSY_TIMEOUT_MS = 25;
export const RETRY_FOR_MS = 5000;

export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

export function storeBusy(waitedMs: number): SummaError {
  return new SummaError(
    "store.busy",
    `The database is busy with another write (waited ${Math.round(waitedMs)} ms); try again in a moment`,
    { retryAfterSeconds: 1 },
  );
}

/** Kysely's SQLite dialect with the busy handling above. */
export class BusyAwareSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly retryForMs = RETRY_FOR_MS,
  ) {
    super(config);
  }
  override createDriver(): Driver {
    return new BusyAwareDriver(super.createDriver(), this.retryForMs);
  }
}

class BusyAwareDriver implements Driver {
  private inTransaction = false;
  constructor(
    private readonly inner: Driver,
    private readonly retryForMs: number,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    const execute = connection.executeQuery.bind(connection);
    return {
      executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> =>
        // Inside a transaction the lock is already ours (IMMEDIATE): a busy there cannot be
        // retried statement by statement; it is reported as store.busy all the same.
        this.inTransaction
          ? execute<R>(query).catch(rethrowBusy)
          : this.retrying(connection, () => execute<R>(query)),
      streamQuery: connection.streamQuery.bind(connection),
    };
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // `connection` is the one acquireConnection handed out: outside a transaction it retries.
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
    this.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw("commit"));
    } catch (err) {
      rethrowBusy(err);
    }
    this.inTransaction = false;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.inTransaction = false;
    await this.inner.rollbackTransaction(connection);
  }

  savepoint: Driver["savepoint"] = (...args) => this.inner.savepoint!(...args);
  rollbackToSavepoint: Driver["rollbackToSavepoint"] = (...args) => this.inner.rollbackToSavepoint!(...args);
  releaseSavepoint: Driver["releaseSavepoint"] = (...args) => this.inner.releaseSavepoint!(...args);

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  /** Runs `attempt`, and on SQLITE_BUSY hands the connection back, waits a little, takes it again and retries. */
  private async retrying<T>(connection: DatabaseConnection, attempt: () => Promise<T>): Promise<T> {
    const started = performance.now();
    for (let i = 0; ; i++) {
      try {
        return await attempt();
      } catch (err) {
        if (!isBusy(err)) throw err;
        const waited = performance.now() - started;
        if (waited >= this.retryForMs) throw storeBusy(waited);
        await this.inner.releaseConnection(connection);
        await sleep(Math.min(2 * (i + 1), 10));
        await this.inner.acquireConnection();
      }
    }
  }
}

function rethrowBusy(err: unknown): never {
  if (isBusy(err)) throw storeBusy(0);
  throw err;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
