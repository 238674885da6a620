import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Kysely, Transaction } from "kysely";
import { SummaError } from "../domain/errors.ts";
import type { StoreDialect } from "./dialect.ts";
import { migrateToLatest } from "./migrations.ts";
import { registerParameterLimit } from "./parameter-limit.ts";
import { postgresDialect } from "./postgres-dialect.ts";
import type { Database } from "./schema.ts";
import type { SearchIndex } from "./search/search-index.ts";
import { openSqlite, sqliteDialect } from "./sqlite.ts";

export const DEFAULT_DATABASE = "./data/summa.db";

export interface Store {
  db: Kysely<Database>;
  dialect: StoreDialect;
  search: SearchIndex;
  /** A connection for one bulk write (see StoreDialect.openBulkWriter); null when there is none. */
  openBulkWriter(): Promise<Kysely<Database> | null>;
  /** Where the data lives, with any password removed, for messages. */
  location: string;
  close(): Promise<void>;
}

/** A store inside one transaction: every query through it, the search index's included, is part of it. */
export interface TransactionStore extends Store {
  db: Transaction<Database>;
}

/**
 * Runs `work` in one transaction, handing it a store whose queries go through that
 * transaction: the search index too (a search inside the transaction sees its own writes, and
 * on SQLite could not run on the outer connection while the transaction holds it).
 */
export function inTransaction<T>(store: Store, work: (tx: TransactionStore) => Promise<T>): Promise<T> {
  return store.db
    .transaction()
    .execute((trx) => work({ ...store, db: trx, search: store.dialect.createSearchIndex(trx) }));
}

export interface DatabaseTarget {
  dialect: StoreDialect;
  /** A file path for SQLite, a connection string for PostgreSQL. */
  address: string;
}

/**
 * `postgres://` / `postgresql://` is PostgreSQL; `sqlite:PATH`, `file:PATH` or a plain path is
 * SQLite. Chosen by --db, else DATABASE_URL, else ./data/summa.db.
 */
export function parseDatabaseUrl(value: string | undefined): DatabaseTarget {
  const url = (value ?? "").trim() || DEFAULT_DATABASE;
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: postgresDialect, address: url };
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(url) && !/^(sqlite|file):/i.test(url)) {
    throw new SummaError(
      "config.invalid",
      `Unsupported database URL "${redact(url)}": use a file path, sqlite:PATH or postgres://...`,
    );
  }
  const path = url.replace(/^(sqlite|file):(\/\/)?/i, "");
  return { dialect: sqliteDialect, address: path === ":memory:" ? path : resolve(path) };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

export interface OpenOptions {
  /**
   * Whether a missing SQLite file (and its folder) may be created; true by default. The CLI
   * passes false for commands that only use a database (a mistyped --db path must be an error
   * naming it, not an empty new database).
   */
  create?: boolean;
  /** SQLite: how long a write waits for the lock before giving up with store.busy (default 5 s). */
  busyRetryMs?: number;
}

/** Opens the database and brings its schema up to date. */
export async function openStore(url: string | undefined, options: OpenOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(url);
  if (options.create === false && target.dialect.kind === "sqlite" && target.address !== ":memory:") {
    if (!existsSync(target.address)) {
      throw new SummaError(
        "config.missing_database",
        `No database at ${target.address}: create it with \`summa migrate\` or \`summa import FILE\`, or pass --create`,
        { path: target.address },
      );
    }
  }
  const db =
    target.dialect.kind === "postgres"
      ? (await import("./postgres.ts")).openPostgres(target.address)
      : openSqlite(target.address, { busyRetryMs: options.busyRetryMs });
  try {
    await migrateToLatest(db, target.dialect);
  } catch (err) {
    await db.destroy();
    const reason = err instanceof Error ? err.message : String(err);
    throw new SummaError(
      "config.invalid",
      `Cannot open the database at ${redact(target.address)}: ${reason}`,
    );
  }
  registerParameterLimit(db, target.dialect.maxParameters);
  return {
    db,
    dialect: target.dialect,
    search: target.dialect.createSearchIndex(db),
    openBulkWriter: async () => {
      const bulk = target.dialect.openBulkWriter ? await target.dialect.openBulkWriter(target.address) : null;
      if (bulk) registerParameterLimit(bulk, target.dialect.maxParameters);
      return bulk;
    },
    location: redact(target.address),
    close: () => db.destroy(),
  };
}
