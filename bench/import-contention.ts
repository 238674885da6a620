/**
 * The site while a large import runs: a sign-up (POST /subscribe) and a desk login (GET the form,
 * POST /desk/login) fired every --every ms, in the process that serves the site, throughout an
 * import of a synthetic CSV (bench/generate.ts) in the same process; reports each kind's longest
 * wait, p50 and p99, any 5xx, the import's time and how long its publishing transaction took.
 * Goal (issue 13): the longest wait under 1 s for a 100k-row import.
 *
 *   node --import tsx bench/import-contention.ts [--rows 100k] [--seed 1] [--every 250]
 *                                                [--db postgres://...] [--csv FILE]
 *
 * SQLite: a fresh file in bench/out. PostgreSQL: --db names a database to use (emptied of
 * Summa's tables first is up to you: use a fresh one). Passwords use a cheap scrypt cost so the
 * login's own hashing does not hide the waiting.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { createUser } from "../src/accounts/index.ts";
import { importFrom } from "../src/entries/index.ts";
import { openStore } from "../src/store/index.ts";
import { createApp } from "../src/web/index.ts";
import { generateCsv } from "./generate.ts";
import { ensureOutDir, flag, numberFlag, OUT_DIR, parseCount, round } from "./lib/common.ts";

const rows = parseCount(flag("rows") ?? "100k");
const seed = numberFlag("seed", 1);
const every = numberFlag("every", 250);
const pgUrl = flag("db");
ensureOutDir();

// --csv: a sheet of your own instead (the synthetic one has cross-references longer than
// PostgreSQL's btree limit until issue 13's item 3 lands).
const csv = flag("csv") ? { file: flag("csv")! } : await generateCsv({ rows, seed });
const dbPath = join(OUT_DIR, `contention-${rows}.db`);
if (!pgUrl) for (const suffix of ["", "-wal", "-shm"]) rmSync(`${dbPath}${suffix}`, { force: true });
const store = await openStore(pgUrl ?? dbPath);
const passwords = { passwordCost: { N: 2 ** 10, r: 8, p: 1 } };
const app = createApp(store, passwords);
const password = "correct horse battery staple";
const email = `editor-${Date.now()}@example.org`;
await createUser(store, { email, name: "Ed", role: "editor", password }, passwords);

const ORIGIN = "http://summa.test";
const client = (n: number) => ({
  incoming: { socket: { remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } },
});
type Kind = "sign-up" | "login";
const timings: { kind: Kind; status: number; ms: number }[] = [];
const inFlight: Promise<void>[] = [];

async function signUp(n: number): Promise<number> {
  const res = await app.request(
    `${ORIGIN}/subscribe`,
    {
      method: "POST",
      body: new URLSearchParams({ email: `reader${n}-${Date.now()}@example.org` }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    },
    client(n),
  );
  return res.status;
}

async function logIn(n: number): Promise<number> {
  const form = await app.request(`${ORIGIN}/desk/login`, {}, client(n));
  const cookie = form.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  const csrf = /name="_csrf"[^>]*value="([^"]*)"/.exec(await form.text())?.[1] ?? "";
  const res = await app.request(
    `${ORIGIN}/desk/login`,
    {
      method: "POST",
      body: new URLSearchParams({ _csrf: csrf, email, password }),
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: ORIGIN },
    },
    client(n),
  );
  return res.status;
}

function fire(kind: Kind, run: () => Promise<number>): void {
  const started = performance.now();
  inFlight.push(
    run().then(
      (status) => void timings.push({ kind, status, ms: performance.now() - started }),
      () => void timings.push({ kind, status: 599, ms: performance.now() - started }),
    ),
  );
}

// The site's logs (unsent confirmation emails) are not the benchmark's output.
const write = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
  String(chunk).includes("SMTP_URL is not set")
    ? true
    : write(chunk, ...rest)) as typeof process.stderr.write;

let n = 0;
const ticker = setInterval(() => {
  n++;
  fire("sign-up", () => signUp(n));
  fire("login", () => logIn(n));
}, every);
const started = performance.now();
const report = await importFrom(store, csv.file);
const seconds = (performance.now() - started) / 1000;
clearInterval(ticker);
await Promise.all(inFlight);
await store.close();

const stats = (kind: Kind) => {
  const ms = timings
    .filter((t) => t.kind === kind)
    .map((t) => t.ms)
    .sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0;
  return {
    count: ms.length,
    p50: round(at(0.5), 0),
    p99: round(at(0.99), 0),
    max: round(ms[ms.length - 1] ?? 0, 0),
  };
};
const result = {
  benchmark: "import-contention",
  database: pgUrl ? "postgres" : "sqlite",
  rows,
  importSeconds: round(seconds, 1),
  publishMs: round((report as { publishMs?: number }).publishMs ?? Number.NaN, 1),
  signUp: stats("sign-up"),
  login: stats("login"),
  serverErrors: timings.filter((t) => t.status >= 500).length,
  statuses: Object.fromEntries(
    [...new Set(timings.map((t) => t.status))].map((s) => [s, timings.filter((t) => t.status === s).length]),
  ),
};
process.stdout.write(
  `${rows} rows (${result.database}): import ${result.importSeconds} s, published in ${result.publishMs} ms; ` +
    `sign-up ${result.signUp.count} requests, p50 ${result.signUp.p50} ms, p99 ${result.signUp.p99} ms, longest ${result.signUp.max} ms; ` +
    `login ${result.login.count}, p50 ${result.login.p50} ms, p99 ${result.login.p99} ms, longest ${result.login.max} ms; ` +
    `5xx: ${result.serverErrors}\n${JSON.stringify(result)}\n`,
);
