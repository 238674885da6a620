/**
 * Search relevance on the real sheet: Summa's search against MiniSearch and a Fuse.js set-up like
 * the public AI Safety Papers app's, on the same entries and the same queries, in one run.
 *
 *   node --import tsx bench/relevance.ts [--db postgres://...] [--depth 100] [--verbose]
 *                                        [--queries bench/relevance/dev-queries.json]
 *
 * Entries: the real xlsx imported into a fresh database (SQLite under bench/out/, or the given
 * PostgreSQL database, emptied first). Queries: bench/relevance/queries.json, the held-out set
 * (see bench/lib/relevance.ts for the sets and the figures' definitions), or the given file. Each engine returns its
 * first `--depth` results; rank is the first target's position in them.
 *
 * Peers, each given title, authors, summary and opinion (and what else its set-up names):
 * - MiniSearch 7: fields title (boost 2), authors, summary, opinion; prefix and fuzzy (0.2)
 *   matching, its default OR combination: what its README suggests for search-as-you-type.
 * - Fuse.js 7 as QURI's AI Safety Papers app configured it (pages/index.js of
 *   quantified-uncertainty/ai-safety-papers): `includeScore` and the keys title, author, url,
 *   abstract, venue and AN blurb, everything else Fuse's defaults (threshold 0.6, location 0,
 *   distance 100). Here: title, authors, url, summary, venue, opinion.
 */
import Fuse from "fuse.js";
import MiniSearch from "minisearch";
import type { Entry } from "../src/domain/entry.ts";
import { importFrom, searchEntries } from "../src/entries/index.ts";
import { openStore } from "../src/store/index.ts";
import {
  boolFlag,
  ensureOutDir,
  flag,
  numberFlag,
  OUT_DIR,
  REAL_XLSX,
  removeDatabase,
  requireFile,
  round,
  table,
} from "./lib/common.ts";
import {
  loadRelevanceQueries,
  type RelevanceFigures,
  type RelevanceQuery,
  rankOf,
  relevanceFigures,
  targetKey,
} from "./lib/relevance.ts";

const depth = numberFlag("depth", 100);
const verbose = boolFlag("verbose");
const pgUrl = flag("db");
requireFile(REAL_XLSX, "The AN sheet (an-database-2022.xlsx)");
ensureOutDir();

const queries = loadRelevanceQueries(flag("queries"));
const dbPath = `${OUT_DIR}/relevance.db`;
if (!pgUrl) removeDatabase(dbPath);
const store = await openStore(pgUrl ?? dbPath);
if (pgUrl) {
  // A fresh PostgreSQL database is expected; entries left from another run would change the figures.
  const { sql } = await import("kysely");
  await sql`TRUNCATE entries CASCADE`.execute(store.db);
}
await importFrom(store, REAL_XLSX);
const entries: Entry[] = [];
for (let offset = 0; ; offset += 500) {
  const { getEntriesByIds } = await import("../src/store/index.ts");
  const ids = await store.search.browse({ query: null, filters: {}, order: "oldest", limit: 500, offset });
  if (ids.length === 0) break;
  entries.push(...(await getEntriesByIds(store.db, ids)));
}
const keyOf = (e: Entry) => targetKey({ title: e.title, issue: e.issueLabel });

type Engine = (q: string) => Promise<string[]>;

const summa: Engine = async (q) => {
  const r = await searchEntries(store, q, { limit: depth });
  return r.results.map((x) => keyOf(x.entry));
};

const mini = new MiniSearch<Entry>({
  fields: ["title", "authorsText", "summary", "opinion"],
  storeFields: [],
  extractField: (doc, field) =>
    field === "authorsText" ? doc.authors.map((a) => a.name).join(", ") : String((doc as never)[field] ?? ""),
  searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.2 },
});
mini.addAll(entries);
const byId = new Map(entries.map((e) => [e.id, e]));
const minisearch: Engine = async (q) =>
  mini
    .search(q)
    .slice(0, depth)
    .map((r) => keyOf(byId.get(Number(r.id))!));

const fuse = new Fuse(
  entries.map((e) => ({ ...e, authorsText: e.authors.map((a) => a.name).join(", ") })),
  { includeScore: true, keys: ["title", "authorsText", "url", "summary", "venue", "opinion"] },
);
const fusejs: Engine = async (q) => fuse.search(q, { limit: depth }).map((r) => keyOf(r.item));

async function evaluate(
  name: string,
  engine: Engine,
): Promise<RelevanceFigures & { name: string; ms: number }> {
  const rows: { query: RelevanceQuery; rank: number | null; returned: number }[] = [];
  const started = performance.now();
  for (const query of queries) {
    const ranked = await engine(query.query);
    rows.push({ query, rank: rankOf(ranked, query.targets), returned: ranked.length });
  }
  const ms = (performance.now() - started) / queries.length;
  return { name, ms, ...relevanceFigures(rows) };
}

const results = [
  await evaluate(`Summa (${store.dialect.kind})`, summa),
  await evaluate("MiniSearch 7", minisearch),
  await evaluate("Fuse.js 7 (AI Safety Papers set-up)", fusejs),
];
await store.close();

const pct = (x: number) => `${round(100 * x, 1)}%`;
process.stdout.write(
  `${queries.length} queries over ${entries.length} entries; rank depth ${depth}\n\n${table(
    ["engine", "recall@1", "recall@10", "MRR", "no result", "ms/query"],
    results.map((r) => [
      r.name,
      pct(r.recallAt1),
      pct(r.recallAt10),
      round(r.mrr, 3),
      r.empty.length,
      round(r.ms, 2),
    ]),
  )}\n`,
);
for (const r of results) {
  if (!verbose && r !== results[0]) continue;
  for (const m of r.misses)
    process.stdout.write(`  ${r.name} misses: "${m.query}" (rank ${m.rank ?? "none"})\n`);
}
process.stdout.write(`${JSON.stringify({ bench: "relevance", depth, results })}\n`);
