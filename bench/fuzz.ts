/**
 * The fuzz test's longer run: `npm run bench:fuzz -- [--seed N] [--inputs N] [--target NAME]...
 * [--index I] [--max-bytes B] [--max-repeat R] [--max-depth D] [--dir DIR] [--save]`.
 * Defaults: a random seed (printed), 30,000 inputs, inputs up to 1 MB. Failing inputs are saved
 * under DIR/failures with their error; `--target T --index I` with the same seed and limits
 * runs one input again (`--save` keeps it in DIR/inputs).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { describeReport, runFuzz } from "../test/fuzz/run.ts";

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    inputs: { type: "string", default: "30000" },
    target: { type: "string", multiple: true },
    index: { type: "string" },
    "max-bytes": { type: "string", default: String(1024 * 1024) },
    "max-repeat": { type: "string", default: String(256 * 1024) },
    "max-depth": { type: "string", default: "20000" },
    dir: { type: "string" },
    save: { type: "boolean", default: false },
  },
});

const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), "summa-fuzz-"));
console.log(`fuzz: seed ${seed}, scratch and failures in ${dir}`);
const report = await runFuzz({
  seed,
  inputs: Number(values.inputs),
  only: values.target,
  index: values.index === undefined ? undefined : Number(values.index),
  limits: {
    maxBytes: Number(values["max-bytes"]),
    maxRepeat: Number(values["max-repeat"]),
    maxDepth: Number(values["max-depth"]),
  },
  dir,
  saveAll: values.save,
  hangMs: 60_000,
  log: (line) => console.log(line),
});
console.log(describeReport(report));
for (const f of report.failures)
  console.log(
    `${f.pending ? "PENDING" : "FAIL"} ${f.target} #${f.index} ${f.kind}: ${f.summary}\n  saved: ${f.saved}\n  again: ${report.reproduce(f)}`,
  );
process.exitCode = report.failures.some((f) => !f.pending) ? 1 : 0;
