import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  FILE_BUDGET_SECONDS,
  findTestFiles,
  overBudget,
  packTestFiles,
} from "../../scripts/lib/test-batches.mjs";
import { REPO_ROOT } from "../helpers/env.ts";

const files = (n: number, prefix = "f") => Array.from({ length: n }, (_, i) => `${prefix}${i}.test.ts`);

describe("packing test files into processes", () => {
  test("every file runs exactly once", () => {
    const all = files(40);
    const seconds = Object.fromEntries(all.map((f, i) => [f, (i * 7) % 13]));
    const groups = packTestFiles(all, seconds);
    assert.deepEqual(groups.flat().sort(), [...all].sort());
  });

  test("a long file runs alone; short ones share up to the target; longest groups first", () => {
    const seconds = {
      "long.test.ts": 25,
      "mid.test.ts": 6,
      "a.test.ts": 3,
      "b.test.ts": 3,
      "c.test.ts": 0.1,
    };
    const groups = packTestFiles(Object.keys(seconds), seconds, { targetSeconds: 10, unknownSeconds: 3 });
    assert.deepEqual(groups, [["long.test.ts"], ["mid.test.ts", "a.test.ts", "c.test.ts"], ["b.test.ts"]]);
  });

  test("files never timed count as mid-sized, so a new suite does not crowd a group", () => {
    const groups = packTestFiles(files(9, "new"), {}, { targetSeconds: 10, unknownSeconds: 3 });
    assert.equal(groups.length, 3);
    for (const g of groups) assert.equal(g.length, 3);
  });

  test("a file over its time budget is named, with its time; the others pass", () => {
    assert.deepEqual(overBudget({ "slow.test.ts": 75.2, "fine.test.ts": 59.9 }, 60), [
      { file: "slow.test.ts", took: 75.2, budget: 60 },
    ]);
    assert.deepEqual(overBudget({ "x.test.ts": FILE_BUDGET_SECONDS }), []);
  });

  test("every recorded file is within the budget", () => {
    const recorded = JSON.parse(readFileSync(join(REPO_ROOT, "test/durations.json"), "utf8")) as Record<
      string,
      number
    >;
    assert.deepEqual(overBudget(recorded), []);
  });

  test("test/durations.json names test files that exist, with seconds", () => {
    const recorded = JSON.parse(readFileSync(join(REPO_ROOT, "test/durations.json"), "utf8")) as Record<
      string,
      number
    >;
    const existing = new Set(findTestFiles(REPO_ROOT));
    for (const [file, s] of Object.entries(recorded)) {
      assert.ok(existing.has(file), `${file} is in test/durations.json but not in test/`);
      assert.ok(Number.isFinite(s) && s >= 0, `${file}: ${s}`);
    }
  });
});
