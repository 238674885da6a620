/**
 * Synthetic AN entries, shaped like the real sheet, written as the CSV Summa exports (and imports).
 *
 *   node --import tsx bench/generate.ts --rows 100000 [--seed 1] [--out bench/out/synthetic-100000-s1.csv]
 *
 * The model is learned at run time from ../shared/an-data/an-database-2022.json (never copied):
 *  - title, summary, opinion: token counts drawn from the real field's empirical distribution
 *    (presence rate included), tokens drawn from that field's real word frequencies
 *    (whitespace-separated tokens, punctuation and case kept, so character lengths and the
 *    full-text vocabulary follow the real text), paragraph breaks at the real rate;
 *  - authors: the real number-of-authors distribution, names by their real frequencies, `*` at
 *    the real rate;
 *  - category, highlight, year, venue (+venue_url), email (+issue_url, issue number),
 *    summarizer, H/T, prerequisites (+url), read more (+url): copied from an independently,
 *    uniformly drawn real row each, which reproduces each one's real distribution and presence;
 *  - url: the host of a real URL (drawn by frequency) with a path unique to the row (arXiv
 *    links get unique arXiv ids), so url_key is as selective as in the real sheet.
 * Titles are unique per file (so (title, email), the import key, is too, and no row is taken for
 * an earlier unsent entry now sent): a repeated title gets a numeric suffix.
 * Deterministic for a given seed and source file. Streams: memory stays flat for 1M+ rows.
 */
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Author, Entry } from "../src/domain/entry.ts";
import { titleKey } from "../src/domain/keys.ts";
import { csvHeader, csvRows } from "../src/formats/export/csv.ts";
import type { ExportRecord } from "../src/formats/export/index.ts";
import {
  ensureOutDir,
  flag,
  isMain,
  MB,
  machine,
  mb,
  numberFlag,
  OUT_DIR,
  REAL_JSON,
  requireFile,
  round,
  startMemorySampler,
  table,
} from "./lib/common.ts";

/** Bump when the model changes, so cached files are regenerated. */
const GENERATOR_VERSION = 2;

/** A row of an-database-2022.json: the same fields as Summa's export. */
export type RealRow = ExportRecord;

export function loadRealRows(path = REAL_JSON): RealRow[] {
  requireFile(path, "The real AN database (an-database-2022.json)");
  const rows = JSON.parse(readFileSync(path, "utf8")) as RealRow[];
  if (!Array.isArray(rows) || rows.length === 0 || typeof rows[0]?.title !== "string")
    throw new Error(`${path}: expected an array of AN rows`);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Randomness: sfc32 (fast, 128-bit state), seeded through splitmix32.

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** [0, 1) */
  next(): number {
    return this.uint32() / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Walker/Vose alias table: O(1) draws from a discrete distribution. */
export class Categorical<T> {
  readonly values: T[];
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  constructor(counts: Map<T, number>) {
    this.values = [...counts.keys()];
    const n = this.values.length;
    if (n === 0) throw new Error("empty distribution");
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = this.values.map((v) => ((counts.get(v) ?? 0) * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => {
      (p < 1 ? small : large).push(i);
    });
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.prob[i] = 1;
  }
  draw(rng: Rng): T {
    const x = rng.next() * this.values.length;
    const i = Math.floor(x);
    return this.values[x - i < this.prob[i]! ? i : this.alias[i]!]!;
  }
}

function counts<T>(items: Iterable<T>): Map<T, number> {
  const m = new Map<T, number>();
  for (const x of items) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/** A text field: how often it is filled, how many tokens when it is, which tokens. */
interface TextModel {
  presence: number;
  /** Token counts of the non-empty real values (drawn uniformly = the empirical distribution). */
  lengths: number[];
  words: Categorical<string>;
  /** Share of token gaps that are paragraph breaks ("\n\n") rather than spaces. */
  paragraphRate: number;
}

function textModel(values: string[]): TextModel {
  const filled = values.filter((v) => v.trim() !== "");
  const tokenLists = filled.map((v) => v.trim().split(/\s+/));
  let gaps = 0;
  let paragraphs = 0;
  for (const v of filled) {
    const seps = v.trim().match(/\s+/g) ?? [];
    gaps += seps.length;
    paragraphs += seps.filter((s) => s.includes("\n")).length;
  }
  return {
    presence: filled.length / values.length,
    lengths: tokenLists.map((t) => t.length),
    words: new Categorical(counts(tokenLists.flat())),
    paragraphRate: gaps ? paragraphs / gaps : 0,
  };
}

export interface Model {
  source: string;
  real: RealRow[];
  title: TextModel;
  summary: TextModel;
  opinion: TextModel;
  authorPresence: number;
  authorCounts: number[];
  authorNames: Categorical<string>;
  equalContributionRate: number;
  urlPresence: number;
  urlHosts: Categorical<string>;
  urlLengths: number[];
}

export function buildModel(real: RealRow[], source = REAL_JSON): Model {
  const authorLists = real.filter((r) => r.authors.trim() !== "").map((r) => r.authors.split(","));
  const names = authorLists.flat().map((a) => a.trim());
  const urls = real.map((r) => r.url.trim()).filter((u) => /^https?:\/\/[^/]+/i.test(u));
  return {
    source,
    real,
    title: textModel(real.map((r) => r.title)),
    summary: textModel(real.map((r) => r.summary)),
    opinion: textModel(real.map((r) => r.opinion)),
    authorPresence: authorLists.length / real.length,
    authorCounts: authorLists.map((l) => l.filter((a) => a.trim() !== "").length),
    authorNames: new Categorical(counts(names.map((n) => n.replace(/\*+$/, "").trim()).filter(Boolean))),
    equalContributionRate: names.filter((n) => n.endsWith("*")).length / Math.max(1, names.length),
    urlPresence: real.filter((r) => r.url.trim() !== "").length / real.length,
    urlHosts: new Categorical(counts(urls.map((u) => /^https?:\/\/[^/]+/i.exec(u)![0]))),
    urlLengths: urls.map((u) => u.length),
  };
}

function text(m: TextModel, rng: Rng, always = false): string {
  if (!always && !rng.chance(m.presence)) return "";
  const n = m.lengths[rng.int(m.lengths.length)]!;
  let out = m.words.draw(rng);
  for (let i = 1; i < n; i++)
    out += (m.paragraphRate && rng.chance(m.paragraphRate) ? "\n\n" : " ") + m.words.draw(rng);
  return out;
}

function syntheticUrl(model: Model, rng: Rng, i: number): string {
  if (!rng.chance(model.urlPresence)) return "";
  const host = model.urlHosts.draw(rng);
  if (/arxiv\.org$/i.test(host)) {
    // Unique, valid-looking arXiv ids: yymm.nnnnn from the row number.
    const yymm = 1801 + (Math.floor(i / 100000) % 12) + 100 * (Math.floor(i / 1200000) % 5);
    return `${host}/abs/${yymm}.${String(i % 100000).padStart(5, "0")}`;
  }
  // A slug of title words up to the length of a real URL, after an id unique to the row.
  const length = model.urlLengths[rng.int(model.urlLengths.length)]!;
  let url = `${host}/posts/${i.toString(36)}/`;
  let sep = "";
  while (sep === "" || url.length < length) {
    const word = model.title.words
      .draw(rng)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "");
    if (word === "") continue;
    url += sep + word;
    sep = "-";
  }
  return url;
}

/** Remembers title keys in a fixed-size hash set of 32-bit hashes (no strings kept). */
class PairSet {
  private readonly slots: Uint32Array;
  private readonly mask: number;
  constructor(capacity: number) {
    let size = 1024;
    while (size < capacity * 2) size *= 2;
    this.slots = new Uint32Array(size);
    this.mask = size - 1;
  }
  private static hash(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
    return h >>> 0 || 1;
  }
  /** Adds; false when the pair may already be there (a hash collision counts as "there"). */
  add(s: string): boolean {
    const h = PairSet.hash(s);
    let i = Math.imul(h, 0x9e3779b1) & this.mask;
    for (;;) {
      const v = this.slots[i]!;
      if (v === 0) {
        this.slots[i] = h;
        return true;
      }
      if (v === h) return false;
      i = (i + 1) & this.mask;
    }
  }
}

export interface Generator {
  next(): Entry;
}

export function createGenerator(model: Model, seed: number, rows: number): Generator {
  const rng = new Rng(seed);
  const pairs = new PairSet(rows);
  const real = model.real;
  let i = 0;
  const pick = () => real[rng.int(real.length)]!;
  return {
    next(): Entry {
      const base = pick();
      const issue = pick();
      const venue = pick();
      const prereq = pick();
      const more = pick();
      const drawn = text(model.title, rng, true);
      let title = drawn;
      for (let k = 2; !pairs.add(titleKey(title)); k++) title = `${drawn} ${k}`;
      const authors: Author[] = [];
      if (rng.chance(model.authorPresence)) {
        const n = model.authorCounts[rng.int(model.authorCounts.length)]!;
        for (let a = 0; a < n; a++)
          authors.push({
            name: model.authorNames.draw(rng),
            equalContribution: rng.chance(model.equalContributionRate),
          });
      }
      const entry: Entry = {
        id: i + 1,
        sheetRow: i + 2,
        status: "published",
        createdBy: null,
        category: base.category,
        highlight: pick().highlight,
        title,
        url: syntheticUrl(model, rng, i),
        authors,
        venue: venue.venue,
        venueUrl: venue.venue_url,
        year: pick().year,
        hatTip: pick().hat_tip,
        issueLabel: issue.email,
        issueNumber: issue.issue_number,
        issueUrl: issue.issue_url,
        summarizers: pick()
          .summarizer.split("/")
          .map((s) => s.trim())
          .filter(Boolean),
        summary: text(model.summary, rng),
        opinion: text(model.opinion, rng),
        prerequisites: prereq.prerequisites,
        prerequisitesUrl: prereq.prerequisites_url,
        readMore: more.read_more,
        readMoreUrl: more.read_more_url,
      };
      i++;
      return entry;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Writing the CSV.

/** Fields compared between the real sheet and the synthetic file (presence rate, mean length). */
const PROFILE_FIELDS = [
  "title",
  "url",
  "authors",
  "venue",
  "summarizer",
  "summary",
  "opinion",
  "read_more",
] as const;
type ProfileField = (typeof PROFILE_FIELDS)[number];

function profileOf(e: Entry): Record<ProfileField, string> {
  return {
    title: e.title,
    url: e.url,
    authors: e.authors.map((a) => a.name).join(", "),
    venue: e.venue,
    summarizer: e.summarizers.join("/"),
    summary: e.summary,
    opinion: e.opinion,
    read_more: e.readMore,
  };
}

class Profile {
  filled = new Map<string, number>();
  chars = new Map<string, number>();
  highlights = 0;
  rows = 0;
  add(values: Record<string, string>, highlight: boolean): void {
    this.rows++;
    if (highlight) this.highlights++;
    for (const [k, v] of Object.entries(values)) {
      if (v.trim() === "") continue;
      this.filled.set(k, (this.filled.get(k) ?? 0) + 1);
      this.chars.set(k, (this.chars.get(k) ?? 0) + v.length);
    }
  }
  presence(k: string): number {
    return (this.filled.get(k) ?? 0) / Math.max(1, this.rows);
  }
  meanLength(k: string): number {
    return (this.chars.get(k) ?? 0) / Math.max(1, this.filled.get(k) ?? 0);
  }
}

export interface GenerateResult {
  file: string;
  rows: number;
  seed: number;
  bytes: number;
  seconds: number;
  peakRssMb: number | null;
  reused: boolean;
  profile?: { field: string; realPresence: number; synPresence: number; realLen: number; synLen: number }[];
}

interface Meta {
  version: number;
  rows: number;
  seed: number;
  source: string;
  sourceSha1: string;
  bytes: number;
}

export function defaultCsvPath(rows: number, seed: number): string {
  return join(OUT_DIR, `synthetic-${rows}-s${seed}.csv`);
}

function sha1(path: string): string {
  return createHash("sha1").update(readFileSync(path)).digest("hex");
}

/**
 * Writes `rows` synthetic entries to `out` (a CSV with Summa's export header), streaming.
 * Reuses an existing file made by the same generator version, seed, size and source.
 */
export async function generateCsv(opts: {
  rows: number;
  seed: number;
  out?: string;
  source?: string;
  force?: boolean;
}): Promise<GenerateResult> {
  const source = opts.source ?? REAL_JSON;
  const out = opts.out ?? defaultCsvPath(opts.rows, opts.seed);
  ensureOutDir();
  const real = loadRealRows(source);
  const wanted: Omit<Meta, "bytes"> = {
    version: GENERATOR_VERSION,
    rows: opts.rows,
    seed: opts.seed,
    source,
    sourceSha1: sha1(source),
  };
  const metaPath = `${out}.meta.json`;
  if (!opts.force && existsSync(out) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, "utf8")) as Meta;
    const same = (Object.keys(wanted) as (keyof typeof wanted)[]).every((k) => meta[k] === wanted[k]);
    if (same && statSync(out).size === meta.bytes)
      return {
        file: out,
        rows: opts.rows,
        seed: opts.seed,
        bytes: meta.bytes,
        seconds: 0,
        peakRssMb: null,
        reused: true,
      };
  }

  const stopMemory = startMemorySampler();
  const started = performance.now();
  const model = buildModel(real, source);
  const gen = createGenerator(model, opts.seed, opts.rows);
  const tmp = `${out}.partial`;
  const stream = createWriteStream(tmp);
  let failure: Error | undefined;
  stream.on("error", (err) => {
    failure = err;
  });
  const write = async (chunk: string) => {
    if (failure) throw failure;
    if (!stream.write(chunk)) await new Promise<void>((done) => stream.once("drain", done));
  };
  const profile = new Profile();
  await write(csvHeader());
  const CHUNK = 1000;
  for (let done = 0; done < opts.rows; ) {
    const n = Math.min(CHUNK, opts.rows - done);
    const chunk: Entry[] = [];
    for (let k = 0; k < n; k++) {
      const e = gen.next();
      profile.add(profileOf(e), e.highlight);
      chunk.push(e);
    }
    await write(csvRows(chunk));
    done += n;
    if (process.stderr.isTTY && done % 100_000 === 0) process.stderr.write(`\r  generated ${done} rows`);
  }
  await new Promise<void>((done, fail) => stream.end((err?: Error | null) => (err ? fail(err) : done())));
  if (process.stderr.isTTY && opts.rows >= 100_000) process.stderr.write("\n");
  renameSync(tmp, out);
  const bytes = statSync(out).size;
  writeFileSync(metaPath, `${JSON.stringify({ ...wanted, bytes } satisfies Meta)}\n`);
  const seconds = (performance.now() - started) / 1000;
  const peak = stopMemory();

  const realProfile = new Profile();
  for (const r of real)
    realProfile.add(
      {
        title: r.title,
        url: r.url,
        authors: r.authors
          .split(",")
          .map((a) => a.trim().replace(/\*+$/, ""))
          .filter(Boolean)
          .join(", "),
        venue: r.venue,
        summarizer: r.summarizer,
        summary: r.summary,
        opinion: r.opinion,
        read_more: r.read_more,
      },
      r.highlight,
    );
  const rowsOut: NonNullable<GenerateResult["profile"]> = PROFILE_FIELDS.map((f) => ({
    field: f,
    realPresence: round(realProfile.presence(f), 3),
    synPresence: round(profile.presence(f), 3),
    realLen: Math.round(realProfile.meanLength(f)),
    synLen: Math.round(profile.meanLength(f)),
  }));
  rowsOut.push({
    field: "highlight",
    realPresence: round(realProfile.highlights / realProfile.rows, 3),
    synPresence: round(profile.highlights / profile.rows, 3),
    realLen: 0,
    synLen: 0,
  });
  return {
    file: out,
    rows: opts.rows,
    seed: opts.seed,
    bytes,
    seconds,
    peakRssMb: mb(peak.peak),
    reused: false,
    profile: rowsOut,
  };
}

async function main(): Promise<void> {
  const rows = numberFlag("rows", 100_000);
  const seed = numberFlag("seed", 1);
  const out = flag("out");
  const result = await generateCsv({ rows, seed, out, force: true });
  console.log(
    table(
      ["rows", "seed", "file", "MB", "seconds", "rows/s", "peak RSS MB"],
      [
        [
          rows,
          seed,
          result.file,
          round(result.bytes / MB, 1),
          round(result.seconds, 2),
          Math.round(rows / result.seconds),
          result.peakRssMb,
        ],
      ],
    ),
  );
  console.log();
  console.log(
    table(
      ["field", "real filled", "synthetic filled", "real mean chars", "synthetic mean chars"],
      (result.profile ?? []).map((p) => [
        p.field,
        p.realPresence,
        p.synPresence,
        p.realLen || "",
        p.synLen || "",
      ]),
    ),
  );
  console.log(
    JSON.stringify({
      bench: "generate",
      ...machine(),
      rows,
      seed,
      file: result.file,
      mb: round(result.bytes / MB, 1),
      seconds: round(result.seconds, 2),
      rowsPerSec: Math.round(rows / result.seconds),
      peakRssMb: result.peakRssMb,
      profile: result.profile,
    }),
  );
}

if (isMain(import.meta.url)) await main();
