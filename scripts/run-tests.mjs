#!/usr/bin/env node
// Runs every test/**/*.test.ts with node:test (Node 20 has no glob for --test) under tsx.
// Extra arguments are file filters: `npm test -- search` runs the files whose path has "search".
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}
const filters = process.argv.slice(2);
const files = find(join(root, "test"))
  .map((f) => relative(root, f))
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
// Test files run three at a time: node's default on a 2-core machine is one file at a time, and
// most files wait on something (a child process, PostgreSQL, an SMTP socket) more than they
// compute. Each file has its own databases, temporary folders and ports, so they do not collide.
// SUMMA_TEST_CONCURRENCY overrides it (1: one at a time, to time a file alone).
const CONCURRENCY = Number(process.env.SUMMA_TEST_CONCURRENCY ?? 3);
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", `--test-concurrency=${CONCURRENCY}`, "--test-reporter=spec", ...files],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TZ: "UTC" },
  },
);
process.exit(result.status ?? 1);
