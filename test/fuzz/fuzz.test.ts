import assert from "node:assert/strict";
import { test } from "node:test";
import { tempDir } from "../helpers/temp.ts";
import { PER_INPUT_LIMIT_MS } from "./rules.ts";
import { describeReport, runFuzz } from "./run.ts";

/**
 * Issue 13's fuzz test: a few thousand inputs mutated from real-format samples (issues, CSV,
 * JSON, xlsx, Google Sheets' zip, mbox, API bodies and queries), a fixed seed, every target in
 * test/fuzz/targets.ts held to test/fuzz/rules.ts. `npm run bench:fuzz` runs the same with more
 * inputs, bigger mutations and any seed.
 */
const SEED = 13;
const INPUTS = 2000;

test("fuzz: no crash, no input over 1 s, every failure a clean error", { timeout: 120_000 }, async (t) => {
  const report = await runFuzz({
    seed: SEED,
    inputs: INPUTS,
    limits: { maxBytes: 128 * 1024, maxRepeat: 64 * 1024, maxDepth: 5000 },
    dir: tempDir("summa-fuzz-"),
  });
  t.diagnostic(describeReport(report));
  const failures = report.failures.filter((f) => !f.pending);
  const shown = failures
    .slice(0, 10)
    .map(
      (f) =>
        `${f.target} #${f.index} ${f.kind}: ${f.summary}\n    ${report.reproduce(f)}\n${f.details.split("\n").slice(0, 8).join("\n")}`,
    );
  assert.equal(
    failures.length,
    0,
    `${failures.length} inputs broke the rules (limit ${PER_INPUT_LIMIT_MS} ms):\n${shown.join("\n")}`,
  );
  assert.ok(report.inputs >= INPUTS * 0.95, `${report.inputs} inputs run`);
});
