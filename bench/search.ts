/**
 * Search latency: Summa's searchEntries(store, q, { limit: 20 }) against raw FTS5 on the same
 * database in the same run (better-sqlite3 directly, statements prepared once):
 *   raw      one FTS5 statement with Summa's ranking (any word matches; the words as a phrase
 *            in the title first, then bm25 scaled by the share of the words an entry has:
 *            FTS5_ORDER), then those rows by id;
 *            its MATCH expressions are compiled outside the timed region
 *   raw AND  the semantics before (every word must match; bm25), for the absolute figures
 *
 *   node --import tsx bench/search.ts [--sizes 2000,100k,1M] [--runs 200] [--warmup 20]
 *                                     [--words 8] [--seed 1] [--fresh]
 *
 * 2000 means the real sheet (its xlsx imported into bench/out/search-real.db); other sizes are
 * generated rows (bench/generate.ts), imported into bench/out/synthetic-N-sS.db unless
 * bench/import-synthetic.ts --keep-db left one there (--fresh re-imports).
 *
 * Queries: two words from the real sheet's vocabulary, both of one class by document frequency
 * in the real sheet (rare: 2-4 of 1,958 entries; medium: 1-3%; common: 10-30%), `--words` per
 * class paired in turn, cycled through `--runs` timed runs per class after `--warmup` runs. A
 * two-word query is what a reader types: the last word is also a prefix (entries/search.ts).
 * Ours, raw, raw AND and ours-with-total alternate run by run, so noise hits them alike.
 * Goal: ours within 1.3x of raw at p50 and p99, every class, at 1M entries.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { searchEntries } from "../src/entries/index.ts";
import { countEntries, openStore, type Store } from "../src/store/index.ts";
import { FTS5_ORDER, FTS5_WEIGHTS, fts5SearchExpressions } from "../src/store/search/fts5.ts";
import { closedQuery, parseSearchQuery, toFts5Match } from "../src/store/search/query.ts";
import { generateCsv, loadRealRows, Rng } from "./generate.ts";
import {
  boolFlag,
  ensureOutDir,
  listFlag,
  machine,
  mb,
  numberFlag,
  OUT_DIR,
  percentile,
  REAL_XLSX,
  removeDatabase,
  requireFile,
  round,
  runWorker,
  startMemorySampler,
  syntheticDbPath,
  table,
} from "./lib/common.ts";
import type { WorkerResult } from "./lib/worker.ts";

const GOAL = { rows: 1_000_000, ratio: 1.3 };
const REAL_ROWS = 2000;

const sizes = listFlag("sizes", [REAL_ROWS, 100_000, 1_000_000]);
const runs = numberFlag("runs", 200);
const warmup = numberFlag("warmup", 20);
const perClass = numberFlag("words", 8);
const seed = numberFlag("seed", 1);
const fresh = boolFlag("fresh");
ensureOutDir();

// ---------------------------------------------------------------------------------------------
// Query words by document frequency in the real sheet.

type QueryClass = "rare" | "medium" | "common";
const CLASSES: { name: QueryClass; min: (n: number) => number; max: (n: number) => number }[] = [
  { name: "rare", min: () => 2, max: () => 4 },
  { name: "medium", min: (n) => Math.ceil(n * 0.01), max: (n) => Math.floor(n * 0.03) },
  { name: "common", min: (n) => Math.ceil(n * 0.1), max: (n) => Math.floor(n * 0.3) },
];

function pickWords(): Record<QueryClass, string[]> {
  const real = loadRealRows();
  const df = new Map<string, number>();
  for (const r of real) {
    const text = [
      r.title,
      r.authors,
      r.summary,
      r.opinion,
      r.category,
      r.venue,
      r.summarizer,
      r.hat_tip,
      r.prerequisites,
      r.read_more,
    ].join(" ");
    for (const w of new Set(text.toLowerCase().match(/[a-z]+/g) ?? [])) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const rng = new Rng(seed);
  const out = {} as Record<QueryClass, string[]>;
  for (const c of CLASSES) {
    const lo = c.min(real.length);
    const hi = c.max(real.length);
    const candidates = [...df.entries()]
      .filter(([w, n]) => w.length >= 4 && n >= lo && n <= hi)
      .map(([w]) => w)
      .sort();
    // A seeded partial shuffle: the same words on every run and every size.
    for (let i = 0; i < Math.min(perClass, candidates.length); i++) {
      const j = i + rng.int(candidates.length - i);
      [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
    }
    out[c.name] = candidates.slice(0, perClass);
  }
  return out;
}

/** Two-word queries from a class's words: each word with the next (the last with the first). */
function pairs(words: string[]): string[] {
  return words.map((w, i) => `${w} ${words[(i + 1) % words.length]}`);
}

// ---------------------------------------------------------------------------------------------
// Databases.

async function prepareDatabase(rows: number): Promise<{ db: string; label: string; entries: number }> {
  if (rows === REAL_ROWS) {
    const db = join(OUT_DIR, "search-real.db");
    const xlsx = requireFile(REAL_XLSX, "The real AN sheet (an-database-2022.xlsx)");
    removeDatabase(db);
    const r = await runWorker<WorkerResult>("import", { source: xlsx, db, keep: true });
    return { db, label: "2k (real)", entries: r.report?.added ?? 0 };
  }
  const db = syntheticDbPath(rows, seed);
  if (!fresh && existsSync(db)) {
    const store = await openStore(db);
    const entries = await countEntries(store.db);
    await store.close();
    if (entries === rows) return { db, label: label(rows), entries };
  }
  process.stderr.write(`${rows} rows: generating and importing (once; reused afterwards)...\n`);
  const csv = await generateCsv({ rows, seed });
  const r = await runWorker<WorkerResult>("import", { source: csv.file, db, keep: true });
  process.stderr.write(`  imported in ${round(r.seconds, 1)} s\n`);
  return { db, label: label(rows), entries: r.report?.added ?? rows };
}

function label(rows: number): string {
  return rows >= 1e6 ? `${rows / 1e6}M` : rows >= 1e3 ? `${rows / 1e3}k` : String(rows);
}

// ---------------------------------------------------------------------------------------------
// The raw equivalent of a search: one FTS5 statement with Summa's ranking, then those rows.

type Compiled = ReturnType<typeof fts5SearchExpressions> & { and: string };

/** The MATCH expressions Summa runs for a typed query (compiled once, outside the timing). */
function compile(q: string): Compiled {
  const query = parseSearchQuery(q, { openLast: true });
  return { ...fts5SearchExpressions(query), and: toFts5Match(closedQuery(query)) };
}

class RawSearch {
  private readonly db: SQLite.Database;
  private readonly ranked = new Map<string, SQLite.Statement>();
  private readonly andTop: SQLite.Statement;
  private readonly count: SQLite.Statement;
  private readonly fetch = new Map<number, SQLite.Statement>();
  constructor(path: string) {
    this.db = new SQLite(path, { readonly: true, fileMustExist: true });
    this.db.pragma("cache_size = -65536"); // as Summa's connection
    this.andTop = this.db.prepare(
      `SELECT rowid, bm25(entries_fts, ${FTS5_WEIGHTS}) AS score FROM entries_fts WHERE entries_fts MATCH ? ORDER BY score LIMIT 20`,
    );
    this.count = this.db.prepare("SELECT count(*) AS n FROM entries_fts WHERE entries_fts MATCH ?");
  }
  /** The ranked statement for this query's shape (a title phrase or not, how many groups). */
  private statement(c: Compiled): SQLite.Statement {
    const inSet = "(rowid IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?))";
    const covered = [String(c.covered.base), ...c.covered.sets.map(() => inSet)].join(" + ");
    const sql = `SELECT id FROM (SELECT rowid AS id, bm25(entries_fts, ${FTS5_WEIGHTS}) AS score,
      ${c.phrase === null ? "0" : inSet} AS phrase, (${covered}) AS covered, ${c.groups} AS groups
      FROM entries_fts WHERE entries_fts MATCH ?) ORDER BY ${FTS5_ORDER} LIMIT 20`;
    let st = this.ranked.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.ranked.set(sql, st);
    }
    return st;
  }
  private rows(ids: number[]): { id: number }[] {
    if (ids.length === 0) return [];
    let fetch = this.fetch.get(ids.length);
    if (!fetch) {
      fetch = this.db.prepare(`SELECT * FROM entries WHERE id IN (${ids.map(() => "?").join(", ")})`);
      this.fetch.set(ids.length, fetch);
    }
    const byId = new Map((fetch.all(ids) as { id: number }[]).map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!).filter(Boolean);
  }
  search(c: Compiled): { id: number }[] {
    const params = [c.phrase, ...c.covered.sets].filter((m): m is string => m !== null);
    const ids = (this.statement(c).all(...params, c.any) as { id: number }[]).map((r) => r.id);
    return this.rows(ids);
  }
  searchAnd(c: Compiled): { id: number }[] {
    return this.rows((this.andTop.all(c.and) as { rowid: number }[]).map((r) => r.rowid));
  }
  hits(c: Compiled): number {
    return (this.count.get(c.any) as { n: number }).n;
  }
  close(): void {
    this.db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Timing.

interface ClassResult {
  size: string;
  entries: number;
  cls: QueryClass;
  queries: string[];
  meanHits: number;
  ours: { p50: number; p99: number };
  raw: { p50: number; p99: number };
  rawAnd: { p50: number; p99: number };
  withTotal: { p50: number; p99: number };
}

const ms = (xs: number[]) => ({ p50: percentile(xs, 50), p99: percentile(xs, 99) });

async function timeClass(
  store: Store,
  raw: RawSearch,
  queries: string[],
): Promise<{ ours: number[]; raw: number[]; rawAnd: number[]; withTotal: number[]; mismatches: number }> {
  const compiled = queries.map(compile);
  const ours: number[] = [];
  const rawTimes: number[] = [];
  const rawAnd: number[] = [];
  const withTotal: number[] = [];
  let mismatches = 0;
  // Same answers, or the comparison means nothing.
  for (const [i, q] of queries.entries()) {
    const a = (await searchEntries(store, q, { limit: 20 })).results.map((r) => r.entry.id);
    const b = raw.search(compiled[i]!).map((r) => r.id);
    if (a.join() !== b.join()) mismatches++;
  }
  for (let i = 0; i < warmup + runs; i++) {
    const k = i % queries.length;
    const q = queries[k]!;
    const c = compiled[k]!;
    const timed = i >= warmup;
    const runOurs = async () => {
      const t = performance.now();
      await searchEntries(store, q, { limit: 20 });
      if (timed) ours.push(performance.now() - t);
    };
    const runRaw = () => {
      const t = performance.now();
      raw.search(c);
      if (timed) rawTimes.push(performance.now() - t);
    };
    const runAnd = () => {
      const t = performance.now();
      raw.searchAnd(c);
      if (timed) rawAnd.push(performance.now() - t);
    };
    const runTotal = async () => {
      const t = performance.now();
      await searchEntries(store, q, { limit: 20, withTotal: true });
      if (timed) withTotal.push(performance.now() - t);
    };
    if (i % 2 === 0) {
      await runOurs();
      runRaw();
    } else {
      runRaw();
      await runOurs();
    }
    runAnd();
    await runTotal();
  }
  return { ours, raw: rawTimes, rawAnd, withTotal, mismatches };
}

// ---------------------------------------------------------------------------------------------

const words = pickWords();
const queriesOf = Object.fromEntries(CLASSES.map((c) => [c.name, pairs(words[c.name])])) as Record<
  QueryClass,
  string[]
>;
process.stderr.write(
  `queries: ${CLASSES.map((c) => `${c.name}: ${queriesOf[c.name].join(", ")}`).join("; ")}\n`,
);
const results: ClassResult[] = [];
const memory: { size: string; peakRssMb: number | null; mismatches: number }[] = [];
for (const rows of sizes) {
  const { db, label: size, entries } = await prepareDatabase(rows);
  const stop = startMemorySampler();
  const store = await openStore(db);
  const raw = new RawSearch(db);
  let mismatches = 0;
  try {
    for (const c of CLASSES) {
      const qs = queriesOf[c.name];
      if (qs.length === 0) continue;
      const hits = qs.map((q) => raw.hits(compile(q)));
      const t = await timeClass(store, raw, qs);
      mismatches += t.mismatches;
      results.push({
        size,
        entries,
        cls: c.name,
        queries: qs,
        meanHits: Math.round(hits.reduce((a, b) => a + b, 0) / hits.length),
        ours: ms(t.ours),
        raw: ms(t.raw),
        rawAnd: ms(t.rawAnd),
        withTotal: ms(t.withTotal),
      });
      const r = results[results.length - 1]!;
      process.stderr.write(
        `  ${size} ${c.name}: ours p50 ${round(r.ours.p50, 3)} ms, raw p50 ${round(r.raw.p50, 3)} ms, raw AND p50 ${round(r.rawAnd.p50, 3)} ms\n`,
      );
    }
  } finally {
    raw.close();
    await store.close();
  }
  memory.push({ size, peakRssMb: mb(stop().peak), mismatches });
}

const x = (a: number, b: number) => `${round(a / b, 2)}x`;
console.log(
  table(
    [
      "entries",
      "class",
      "mean hits",
      "ours p50 ms",
      "raw p50 ms",
      "ours/raw p50",
      "ours p99 ms",
      "raw p99 ms",
      "ours/raw p99",
      "raw AND p50 ms",
      "raw AND p99 ms",
      "withTotal p50 ms",
      "withTotal p99 ms",
    ],
    results.map((r) => [
      r.size,
      r.cls,
      r.meanHits,
      round(r.ours.p50, 3),
      round(r.raw.p50, 3),
      x(r.ours.p50, r.raw.p50),
      round(r.ours.p99, 3),
      round(r.raw.p99, 3),
      x(r.ours.p99, r.raw.p99),
      round(r.rawAnd.p50, 3),
      round(r.rawAnd.p99, 3),
      round(r.withTotal.p50, 3),
      round(r.withTotal.p99, 3),
    ]),
  ),
);
console.log();
console.log(
  table(
    ["entries", "peak RSS MB (searching)", "queries whose ids differ from raw"],
    memory.map((m) => [m.size, m.peakRssMb, m.mismatches]),
  ),
);
const atGoal = results.filter((r) => r.entries === GOAL.rows);
const pass = atGoal.length
  ? atGoal.every((r) => r.ours.p50 / r.raw.p50 <= GOAL.ratio && r.ours.p99 / r.raw.p99 <= GOAL.ratio)
  : null;
console.log(
  atGoal.length
    ? `\ngoal: ours within ${GOAL.ratio}x of raw at p50 and p99 for every class at ${label(GOAL.rows)}: ${pass ? "PASS" : "FAIL"}`
    : `\ngoal: not measured (add ${GOAL.rows} to --sizes)`,
);
console.log(
  JSON.stringify({
    bench: "search",
    ...machine(),
    runs,
    warmup,
    seed,
    queries: queriesOf,
    results: results.map((r) => ({
      entries: r.entries,
      size: r.size,
      class: r.cls,
      meanHits: r.meanHits,
      oursMs: { p50: round(r.ours.p50, 4), p99: round(r.ours.p99, 4) },
      rawMs: { p50: round(r.raw.p50, 4), p99: round(r.raw.p99, 4) },
      ratio: { p50: round(r.ours.p50 / r.raw.p50, 2), p99: round(r.ours.p99 / r.raw.p99, 2) },
      rawAndMs: { p50: round(r.rawAnd.p50, 4), p99: round(r.rawAnd.p99, 4) },
      withTotalMs: { p50: round(r.withTotal.p50, 4), p99: round(r.withTotal.p99, 4) },
    })),
    memory,
    goal: { ...GOAL, pass },
  }),
);
