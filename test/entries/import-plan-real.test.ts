import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { importFrom, planCounts, planFrom } from "../../src/entries/index.ts";
import { countEntries, readContentVersion } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";

const XLSX = anDataFile("an-database-2022.xlsx");
const sqlite = DIALECTS.find((d) => d.name === "sqlite")!;

// The dry run on the real sheet: all added into an empty database, nothing to do on a second pass.
describe("import dry run of the real AN sheet (sqlite)", { skip: sqlite.skip || needAnData() }, () => {
  let store: TestStore;
  before(async () => {
    store = await sqlite.open();
  });
  after(() => store?.dispose());

  test("into an empty database every row would be added, as the import then adds them", async (t) => {
    const version = await readContentVersion(store.db);
    const started = performance.now();
    const plan = await planFrom(store, XLSX);
    t.diagnostic(
      `dry run of the real xlsx into an empty database: ${Math.round(performance.now() - started)} ms`,
    );
    assert.equal(plan.added.length, 1958);
    assert.deepEqual(planCounts(plan), {
      added: 1958,
      changed: 0,
      unchanged: 0,
      skipped: plan.skipped.length,
      newIssues: 170,
    });
    assert.equal(plan.added.length + plan.skipped.length, plan.rows, "every sheet row is added (or blank)");
    assert.ok(plan.skipped.every((s) => s.reason === "blank row"));
    assert.equal(await countEntries(store.db), 0);
    assert.equal(await readContentVersion(store.db), version);
    const report = await importFrom(store, XLSX);
    assert.deepEqual(
      [report.added, report.changed, report.unchanged, report.skipped, report.newIssues],
      [plan.added.length, 0, 0, plan.skipped.length, plan.newIssues.length],
    );
  });

  test("into a database already holding it, nothing would change", async (t) => {
    const started = performance.now();
    const plan = await planFrom(store, XLSX);
    t.diagnostic(`dry run of the real xlsx over itself: ${Math.round(performance.now() - started)} ms`);
    assert.deepEqual(planCounts(plan), {
      added: 0,
      changed: 0,
      unchanged: 1958,
      skipped: plan.skipped.length,
      newIssues: 0,
    });
    assert.deepEqual(plan.newCategories, []);
  });
});
