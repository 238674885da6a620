/**
 * Shared pieces of the benchmarks: flags, paths, memory measurement, statistics, tables, and
 * running a measured task in a fresh child process (so each figure has its own peak RSS).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(BENCH_DIR);
export const OUT_DIR = join(BENCH_DIR, "out");
export const DATA_DIR = resolve(process.env.SUMMA_AN_DATA ?? join(ROOT, "..", "shared", "an-data"));
export const REAL_XLSX = join(DATA_DIR, "an-database-2022.xlsx");
export const REAL_JSON = join(DATA_DIR, "an-database-2022.json");

/** Where bench/import-synthetic.ts leaves (with --keep-db) and bench/search.ts finds a database of N generated rows. */
export function syntheticDbPath(rows: number, seed: number): string {
  return join(OUT_DIR, `synthetic-${rows}-s${seed}.db`);
}

/** Deletes an SQLite database file and its WAL, shared-memory and journal files. */
export function removeDatabase(path: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${path}${suffix}`, { force: true });
}

export function ensureOutDir(): string {
  mkdirSync(OUT_DIR, { recursive: true });
  return OUT_DIR;
}

/** Fails with a clear message when a third-party data file the benchmark reads is missing. */
export function requireFile(path: string, what: string): string {
  if (!existsSync(path)) {
    process.stderr.write(
      `${what} not found at ${path}.\n` +
        "The benchmarks read the Alignment Newsletter data from ../shared/an-data/ " +
        "(or the directory in SUMMA_AN_DATA); it is never copied into the repository.\n",
    );
    process.exit(2);
  }
  return path;
}

// ---------------------------------------------------------------------------------------------
// Flags: `--name value`, `--name=value` or `--flag`; each also readable from BENCH_NAME.

export function flag(name: string): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}`) {
      const next = argv[i + 1];
      return next === undefined || next.startsWith("--") ? "true" : next;
    }
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return process.env[`BENCH_${name.toUpperCase().replace(/-/g, "_")}`];
}

export function numberFlag(name: string, fallback: number): number {
  const v = flag(name);
  if (v === undefined) return fallback;
  const n = parseCount(v);
  if (!Number.isFinite(n)) throw new Error(`--${name}: expected a number, got "${v}"`);
  return n;
}

export function boolFlag(name: string): boolean {
  const v = flag(name);
  return v !== undefined && v !== "false" && v !== "0";
}

/** "100000", "100k", "1M", "1e6" -> numbers. */
export function parseCount(v: string): number {
  const m = /^([\d.e+]+)\s*([kKmM]?)$/.exec(v.trim().replace(/_/g, ""));
  if (!m) return Number.NaN;
  const base = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  return Math.round(base * (unit === "k" ? 1e3 : unit === "m" ? 1e6 : 1));
}

export function listFlag(name: string, fallback: number[]): number[] {
  const v = flag(name);
  if (v === undefined) return fallback;
  const out = v.split(",").map(parseCount);
  if (out.some((n) => !Number.isFinite(n) || n <= 0))
    throw new Error(`--${name}: expected e.g. 2000,100k,1M`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Memory.

export const MB = 1024 * 1024;

/** This process's peak resident set (VmHWM), in bytes; null where /proc is missing. */
export function vmHwm(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Resets VmHWM to the current RSS (Linux: clear_refs 5), so a phase's peak is its own. */
export function resetHwm(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

export interface MemoryPeak {
  /** Highest process.memoryUsage().rss seen by the 100 ms sampler. */
  sampledRss: number;
  /** The kernel's high-water mark for the phase (catches peaks between samples). */
  hwm: number | null;
  /** max of the two: the figure reported as "peak RSS". */
  peak: number;
}

/** Samples RSS every `everyMs` until stopped. Synchronous work delays samples; VmHWM does not miss. */
export function startMemorySampler(everyMs = 100): () => MemoryPeak {
  resetHwm();
  let sampledRss = process.memoryUsage().rss;
  const timer = setInterval(() => {
    sampledRss = Math.max(sampledRss, process.memoryUsage().rss);
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    sampledRss = Math.max(sampledRss, process.memoryUsage().rss);
    const hwm = vmHwm();
    return { sampledRss, hwm, peak: Math.max(sampledRss, hwm ?? 0) };
  };
}

// ---------------------------------------------------------------------------------------------
// Statistics and output.

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function mb(bytes: number | null | undefined): number | null {
  return bytes === null || bytes === undefined ? null : Math.round(bytes / MB);
}

/** A plain aligned text table (also valid Markdown). */
export function table(headers: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? "-" : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  return [line(headers), rule, ...cells.map(line)].join("\n");
}

export function machine(): Record<string, string | number> {
  return { node: process.version, platform: `${process.platform}-${process.arch}` };
}

// ---------------------------------------------------------------------------------------------
// Child processes.

/**
 * Runs `bench/lib/worker.ts TASK` with JSON args in a fresh Node process (tsx), returning the
 * JSON object the worker prints as its last stdout line. stderr passes through.
 */
export async function runWorker<T>(task: string, args: Record<string, unknown>): Promise<T> {
  const worker = join(BENCH_DIR, "lib", "worker.ts");
  const child = spawn(process.execPath, ["--import", "tsx", worker, task, JSON.stringify(args)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (d: string) => {
    out += d;
  });
  const code = await new Promise<number | null>((done) => child.on("close", done));
  const last = out.trim().split("\n").pop() ?? "";
  if (code !== 0) throw new Error(`worker ${task} exited with ${code}: ${out.slice(-2000)}`);
  return JSON.parse(last) as T;
}

/** True when this module is the script node was asked to run. */
export function isMain(metaUrl: string): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(metaUrl);
}

/**
 * Starts `summa serve` on any free port over the database `db` (extra arguments after
 * `--port 0`, e.g. "--no-worker") and resolves once it prints the address it serves at.
 */
export function startSummaServe(
  db: string,
  extra: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "bin", "summa.js"), "--db", db, "serve", "--port", "0", ...extra],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
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
