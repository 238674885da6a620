/**
 * How well flattened copies of past issues read back: every issue of the real sheet flattened
 * by each writer of test/helpers/flatteners.ts (the tests' and BENCH_WRITERS), parsed with AN's
 * taxonomy and with its sections in reverse order, scored strictly field by field
 * (test/helpers/parse-score.ts). Prints the per-field table, the share of entries fully right
 * and of issues with exactly the right entries.
 *
 *   node --import tsx bench/parse-accuracy.ts [--misses 3] [--writers "email,plain"] [--known half|all]
 *
 * `--writers` measures only the named writers (a held-out one is left out while tuning).
 * `--known` parses as a backfill over a partly imported archive would: with every other entry's
 * title of the issue known, or all of them (the sheet imported first, the issues' texts after).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AN_TAXONOMY } from "../src/domain/taxonomy.ts";
import { openStore } from "../src/store/index.ts";
import { BENCH_WRITERS, FLAT_WRITERS } from "../test/helpers/flatteners.ts";
import {
  accuracyTable,
  evaluateFlatParsing,
  loadSheetIssues,
  reversedSections,
} from "../test/helpers/parse-eval.ts";
import { flag, numberFlag, REAL_JSON, requireFile } from "./lib/common.ts";

requireFile(REAL_JSON, "The AN sheet (an-database-2022.json)");
const misses = numberFlag("misses", 3);
const names = flag("writers")
  ?.split(",")
  .map((n) => n.trim());
const all = [...FLAT_WRITERS, ...BENCH_WRITERS];
const writers = names ? all.filter((w) => names.includes(w.name)) : all;
const known = flag("known") ?? "none";
if (known !== "none" && known !== "half" && known !== "all")
  throw new Error(`--known ${known}: use half or all`);
if (writers.length === 0) throw new Error(`no writer named ${names}: ${all.map((w) => w.name)}`);
const dir = mkdtempSync(join(tmpdir(), "summa-bench-parse-"));
const store = await openStore(join(dir, "bench.db"));
try {
  const { views, newsletter } = await loadSheetIssues(store, REAL_JSON);
  const results = evaluateFlatParsing(
    views,
    [
      { name: "AN", taxonomy: AN_TAXONOMY },
      { name: "AN reversed", taxonomy: reversedSections(AN_TAXONOMY) },
    ],
    newsletter,
    writers,
    known,
  );
  console.log(
    `${views.length} issues; fields in % of entries; fully right = every field exact; known titles: ${known}\n`,
  );
  console.log(accuracyTable(results));
  for (const r of results) {
    console.log(
      `\n${r.writer} / ${r.taxonomy}: formats ${JSON.stringify(r.formats)}; ${r.wrong.length} issues not all right`,
    );
    for (const w of r.wrong.slice(0, misses))
      console.log(
        `  ${w.label}: ${w.score.parsed}/${w.score.entries} entries\n    ${w.score.misses.join("\n    ")}`,
      );
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
