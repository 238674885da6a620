import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { importFrom } from "../../src/entries/index.ts";
import { countEntries } from "../../src/store/index.ts";
import { summa, summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { REPO_ROOT } from "../helpers/env.ts";
import { bigSheet } from "../helpers/factories.ts";
import { tempFile } from "../helpers/import.ts";

const ROWS = 30_000;

async function unpublishedRows(store: TestStore): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from entries
    where import_id in (select id from imports where state <> 'published')`.execute(store.db);
  return Number(rows[0]?.n ?? 0);
}

for (const dialect of DIALECTS) {
  describe(`an import killed with SIGKILL, then run again (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
      await importFrom(store, tempFile("earlier.csv", bigSheet(50, "earlier")));
    });
    after(() => store?.dispose());

    test("the database is as before the import, and running it again succeeds", async () => {
      const file = tempFile("big.csv", bigSheet(ROWS, "crash"));
      const child = spawn(
        process.execPath,
        [join(REPO_ROOT, "bin/summa.js"), "--db", store.url, "import", file],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, DATABASE_URL: "" },
          stdio: "ignore",
        },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on("exit", (_code, signal) => resolve(signal)),
      );
      // Killed once it has staged some rows, mid-import.
      const deadline = Date.now() + 30_000;
      while ((await unpublishedRows(store)) < 1000) {
        assert.ok(Date.now() < deadline, "the child staged rows within 30 s");
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill("SIGKILL");
      assert.equal(await exited, "SIGKILL");
      assert.equal(await countEntries(store.db), 50, "readers see the database as it was");
      assert.ok((await unpublishedRows(store)) > 0, "the killed import left staged rows behind");
      if (dialect.name === "sqlite") {
        const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
        assert.equal(rows[0]?.integrity_check, "ok");
      }
      // Its holder is gone: the lease is taken over at once, the stale rows removed, and the import runs.
      const again = await summa(["--db", store.url, "import", file]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(await countEntries(store.db), 50 + ROWS);
      assert.equal(await unpublishedRows(store), 0);
    });

    test("an import while another holds a fresh lease exits 75 with import.busy", async () => {
      const now = new Date().toISOString();
      await store.db
        .insertInto("imports")
        .values({
          state: "staging",
          file: "other.csv",
          holder: `${hostname()}:${process.pid}:test`,
          started_at: now,
          heartbeat: now,
        })
        .execute();
      try {
        const r = await summaInProcess([
          "--db",
          store.url,
          "--json",
          "import",
          tempFile("small.csv", bigSheet(3, "busy")),
        ]);
        assert.equal(r.code, 75);
        const body = JSON.parse(r.stderr) as { error: { code: string; message: string } };
        assert.equal(body.error.code, "import.busy");
        assert.match(body.error.message, /Another import is running \(other\.csv/);
      } finally {
        await store.db.deleteFrom("imports").where("holder", "like", "%:test").execute();
      }
    });
  });
}
