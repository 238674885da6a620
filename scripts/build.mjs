#!/usr/bin/env node
// Compiles the CLI (src/cli/main.ts and everything it reaches) to JavaScript in dist/, so that
// running `summa` compiles no TypeScript. Runs on `npm install` (prepare) and before the tests.
// One ES module bundle split at every dynamic import: a command loads only its own code.
// Dependencies stay in node_modules (better-sqlite3 is native, the rest load as they are), but
// for kysely: its ES build is 260 small modules, and resolving them was most of `summa search`.
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { newestSourceMtime } from "../bin/freshness.js";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "dist");
// Build beside dist/ and swap it in: a `summa` started mid-build sees the old build or the new.
const staging = join(root, `.dist-${process.pid}`);

const BUNDLED = new Set(["kysely"]);
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

const started = performance.now();
const sourcesAsOf = newestSourceMtime(join(root, "src"));
rmSync(staging, { recursive: true, force: true });
const result = await build({
  // The inbox's training worker is a module of its own: a worker thread is started from a file.
  entryPoints: {
    summa: join(root, "src/cli/main.ts"),
    "inbox-train-worker": join(root, "src/inbox/train-worker.ts"),
  },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  chunkNames: "chunk-[hash]",
  tsconfig: join(root, "tsconfig.json"),
  sourcemap: "linked",
  metafile: true,
  logLevel: "warning",
});
// The web face reads its stylesheet and scripts next to the module that serves them; in the
// bundle every module sits in dist/.
cpSync(join(root, "src/web/assets"), join(staging, "assets"), { recursive: true });
writeFileSync(join(staging, "build.json"), `${JSON.stringify({ sourcesAsOf })}\n`);
// What each output file imports, for test/cli/startup.test.ts (a command loads only its own code).
writeFileSync(join(staging, "meta.json"), JSON.stringify(result.metafile));
mkdirSync(out, { recursive: true });
const old = join(root, `.dist-old-${process.pid}`);
renameSync(out, old);
renameSync(staging, out);
rmSync(old, { recursive: true, force: true });
console.error(`summa: built dist/ in ${Math.round(performance.now() - started)} ms`);
