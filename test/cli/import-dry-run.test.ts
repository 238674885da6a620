import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { countEntries, openStore, readContentVersion } from "../../src/store/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { sheetCsv } from "../helpers/factories.ts";
import { tempFile } from "../helpers/import.ts";
import { tempDir } from "../helpers/temp.ts";

const row = (title: string, email: string, summary = "A summary.") => [
  "News",
  "",
  title,
  "Ada Lovelace",
  "arXiv",
  "2020",
  "",
  email,
  "Rohin",
  summary,
  "",
  "",
  "",
];

const db = join(tempDir("summa-import-dry-run-"), "summa.db");
const first = tempFile("first.csv", sheetCsv([row("Old paper", "AN #1"), row("Edited paper", "AN #1")]));
const second = tempFile(
  "second.csv",
  sheetCsv([
    row("Old paper", "AN #1"),
    row("Edited paper", "AN #1", "A new summary."),
    row("New paper", "AN #2"),
    row("Old paper", "AN #1"),
  ]),
);

async function state() {
  const store = await openStore(db);
  try {
    return { entries: await countEntries(store.db), version: await readContentVersion(store.db) };
  } finally {
    await store.close();
  }
}

describe("summa import FILE --dry-run", () => {
  test("prints what would be added, changed and skipped by row, and writes nothing", async () => {
    assert.equal((await summaInProcess(["--db", db, "import", first])).code, 0);
    const before = await state();
    const r = await summaInProcess(["--db", db, "import", second, "--dry-run"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Dry run: .*second\.csv \(csv, 4 rows\) .*nothing was written/);
    assert.match(r.stdout, /would add 1, change 1, leave 1 unchanged, skip 1/);
    assert.match(r.stdout, /new issues: 1 \(#2\)/);
    assert.match(r.stdout, /Added:\n {2}row 4: New paper \(AN #2\)/);
    assert.match(r.stdout, /Changed:\n {2}row 3: Edited paper \(AN #1\): Summary/);
    assert.match(r.stdout, /Skipped:\n {2}row 5: Old paper \(AN #1\): same title and issue as row 2/);
    assert.deepEqual(await state(), before);
  });

  test("--json gives every row and the counts; the real import then agrees", async () => {
    const r = await summaInProcess(["--db", db, "--json", "import", second, "--dry-run"]);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout);
    assert.deepEqual(plan.counts, { added: 1, changed: 1, unchanged: 1, skipped: 1, newIssues: 1 });
    assert.deepEqual(plan.changed[0].fields, ["Summary"]);
    assert.equal(plan.added[0].row, 4);
    const imported = JSON.parse((await summaInProcess(["--db", db, "--json", "import", second])).stdout);
    assert.deepEqual([imported.added, imported.changed, imported.unchanged, imported.skipped], [1, 1, 1, 1]);
  });

  test("a dry run never creates a database", async () => {
    const missing = join(tempDir("summa-import-dry-run-none-"), "summa.db");
    const r = await summaInProcess(["--db", missing, "import", second, "--dry-run"]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no database|does not exist|not found/i);
  });
});
