/**
 * What database downloads cost the rest of the site: the home page's latency alone, then while
 * six clients download /database/download.xlsx over and over (each ~1 s of the server's CPU).
 * The server is `summa serve` on the real AN sheet, in its own process.
 *
 *   node --import tsx bench/downloads.ts [--seconds 10] [--clients 6]
 *
 * Reports the home page's p50 / p90 / max and the downloads' outcomes (200, 503).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import {
  ensureOutDir,
  machine,
  numberFlag,
  OUT_DIR,
  percentile,
  REAL_XLSX,
  ROOT,
  removeDatabase,
  requireFile,
  round,
  startSummaServe,
  table,
} from "./lib/common.ts";

const seconds = numberFlag("seconds", 10);
const clients = numberFlag("clients", 6);
const sheet = requireFile(REAL_XLSX, "The real AN sheet (an-database-2022.xlsx)");
ensureOutDir();
const db = join(OUT_DIR, "downloads-an.db");
const summa = join(ROOT, "bin", "summa.js");
removeDatabase(db);
execFileSync(process.execPath, [summa, "--db", db, "import", sheet], { stdio: "ignore" });

/** The home page, one request after another for `ms`: each one's latency in ms. */
async function homeLatencies(url: string, ms: number): Promise<number[]> {
  const out: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const t = performance.now();
    const res = await fetch(`${url}/`);
    await res.arrayBuffer();
    out.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 50));
  }
  return out;
}

const { child, url } = await startSummaServe(db, ["--no-worker"]);
try {
  await homeLatencies(url, 1000); // warm-up
  const idle = await homeLatencies(url, seconds * 1000);
  let running = true;
  const outcomes: Record<string, number> = {};
  const downloaders = Array.from({ length: clients }, async () => {
    while (running) {
      const res = await fetch(`${url}/database/download.xlsx`);
      await res.arrayBuffer();
      outcomes[res.status] = (outcomes[res.status] ?? 0) + 1;
      // A refused client waits as told, as a browser user clicking again would.
      if (res.status === 503)
        await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 1) * 1000));
    }
  });
  const loaded = await homeLatencies(url, seconds * 1000);
  running = false;
  await Promise.all(downloaders);
  const row = (name: string, xs: number[]) => [
    name,
    xs.length,
    round(percentile(xs, 50), 1),
    round(percentile(xs, 90), 1),
    round(Math.max(...xs), 1),
  ];
  console.log(
    table(
      ["home page /", "requests", "p50 ms", "p90 ms", "max ms"],
      [row("alone", idle), row(`with ${clients} clients downloading xlsx`, loaded)],
    ),
  );
  console.log(`downloads: ${JSON.stringify(outcomes)}`);
  console.log(
    JSON.stringify({
      machine: machine(),
      idle: { p50: percentile(idle, 50), p90: percentile(idle, 90), max: Math.max(...idle) },
      loaded: { p50: percentile(loaded, 50), p90: percentile(loaded, 90), max: Math.max(...loaded) },
      downloads: outcomes,
    }),
  );
} finally {
  child.kill("SIGTERM");
}
