import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { SummaError } from "../../src/domain/errors.ts";
import { importFrom } from "../../src/entries/index.ts";
import {
  countEntries,
  findByTitleKey,
  openStore,
  parseSearchQuery,
  type Store,
} from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { bigSheet } from "../helpers/factories.ts";
import { tempFile } from "../helpers/import.ts";

/** Counts staged (import_id set, import not published) rows, straight from the tables. */
async function stagedRows(store: Store): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from entries
    where import_id in (select id from imports where state <> 'published')`.execute(store.db);
  return Number(rows[0]?.n ?? 0);
}

for (const dialect of DIALECTS) {
  describe(`staged imports (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    /** A second connection to the same database: what another process (the site) sees. */
    let reader: Store;
    before(async () => {
      store = await dialect.open();
      reader = await openStore(store.url);
    });
    after(async () => {
      await reader?.close();
      await store?.dispose();
    });

    test("readers on another connection never see part of an import, nor its search hits", async () => {
      await importFrom(store, tempFile("first.csv", bigSheet(50, "earlier")));
      const before = await countEntries(reader.db);
      const rows = 3000;
      const file = tempFile("staged.csv", bigSheet(rows, "zebrafish"));
      let done = false;
      const importing = importFrom(store, file).finally(() => {
        done = true;
      });
      const seen = new Set<number>();
      let sawStaged = false;
      let searchHitsWhileStaged = 0;
      const zebrafish = parseSearchQuery("zebrafish");
      while (!done) {
        const staged = await stagedRows(reader);
        const visible = await countEntries(reader.db);
        seen.add(visible);
        if (staged > 0 && !done) {
          const hits =
            (await reader.search.search({ query: zebrafish, filters: {}, limit: 5, offset: 0 })).length +
            (await reader.search.count({ query: zebrafish, filters: {} })) +
            (await findByTitleKey(reader.db, "zebrafish paper 1")).length;
          // Counted only if the import was still unpublished after the searches (it runs alongside).
          if ((await stagedRows(reader)) > 0) {
            sawStaged = true;
            searchHitsWhileStaged += hits;
          }
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      const report = await importing;
      assert.equal(report.added, rows);
      assert.ok(sawStaged, "the reader looked while rows were staged (the import spans many transactions)");
      for (const n of seen) assert.ok(n === before || n === before + rows, `a reader saw ${n} entries`);
      assert.equal(searchHitsWhileStaged, 0, "no staged row was found by search or by title while staging");
      assert.equal(await countEntries(reader.db), before + rows);
      assert.equal(await stagedRows(reader), 0);
      assert.ok(report.publishMs < 1000, `publishing took ${report.publishMs} ms`);
      process.stdout.write(
        `# ${dialect.name}: ${rows}-row import published in ${report.publishMs.toFixed(1)} ms\n`,
      );
    });

    test("a second import while one runs is refused with import.busy; the first completes", async () => {
      const file = tempFile("long.csv", bigSheet(3000, "okapi"));
      // The second starts (on another connection) while the first is partway (at its row 1,000),
      // and the first waits for its answer before publishing: the first holds its lease throughout.
      let second: Promise<unknown> | undefined;
      let secondError: unknown;
      const report = await importFrom(store, file, {
        onProgress: (p) => {
          if (p.rows !== 1000) return;
          // Its rejection is handled at once (an unhandled one would fail this test meanwhile).
          second = importFrom(reader, tempFile("second.csv", bigSheet(5, "second"))).catch((err) => {
            secondError = err;
          });
        },
        inTransaction: async () => {
          await second;
        },
      });
      assert.ok(second, "the second import was started during the first");
      assert.ok(secondError instanceof SummaError, String(secondError));
      assert.equal(secondError.code, "import.busy");
      assert.match(secondError.message, /Another import is running \(.*long\.csv/);
      assert.equal(report.added, 3000);
      assert.equal((await findByTitleKey(reader.db, "second paper 1")).length, 0);
    });

    test("a changed entry keeps its id and changes only when the import publishes", async () => {
      await importFrom(store, tempFile("v1.csv", bigSheet(10, "heron", "Version one.")));
      const [v1] = await findByTitleKey(reader.db, "heron paper 3");
      assert.ok(v1);
      const report = await importFrom(store, tempFile("v2.csv", bigSheet(10, "heron", "Version two.")));
      assert.equal(report.changed, 10);
      const [v2] = await findByTitleKey(reader.db, "heron paper 3");
      assert.equal(v2!.id, v1.id);
      assert.match(v2!.summary, /Version two/);
    });

    test("a failed import leaves nothing staged, and the next one runs", async () => {
      const before = await countEntries(reader.db);
      const bad = `${bigSheet(1500, "walrus").trimEnd()}\nNews,maybe,Broken row,A,,2020,,AN #1,Rohin,S,,,\n`;
      await assert.rejects(importFrom(store, tempFile("bad.csv", bad)), /nothing was imported/);
      assert.equal(await countEntries(reader.db), before);
      assert.equal(await stagedRows(reader), 0);
      const ok = await importFrom(store, tempFile("good.csv", bigSheet(5, "walrus")));
      assert.equal(ok.added, 5);
    });
  });
}
