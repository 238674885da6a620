/**
 * Memory and time of imports that used to eat the machine (issue 13, item 6): a generated xlsx
 * of 93k rows (about 6 MB), the real AN xlsx, and a zip bomb (a 2 MB xlsx whose sheet unpacks
 * to 240 MB of XML), each in a fresh process (bench/lib/worker.ts), peak RSS its own.
 *
 *   node --import tsx bench/import-memory.ts [--rows 93000] [--bomb-mb 240] [--skip-real]
 *
 * The generated files are cached in bench/out/.
 */
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  boolFlag,
  ensureOutDir,
  machine,
  mb,
  numberFlag,
  OUT_DIR,
  REAL_XLSX,
  round,
  runWorker,
  table,
} from "./lib/common.ts";
import type { WorkerResult } from "./lib/worker.ts";
import { bombXlsx, generatedRows, sheetXlsx } from "./lib/xlsx-samples.ts";

const rows = numberFlag("rows", 93_000);
const bombMb = numberFlag("bomb-mb", 240);
ensureOutDir();

function cached(name: string, make: () => Uint8Array): string {
  const path = join(OUT_DIR, name);
  if (!existsSync(path)) writeFileSync(path, make());
  return path;
}

const generated = cached(`generated-${rows}.xlsx`, () => sheetXlsx(generatedRows(rows)));
const bomb = cached(`bomb-${bombMb}mb.xlsx`, () => bombXlsx(bombMb * 1024 * 1024));
const db = join(OUT_DIR, "import-memory.db");

const cases: [string, string][] = [
  [`generated xlsx, ${rows} rows`, generated],
  [`zip bomb, ${bombMb} MB of sheet XML`, bomb],
];
if (!boolFlag("skip-real") && existsSync(REAL_XLSX)) cases.push(["the real AN xlsx", REAL_XLSX]);

const results: { name: string; file: string; result: WorkerResult }[] = [];
for (const [name, file] of cases) {
  const result = await runWorker<WorkerResult>("import", { source: file, db, refusable: true });
  results.push({ name, file, result });
  process.stderr.write(`  ${name}: ${round(result.seconds, 3)} s, ${result.peakRssMb} MB\n`);
}

console.log(
  table(
    ["file", "size", "outcome", "seconds", "peak RSS MB"],
    results.map(({ name, file, result }) => [
      name,
      `${round(mb(statSync(file).size) ?? 0, 1)} MB`,
      result.refused ? `refused (${result.refused.code})` : `imported ${result.rows} rows`,
      round(result.seconds, 3),
      result.peakRssMb,
    ]),
  ),
);
console.log(JSON.stringify({ machine: machine(), results }));
