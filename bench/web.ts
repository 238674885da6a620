/**
 * HTTP throughput of `summa serve` on the real AN database, measured with autocannon: the home
 * page, an issue page, the database browser's search page and the API search (both over
 * --queries distinct queries, so no single cached answer carries the figure), each next to the
 * stylesheet served by the same server as the baseline, in the same run. Then the feeds' bytes
 * on the wire without and with compression.
 *
 *   node --import tsx bench/web.ts [--seconds 10] [--connections 10] [--issue 53] [--queries 120]
 *
 * The server is a separate process (`summa serve` on a fresh SQLite file with the real sheet
 * imported), so the load generator does not share its event loop. Every request says
 * `Accept-Encoding: gzip, deflate, br`, as browsers do. Each target runs for --seconds after a
 * 2 s warm-up; targets alternate with the baseline so noise hits both alike.
 * Goals (issue 15): home and issue page >= 0.5x, search page >= 0.2x, API search >= 0.3x of the
 * stylesheet's requests/s; each feed (20 issues in full) >= 5x smaller on the wire. A feed is
 * fetched plain, gzip, brotli (the first answer, and a later one once the background best-settings
 * copy is done), and revalidated with its ETag (304, no body).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import autocannon from "autocannon";
import {
  ensureOutDir,
  machine,
  numberFlag,
  OUT_DIR,
  REAL_JSON,
  REAL_XLSX,
  ROOT,
  removeDatabase,
  requireFile,
  round,
  startSummaServe,
  table,
} from "./lib/common.ts";

const seconds = numberFlag("seconds", 10);
const connections = numberFlag("connections", 10);
const issue = numberFlag("issue", 53);
const queryCount = numberFlag("queries", 120);
const sheet = requireFile(REAL_XLSX, "The real AN sheet (an-database-2022.xlsx)");
const json = requireFile(REAL_JSON, "The real AN sheet as JSON (an-database-2022.json)");
ensureOutDir();
const db = join(OUT_DIR, "web-an.db");
const summa = join(ROOT, "bin", "summa.js");
const ACCEPT = { "accept-encoding": "gzip, deflate, br" };

/**
 * Distinct two-word queries a reader might type: the first two words of four letters or more of
 * titles spread over the whole sheet, lowercased.
 */
function readerQueries(count: number): string[] {
  const rows = JSON.parse(readFileSync(json, "utf8")) as { title: string }[];
  const out = new Set<string>();
  const step = Math.max(1, Math.floor(rows.length / (count * 2)));
  for (let i = 0; i < rows.length && out.size < count; i += step) {
    const words = rows[i]!.title.toLowerCase().match(/\p{L}{4,}/gu) ?? [];
    if (words.length >= 2) out.add(`${words[0]} ${words[1]}`);
  }
  if (out.size < count) throw new Error(`only ${out.size} distinct queries in the sheet's titles`);
  return [...out];
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(url: string, paths: string[], duration: number): Promise<Figures> {
  const r = await autocannon({
    url,
    connections,
    duration,
    pipelining: 1,
    headers: ACCEPT,
    requests: paths.map((path) => ({ method: "GET", path })),
  });
  const bad = r.non2xx + r.errors + r.timeouts;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: bad };
}

interface Wire {
  bytes: number;
  encoding: string;
  status: number;
}

const etags = new Map<string, string>();

/**
 * The bytes a response's body puts on the wire (as sent, not decoded) and its encoding;
 * `revalidate` sends the ETag the last answer for this address had, as a polling feed reader does.
 */
function wireBytes(url: string, encoding: string, revalidate = false): Promise<Wire> {
  const headers: Record<string, string> = { "accept-encoding": encoding };
  if (revalidate) headers["if-none-match"] = etags.get(url) ?? "";
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        if (status !== 200 && !(revalidate && status === 304)) reject(new Error(`${url}: HTTP ${status}`));
        etags.set(url, String(res.headers.etag ?? ""));
        resolve({ bytes, encoding: String(res.headers["content-encoding"] ?? "identity"), status });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

removeDatabase(db);
execFileSync(process.execPath, [summa, "--db", db, "import", sheet], { stdio: "ignore" });

const queries = readerQueries(queryCount);
const q = (s: string) => encodeURIComponent(s);
const targets = [
  { name: "home page /", paths: ["/"] },
  { name: `issue page /issues/${issue}`, paths: [`/issues/${issue}`] },
  {
    name: `search page /database?q=..., ${queries.length} queries`,
    paths: queries.map((s) => `/database?q=${q(s)}`),
  },
  {
    name: `API search /api/v1/entries?q=..., ${queries.length} queries`,
    paths: queries.map((s) => `/api/v1/entries?q=${q(s)}`),
  },
];

const { child, url } = await startSummaServe(db);
const rows: (string | number)[][] = [];
const feedRows: (string | number)[][] = [];
let baselinePath = "/assets/site.css";
try {
  // The stylesheet as the pages link it (a fingerprinted address once there is one).
  const home = await (await fetch(`${url}/`)).text();
  baselinePath = /<link rel="stylesheet" href="([^"]+)"/.exec(home)?.[1] ?? baselinePath;
  for (const path of [baselinePath, ...targets.map((t) => t.paths[0]!)]) {
    const res = await fetch(`${url}${path}`);
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  }
  for (const t of targets) {
    await measure(url, t.paths, 2);
    const base = await measure(url, [baselinePath], seconds);
    const ours = await measure(url, t.paths, seconds);
    rows.push(
      [t.name, round(ours.rps, 0), ours.p50, ours.p99, ours.errors, round(ours.rps / base.rps, 3)],
      [`  baseline: static ${baselinePath}`, round(base.rps, 0), base.p50, base.p99, base.errors, 1],
    );
  }
  for (const feed of ["/feed.xml", "/atom.xml", "/feed.json"]) {
    const plain = await wireBytes(`${url}${feed}`, "identity");
    const gzip = await wireBytes(`${url}${feed}`, "gzip");
    const br = await wireBytes(`${url}${feed}`, "gzip, deflate, br");
    // A cached feed's brotli copy is redone at the best settings in the background: wait for
    // it (up to 10 s), as a feed reader polling later gets it.
    let best = br;
    for (let i = 0; i < 40 && best.bytes >= br.bytes; i++) {
      await new Promise((r) => setTimeout(r, 250));
      best = await wireBytes(`${url}${feed}`, "gzip, deflate, br");
    }
    const revalidated = await wireBytes(`${url}${feed}`, "gzip, deflate, br", true);
    feedRows.push([
      feed,
      plain.bytes,
      `${gzip.bytes} (${gzip.encoding})`,
      `${br.bytes} (${br.encoding})`,
      round(plain.bytes / br.bytes, 2),
      `${best.bytes} (${best.encoding})`,
      round(plain.bytes / best.bytes, 2),
      `${revalidated.bytes} (HTTP ${revalidated.status})`,
    ]);
  }
} finally {
  child.kill("SIGTERM");
}

console.log(JSON.stringify(machine()));
console.log(`${connections} connections, ${seconds} s per measurement, real AN database (1,958 entries)\n`);
console.log(table(["target", "req/s", "p50 ms", "p99 ms", "errors", "req/s vs static"], rows));
console.log("\nfeeds (20 issues in full), bytes on the wire\n");
console.log(
  table(
    [
      "feed",
      "identity",
      "gzip",
      "br, first answer",
      "smaller",
      "br, later answers",
      "smaller",
      "revalidated",
    ],
    feedRows,
  ),
);
console.log(
  JSON.stringify({
    targets: rows
      .filter((r) => !String(r[0]).startsWith("  "))
      .map((r) => ({ name: r[0], rps: r[1], ratio: r[5] })),
    feeds: feedRows.map((r) => ({ feed: r[0], identity: r[1], smaller: r[4], smallerLater: r[6] })),
  }),
);
