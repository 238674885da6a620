/**
 * Import of the real AN sheet (xlsx, 1,958 rows) into a fresh SQLite database through
 * importFrom(store, path), against the raw exceljs read of the same file as a baseline.
 *
 *   node --import tsx bench/import-real.ts [--runs 3] [--file PATH]
 *
 * Each run is a fresh process (so peak RSS is the run's own); runs of the two alternate.
 * Goal: median import time under 3 s.
 */
import { join } from "node:path";
import {
  ensureOutDir,
  flag,
  machine,
  median,
  numberFlag,
  OUT_DIR,
  REAL_XLSX,
  requireFile,
  round,
  runWorker,
  table,
} from "./lib/common.ts";
import type { WorkerResult } from "./lib/worker.ts";

const GOAL_SECONDS = 3;

const runs = numberFlag("runs", 3);
const file = requireFile(flag("file") ?? REAL_XLSX, "The real AN sheet (an-database-2022.xlsx)");
ensureOutDir();
const db = join(OUT_DIR, "import-real.db");

const ours: WorkerResult[] = [];
const baseline: WorkerResult[] = [];
for (let i = 0; i < runs; i++) {
  // Alternate which goes first, so a noisy neighbour hurts both alike.
  if (i % 2 === 0) {
    ours.push(await runWorker<WorkerResult>("import", { source: file, db }));
    baseline.push(await runWorker<WorkerResult>("exceljs", { file }));
  } else {
    baseline.push(await runWorker<WorkerResult>("exceljs", { file }));
    ours.push(await runWorker<WorkerResult>("import", { source: file, db }));
  }
  process.stderr.write(
    `  run ${i + 1}/${runs}: import ${round(ours[i]!.seconds)} s, exceljs ${round(baseline[i]!.seconds)} s\n`,
  );
}

const summary = (rs: WorkerResult[]) => ({
  median: median(rs.map((r) => r.seconds)),
  min: Math.min(...rs.map((r) => r.seconds)),
  max: Math.max(...rs.map((r) => r.seconds)),
  peakRssMb: Math.max(...rs.map((r) => r.peakRssMb ?? 0)),
});
const o = summary(ours);
const b = summary(baseline);
const ratio = o.median / b.median;
const report = ours[0]?.report;

console.log(
  table(
    ["what", "rows", "median s", "min s", "max s", "peak RSS MB", "ratio"],
    [
      [
        "importFrom(xlsx) -> fresh SQLite",
        report?.rows ?? null,
        round(o.median),
        round(o.min),
        round(o.max),
        o.peakRssMb,
        `${round(ratio)}x`,
      ],
      [
        "baseline: exceljs xlsx.readFile",
        baseline[0]?.rows ?? null,
        round(b.median),
        round(b.min),
        round(b.max),
        b.peakRssMb,
        "1x",
      ],
    ],
  ),
);
const pass = o.median < GOAL_SECONDS;
console.log(
  `\ngoal: import median < ${GOAL_SECONDS} s: ${pass ? "PASS" : "FAIL"} (${round(o.median)} s; ` +
    `added ${report?.added}, skipped ${report?.skipped}; ${runs} runs)`,
);
console.log(
  JSON.stringify({
    bench: "import-real",
    ...machine(),
    file,
    runs,
    rows: report?.rows,
    added: report?.added,
    seconds: { median: round(o.median, 3), min: round(o.min, 3), max: round(o.max, 3) },
    peakRssMb: o.peakRssMb,
    baseline: {
      what: "exceljs xlsx.readFile",
      seconds: { median: round(b.median, 3) },
      peakRssMb: b.peakRssMb,
    },
    ratio: round(ratio, 2),
    goal: { seconds: GOAL_SECONDS, pass },
  }),
);
