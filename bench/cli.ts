/**
 * CLI start-up: `summa --help`, `summa --version`, `summa search` and `summa lookup` on the real
 * database, each as a whole process, against `node -e 0` in the same run (interleaved, so noise
 * hits them alike). Runs the installed bin with node (`node bin/summa.js`), not through npx,
 * whose own start-up is ~0.6 s. The compiled build (dist/) is made first, as `npm install` does.
 *
 *   node --import tsx bench/cli.ts [--runs 20]
 *
 * Goals (issue 11): search within 4x of `node -e 0`, --help within 3x (medians).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import {
  ensureOutDir,
  machine,
  median,
  numberFlag,
  OUT_DIR,
  REAL_XLSX,
  ROOT,
  removeDatabase,
  requireFile,
  round,
  table,
} from "./lib/common.ts";

const runs = numberFlag("runs", 20);
requireFile(REAL_XLSX, "The AN sheet (an-database-2022.xlsx)");
ensureOutDir();

const node = process.execPath;
const bin = join(ROOT, "bin/summa.js");
const db = join(OUT_DIR, "cli-real.db");

function run(args: string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(node, args, {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, DATABASE_URL: "" },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && !(args.includes("lookup") && r.status === 1))
    throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const build = spawnSync(node, [join(ROOT, "scripts/build.mjs")], { cwd: ROOT, stdio: "inherit" });
if (build.status !== 0) process.exit(1);
removeDatabase(db);
run([bin, "--db", db, "import", REAL_XLSX]);

const commands: { name: string; args: string[]; goal?: number }[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "summa --help", args: [bin, "--help"], goal: 3 },
  { name: "summa --version", args: [bin, "--version"] },
  { name: 'summa search "reward model"', args: [bin, "--db", db, "search", "reward", "model"], goal: 4 },
  {
    name: "summa search (a question)",
    args: [bin, "--db", db, "search", "attention", "weights", "are", "not", "faithful", "explanations"],
    goal: 4,
  },
  { name: "summa lookup arXiv id", args: [bin, "--db", db, "lookup", "1811.07871"] },
];
const times = new Map(commands.map((c) => [c.name, [] as number[]]));
for (const c of commands) run(c.args); // warm the page cache
for (let i = 0; i < runs; i++) {
  // A different order each round, so no command always follows the same one.
  const order = i % 2 === 0 ? commands : [...commands].reverse();
  for (const c of order) times.get(c.name)!.push(run(c.args));
}
const base = median(times.get("node -e 0")!);
const rows = commands.map((c) => {
  const m = median(times.get(c.name)!);
  const ratio = m / base;
  return [
    c.name,
    round(m, 1),
    round(Math.min(...times.get(c.name)!), 1),
    `${round(ratio, 2)}x`,
    c.goal ? `<= ${c.goal}x: ${ratio <= c.goal ? "met" : "NOT met"}` : "",
  ];
});
console.log(table(["command", "median ms", "min ms", "vs node -e 0", "goal"], rows));
console.log(
  JSON.stringify({
    bench: "cli",
    ...machine(),
    runs,
    results: Object.fromEntries([...times].map(([k, v]) => [k, { medianMs: round(median(v), 2) }])),
  }),
);
removeDatabase(db);
