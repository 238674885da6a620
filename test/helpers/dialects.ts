import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore, type Store } from "../../src/store/index.ts";

/**
 * Every store test runs on both databases (the Kysely way: `for (const dialect of DIALECTS)`).
 * SQLite is a real file in a temporary folder; PostgreSQL is the server at SUMMA_TEST_PG_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres), one fresh database per store.
 * Without a reachable server the PostgreSQL cases skip with the reason, unless
 * SUMMA_REQUIRE_PG=1 (set by .ci/run), which makes them fail instead.
 */
export interface TestDialect {
  name: "sqlite" | "postgres";
  /** false, or why these tests cannot run here. */
  skip: false | string;
  open(): Promise<TestStore>;
}

export interface TestStore extends Store {
  /** Closes the store and deletes its database. */
  dispose(): Promise<void>;
  /** The address to hand to a child process (`summa --db ...`). */
  url: string;
}

const PG_ADMIN_URL = process.env.SUMMA_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function postgresReachable(): Promise<false | string> {
  // A refused connection fails at once; the timeout is for a server that does not answer. It is
  // generous because with several test files creating databases at once, a healthy server can
  // take seconds to accept (3 s timed out in CI with three files at a time).
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 20_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return false;
  } catch (err) {
    const reason = `PostgreSQL is not reachable at ${PG_ADMIN_URL} (${err instanceof Error ? err.message : String(err)})`;
    if (process.env.SUMMA_REQUIRE_PG === "1") throw new Error(`SUMMA_REQUIRE_PG=1 but ${reason}`);
    return reason;
  } finally {
    await client.end().catch(() => {});
  }
}

let counter = 0;

async function openSqliteStore(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), "summa-test-"));
  const url = join(dir, "summa.db");
  const store = await openStore(url);
  return {
    ...store,
    url,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgresStore(): Promise<TestStore> {
  const name = `summa_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const store = await openStore(url.toString());
  return {
    ...store,
    url: url.toString(),
    async dispose() {
      await store.close();
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      // pg-pool's end() resolves before its clients have said goodbye: terminating one that is
      // still closing (FORCE) makes it emit an error nobody listens to. Wait for them (briefly).
      for (let i = 0; i < 50; i++) {
        const { rows } = await client.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1",
          [name],
        );
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export const DIALECTS: TestDialect[] = [
  { name: "sqlite", skip: false, open: openSqliteStore },
  { name: "postgres", skip: await postgresReachable(), open: openPostgresStore },
];
