/**
 * HTTP throughput of `summa serve` on the real AN database, measured with autocannon:
 * an issue page, a search page of the database browser and an API search, next to a static
 * file (the stylesheet) served by the same server as the baseline, in the same run.
 *
 *   node --import tsx bench/web.ts [--seconds 10] [--connections 10] [--issue 53] [--query "reward model"]
 *
 * The server is a separate process (`summa serve` on a fresh SQLite file with the real sheet
 * imported), so the load generator does not share its event loop. Each target runs for
 * --seconds after a 2 s warm-up; targets alternate with the baseline so noise hits both alike.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import autocannon from "autocannon";
import {
  ensureOutDir,
  flag,
  machine,
  numberFlag,
  OUT_DIR,
  REAL_XLSX,
  ROOT,
  removeDatabase,
  requireFile,
  round,
  table,
} from "./lib/common.ts";

const seconds = numberFlag("seconds", 10);
const connections = numberFlag("connections", 10);
const issue = numberFlag("issue", 53);
const query = flag("query") ?? "reward model";
const sheet = requireFile(REAL_XLSX, "The real AN sheet (an-database-2022.xlsx)");
ensureOutDir();
const db = join(OUT_DIR, "web-an.db");
const summa = join(ROOT, "bin", "summa.js");

removeDatabase(db);
execFileSync(process.execPath, [summa, "--db", db, "import", sheet], { stdio: "ignore" });

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [summa, "--db", db, "serve", "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /at (http:\/\/[^\s/]+)\//.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once("exit", (code) => reject(new Error(`summa serve exited (${code}) before listening:\n${out}`)));
  });
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(url: string, duration: number): Promise<Figures> {
  const r = await autocannon({ url, connections, duration, pipelining: 1 });
  const bad = r.non2xx + r.errors + r.timeouts;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: bad };
}

const q = encodeURIComponent(query);
const targets = [
  { name: `issue page /issues/${issue}`, path: `/issues/${issue}` },
  { name: `search page /database?q=${query}`, path: `/database?q=${q}` },
  { name: `API search /api/v1/entries?q=${query}`, path: `/api/v1/entries?q=${q}` },
];
const baselinePath = "/assets/site.css";

const { child, url } = await startServer();
const rows: (string | number)[][] = [];
try {
  for (const path of [baselinePath, ...targets.map((t) => t.path)]) {
    const res = await fetch(`${url}${path}`);
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  }
  for (const t of targets) {
    await measure(`${url}${t.path}`, 2);
    const base = await measure(`${url}${baselinePath}`, seconds);
    const ours = await measure(`${url}${t.path}`, seconds);
    rows.push(
      [t.name, round(ours.rps, 0), ours.p50, ours.p99, ours.errors, round(ours.rps / base.rps, 3)],
      [`  baseline: static ${baselinePath}`, round(base.rps, 0), base.p50, base.p99, base.errors, 1],
    );
  }
} finally {
  child.kill("SIGTERM");
}

console.log(JSON.stringify(machine()));
console.log(`${connections} connections, ${seconds} s per measurement, real AN database (1,958 entries)\n`);
console.log(table(["target", "req/s", "p50 ms", "p99 ms", "errors", "req/s vs static"], rows));
