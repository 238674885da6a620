/**
 * Imports of generated CSVs (bench/generate.ts) into fresh SQLite databases through
 * importFrom(store, path), which streams CSV; baseline: raw better-sqlite3 prepared INSERTs of
 * the same rows (same CSV parser) into a plain table + an FTS5 table with Summa's tokenizer, in
 * one transaction.
 *
 *   node --import tsx bench/import-synthetic.ts [--sizes 100k,1M] [--seed 1] [--runs 1]
 *                                               [--no-baseline] [--keep-db] [--keep-csv]
 *
 * Each import is a fresh process (its own peak RSS: VmHWM and a 100 ms RSS sampler).
 * The database Summa imported is kept (--keep-db) as bench/out/synthetic-N-sS.db for
 * bench/search.ts. Goal: 1M rows in under 2 minutes with peak RSS under 1 GB.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { defaultCsvPath, generateCsv } from "./generate.ts";
import {
  boolFlag,
  ensureOutDir,
  listFlag,
  MB,
  machine,
  median,
  numberFlag,
  OUT_DIR,
  round,
  runWorker,
  syntheticDbPath,
  table,
} from "./lib/common.ts";
import type { WorkerResult } from "./lib/worker.ts";

const GOAL = { rows: 1_000_000, seconds: 120, rssMb: 1024 };

const sizes = listFlag("sizes", [100_000, 1_000_000]);
const seed = numberFlag("seed", 1);
const runs = numberFlag("runs", 1);
const baselineOn = !boolFlag("no-baseline");
const keepDb = boolFlag("keep-db");
const keepCsv = boolFlag("keep-csv");
ensureOutDir();

interface SizeResult {
  rows: number;
  csvMb: number;
  ours: WorkerResult;
  oursRuns: number[];
  raw?: WorkerResult;
  rawRuns?: number[];
}

const results: SizeResult[] = [];
for (const rows of sizes) {
  const hadCsv = existsSync(defaultCsvPath(rows, seed));
  process.stderr.write(`${rows} rows: generating CSV (seed ${seed})...\n`);
  const csv = await generateCsv({ rows, seed });
  process.stderr.write(
    `  ${csv.reused ? "reused" : "wrote"} ${csv.file} (${round(csv.bytes / MB, 1)} MB${csv.reused ? "" : `, ${round(csv.seconds, 1)} s`})\n`,
  );
  const db = syntheticDbPath(rows, seed);
  const rawDb = join(OUT_DIR, `raw-${rows}-s${seed}.db`);
  const ours: WorkerResult[] = [];
  const raw: WorkerResult[] = [];
  for (let i = 0; i < runs; i++) {
    const last = i === runs - 1;
    const doOurs = async () => {
      const r = await runWorker<WorkerResult>("import", { source: csv.file, db, keep: keepDb && last });
      ours.push(r);
      process.stderr.write(`  importFrom: ${round(r.seconds, 1)} s, peak RSS ${r.peakRssMb} MB\n`);
    };
    const doRaw = async () => {
      const r = await runWorker<WorkerResult>("raw", { source: csv.file, db: rawDb });
      raw.push(r);
      process.stderr.write(`  raw better-sqlite3: ${round(r.seconds, 1)} s, peak RSS ${r.peakRssMb} MB\n`);
    };
    if (!baselineOn) await doOurs();
    else if (i % 2 === 0) {
      await doOurs();
      await doRaw();
    } else {
      await doRaw();
      await doOurs();
    }
  }
  const pickMedian = (rs: WorkerResult[]) => {
    const m = median(rs.map((r) => r.seconds));
    return { ...rs.find((r) => r.seconds === m)!, peakRssMb: Math.max(...rs.map((r) => r.peakRssMb ?? 0)) };
  };
  results.push({
    rows,
    csvMb: round(csv.bytes / MB, 1),
    ours: pickMedian(ours),
    oursRuns: ours.map((r) => round(r.seconds, 2)),
    raw: raw.length ? pickMedian(raw) : undefined,
    rawRuns: raw.length ? raw.map((r) => round(r.seconds, 2)) : undefined,
  });
  if (!keepCsv && !hadCsv) {
    rmSync(csv.file, { force: true });
    rmSync(`${csv.file}.meta.json`, { force: true });
  }
}

console.log(
  table(
    [
      "rows",
      "CSV MB",
      "importFrom s",
      "rows/s",
      "peak RSS MB",
      "DB MB",
      "raw s",
      "raw rows/s",
      "raw peak RSS MB",
      "ours/raw",
    ],
    results.map((r) => [
      r.rows,
      r.csvMb,
      round(r.ours.seconds, 1),
      Math.round(r.rows / r.ours.seconds),
      r.ours.peakRssMb,
      r.ours.dbMb ?? null,
      r.raw ? round(r.raw.seconds, 1) : null,
      r.raw ? Math.round(r.rows / r.raw.seconds) : null,
      r.raw?.peakRssMb ?? null,
      r.raw ? `${round(r.ours.seconds / r.raw.seconds)}x` : null,
    ]),
  ),
);
const atGoal = results.find((r) => r.rows === GOAL.rows);
const pass = atGoal ? atGoal.ours.seconds < GOAL.seconds && (atGoal.ours.peakRssMb ?? 0) < GOAL.rssMb : null;
console.log(
  atGoal
    ? `\ngoal: ${GOAL.rows} rows < ${GOAL.seconds} s and peak RSS < ${GOAL.rssMb} MB: ${pass ? "PASS" : "FAIL"} ` +
        `(${round(atGoal.ours.seconds, 1)} s, ${atGoal.ours.peakRssMb} MB)`
    : `\ngoal: not measured (add ${GOAL.rows} to --sizes)`,
);
console.log(
  JSON.stringify({
    bench: "import-synthetic",
    ...machine(),
    seed,
    runs,
    results: results.map((r) => ({
      rows: r.rows,
      csvMb: r.csvMb,
      seconds: round(r.ours.seconds, 2),
      runs: r.oursRuns,
      rowsPerSec: Math.round(r.rows / r.ours.seconds),
      peakRssMb: r.ours.peakRssMb,
      sampledRssMb: r.ours.sampledRssMb,
      hwmMb: r.ours.hwmMb,
      dbMb: r.ours.dbMb,
      report: r.ours.report,
      baseline: r.raw
        ? {
            what: "better-sqlite3 prepared INSERTs: plain table + FTS5, one transaction",
            seconds: round(r.raw.seconds, 2),
            runs: r.rawRuns,
            rowsPerSec: Math.round(r.rows / r.raw.seconds),
            peakRssMb: r.raw.peakRssMb,
          }
        : null,
      ratio: r.raw ? round(r.ours.seconds / r.raw.seconds, 2) : null,
    })),
    goal: { ...GOAL, pass },
  }),
);
