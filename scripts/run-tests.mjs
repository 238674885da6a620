#!/usr/bin/env node
// Runs every test/**/*.test.ts with node:test (Node 20 has no glob for --test) under tsx.
// Extra arguments are file filters: `npm test -- search` runs the files whose path has "search".
// SUMMA_TEST_RECORD=1 rewrites test/durations.json from this run (see packTestFiles).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { findTestFiles, overBudget, packTestFiles } from "./lib/test-batches.mjs";

const root = new URL("..", import.meta.url).pathname;
const DURATIONS = join(root, "test/durations.json");

const filters = process.argv.slice(2);
const files = findTestFiles(root)
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(" ")}`);
  process.exit(1);
}
// Tests that run `summa` as a user would run the compiled CLI: build it from the sources as they
// are now, so a stale build can never pass.
const built = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
if (built.status !== 0) process.exit(built.status ?? 1);

// node --test starts one process per file, and each spends about 0.9 s of CPU starting node and
// tsx and loading Summa before its first test: 90 s of a 2-core machine's time for 98 files.
// Files whose tests are short share a process instead (a generated file that imports them, run
// in order), packed by last recorded durations; a long file keeps a process of its own.
const recorded = JSON.parse(readFileSync(DURATIONS, "utf8"));
const batches = packTestFiles(files, recorded);
const scratch = mkdtempSync(join(tmpdir(), "summa-test-batches-"));
const runnable = batches.map((batch, i) => {
  if (batch.length === 1) return batch[0];
  const path = join(scratch, `batch-${String(i + 1).padStart(2, "0")}-of-${batch.length}-files.test.mjs`);
  writeFileSync(
    path,
    batch.map((f) => `import ${JSON.stringify(pathToFileURL(join(root, f)).href)};\n`).join(""),
  );
  return path;
});

// Three processes at a time: node's default on a 2-core machine is one, and most files wait on
// something (a child process, PostgreSQL, an SMTP socket) more than they compute. Each file has
// its own databases, temporary folders and ports, so they do not collide.
// SUMMA_TEST_CONCURRENCY overrides it (1: one at a time, to time a file alone).
const CONCURRENCY = Number(process.env.SUMMA_TEST_CONCURRENCY ?? 3);
// Each file's test time is measured on every run: to hold each file to its time budget, so that
// suites added later (fuzzing, browser journeys) cannot quietly push CI past 10 minutes, and to
// refresh test/durations.json when SUMMA_TEST_RECORD=1.
const measured = join(scratch, "durations.json");
const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    `--test-concurrency=${CONCURRENCY}`,
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    `--test-reporter=${join(root, "scripts/lib/durations-reporter.mjs")}`,
    `--test-reporter-destination=${measured}`,
    ...runnable,
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, TZ: "UTC" } },
);
const seconds = existsSync(measured) ? JSON.parse(readFileSync(measured, "utf8")) : {};
const over = overBudget(seconds);
for (const { file, took, budget } of over) {
  console.error(`✖ ${file}: its tests took ${took} s, over its budget of ${budget} s (FILE_BUDGET_SECONDS)`);
}
if (process.env.SUMMA_TEST_RECORD === "1" && result.status === 0) {
  const merged = Object.entries({ ...recorded, ...seconds })
    .filter(([f]) => existsSync(join(root, f)))
    .sort(([a], [b]) => a.localeCompare(b));
  writeFileSync(DURATIONS, `${JSON.stringify(Object.fromEntries(merged), null, 2)}\n`);
  console.log(`recorded ${Object.keys(seconds).length} files' durations in test/durations.json`);
}
rmSync(scratch, { recursive: true, force: true });
process.exit(result.status === 0 && over.length > 0 ? 1 : (result.status ?? 1));
