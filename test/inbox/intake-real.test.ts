import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { importFrom } from "../../src/entries/index.ts";
import { readCandidatesFrom } from "../../src/inbox/fetching/index.ts";
import { addCandidates, getInboxItem, listInbox } from "../../src/inbox/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";

/**
 * The real bibliography (1,791 Zotero rows) imported with --history over the real sheet (the
 * xlsx, with its hyperlinks): how many items match a summarized entry. Measured: 1,552 distinct
 * items after intake's own deduplication (239 rows repeat an earlier one by URL key or title),
 * 855 of them match an entry, 697 are passed over. The floors below are those figures.
 */
const sqlite = DIALECTS[0]!;
let store: TestStore;
const skip = needAnData();
before(async () => {
  if (skip) return;
  store = await sqlite.open();
  await importFrom(store, anDataFile("an-database-2022.xlsx"));
});
after(async () => store?.dispose());

test("the real bibliography with --history over the real sheet: matches are picks, nothing shows in the inbox", {
  skip,
}, async () => {
  const items = await readCandidatesFrom(anDataFile("ai-alignment-papers.csv"));
  assert.equal(items.length, 1791);
  const report = await addCandidates(store, items, {
    source: "zotero",
    history: true,
    now: "2022-01-01T00:00:00.000Z",
  });
  assert.equal(report.added + report.duplicates.length + report.skipped.length, 1791);
  assert.ok(report.picked >= 850, `picked ${report.picked}`);
  assert.ok(report.passed <= 710, `passed ${report.passed}`);
  assert.equal((await listInbox(store, {}, "2022-01-01T00:00:00.000Z")).total, 0);
  // A second import of the same export adds nothing: each row's Zotero Key is its source id.
  const again = await addCandidates(store, items.slice(0, 50), {
    source: "zotero",
    history: true,
    now: "2022-01-02T00:00:00.000Z",
  });
  assert.equal(again.added, 0);
  const picked = await getInboxItem(store, report.ids[0]!);
  assert.ok(picked.status === "picked" || picked.status === "passed");
});
