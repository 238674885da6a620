/**
 * One measured task in a fresh process, so its time and peak RSS are its own:
 *
 *   node --import tsx bench/lib/worker.ts TASK '{"json":"args"}'
 *
 * Prints one JSON line (the last line of stdout). Tasks:
 *   import   Summa's importFrom(store, source) into a fresh SQLite database
 *   exceljs  exceljs workbook.xlsx.readFile(file) (the xlsx baseline)
 *   raw      better-sqlite3 prepared INSERTs of a CSV's rows into a plain table + an FTS5 table
 *            with the tokenizer of Summa's schema, in one transaction (the import baseline)
 */
import { createReadStream, statSync } from "node:fs";
import SQLite from "better-sqlite3";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { importFrom } from "../../src/entries/index.ts";
import { EXPORT_COLUMNS } from "../../src/formats/export/index.ts";
import { openStore } from "../../src/store/index.ts";
import { PRAGMAS } from "../../src/store/sqlite-settings.ts";
import { isMain, mb, removeDatabase, startMemorySampler } from "./common.ts";

export interface WorkerResult {
  task: string;
  seconds: number;
  peakRssMb: number | null;
  sampledRssMb: number | null;
  hwmMb: number | null;
  startRssMb: number | null;
  rows?: number;
  dbMb?: number;
  report?: { added: number; changed: number; unchanged: number; skipped: number; rows: number };
  /** With `refusable`: the error code and message when the import refused the file. */
  refused?: { code: string; message: string };
}

function fileMb(path: string): number {
  let bytes = 0;
  for (const suffix of ["", "-wal"]) {
    try {
      bytes += statSync(`${path}${suffix}`).size;
    } catch {
      // absent
    }
  }
  return mb(bytes) ?? 0;
}

async function measure(task: string, work: () => Promise<Partial<WorkerResult>>): Promise<WorkerResult> {
  const startRssMb = mb(process.memoryUsage().rss);
  const stop = startMemorySampler(100);
  const started = performance.now();
  const extra = await work();
  const seconds = (performance.now() - started) / 1000;
  const peak = stop();
  return {
    task,
    seconds,
    peakRssMb: mb(peak.peak),
    sampledRssMb: mb(peak.sampledRss),
    hwmMb: mb(peak.hwm),
    startRssMb,
    ...extra,
  };
}

async function importTask(args: {
  source: string;
  db: string;
  keep?: boolean;
  refusable?: boolean;
}): Promise<WorkerResult> {
  removeDatabase(args.db);
  const store = await openStore(args.db);
  try {
    const result = await measure("import", async () => {
      let r: Awaited<ReturnType<typeof importFrom>>;
      try {
        // As `summa import` runs it: the only writer in its process.
        r = await importFrom(store, args.source, { aloneInProcess: true });
      } catch (err) {
        // A file the import is expected to refuse (a zip bomb): how fast, and at what memory.
        if (!args.refusable) throw err;
        const e = err as { code?: string; message?: string };
        return { refused: { code: String(e.code ?? "internal"), message: String(e.message ?? err) } };
      }
      return {
        rows: r.rows,
        report: {
          added: r.added,
          changed: r.changed,
          unchanged: r.unchanged,
          skipped: r.skipped,
          rows: r.rows,
        },
      };
    });
    await store.close();
    result.dbMb = fileMb(args.db);
    if (!args.keep) removeDatabase(args.db);
    return result;
  } catch (err) {
    await store.close();
    throw err;
  }
}

async function exceljsTask(args: { file: string }): Promise<WorkerResult> {
  return measure("exceljs", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(args.file);
    return { rows: workbook.worksheets[0]?.rowCount };
  });
}

/** The FTS5 table exactly as Summa's migrations create and configure it (read back from a fresh store). */
async function summaFtsDefinition(): Promise<{ definition: string; config: { k: string; v: number }[] }> {
  const store = await openStore(":memory:");
  try {
    const { rows } = await sql<{
      sql: string;
    }>`SELECT sql FROM sqlite_master WHERE name = 'entries_fts'`.execute(store.db);
    const definition = rows[0]?.sql;
    if (!definition) throw new Error("entries_fts not found in a fresh store");
    // Settings such as hashsize live in the table's config rows, not in its definition.
    const config = await sql<{ k: string; v: number }>`SELECT k, v FROM entries_fts_config
      WHERE k <> 'version'`.execute(store.db);
    return { definition, config: config.rows };
  } finally {
    await store.close();
  }
}

/** The raw baseline's table has the export's columns (the CSV it reads is Summa's export format). */
const PLAIN_COLUMNS = EXPORT_COLUMNS;

async function rawTask(args: { source: string; db: string }): Promise<WorkerResult> {
  const fts = await summaFtsDefinition();
  removeDatabase(args.db);
  const db = new SQLite(args.db);
  // The pragmas Summa's connections set (page size, WAL, cache).
  for (const pragma of PRAGMAS) db.pragma(pragma);
  db.exec(`CREATE TABLE plain (id INTEGER PRIMARY KEY, ${PLAIN_COLUMNS.map((c) => `${c} TEXT`).join(", ")})`);
  db.exec(fts.definition.replace(/\bentries_fts\b/, "plain_fts"));
  // Literals: FTS5's configuration inserts refuse bound parameters.
  for (const { k, v } of fts.config)
    db.exec(`INSERT INTO plain_fts(plain_fts, rank) VALUES ('${k.replace(/'/g, "''")}', ${Number(v)})`);
  const insertPlain = db.prepare(
    `INSERT INTO plain (${PLAIN_COLUMNS.join(", ")}) VALUES (${PLAIN_COLUMNS.map(() => "?").join(", ")})`,
  );
  const insertFts = db.prepare(
    "INSERT INTO plain_fts (rowid, title, authors, summary, opinion, extra) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const result = await measure("raw", async () => {
    const parser = createReadStream(args.source).pipe(parse({ bom: true, relax_column_count: true }));
    let index: number[] | null = null;
    let rows = 0;
    db.exec("BEGIN");
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!index) {
        index = PLAIN_COLUMNS.map((c) => record.indexOf(c));
        continue;
      }
      const v = index.map((i) => (i < 0 ? "" : (record[i] ?? "")));
      const { lastInsertRowid } = insertPlain.run(v);
      const [, category, , title, , authors, venue, , , hatTip, , , , summarizer, summary, opinion, prereq] =
        v;
      const readMore = v[18];
      insertFts.run(
        lastInsertRowid,
        title,
        authors,
        summary,
        opinion,
        `${category} ${venue} ${summarizer} ${hatTip} ${prereq} ${readMore}`,
      );
      rows++;
    }
    db.exec("COMMIT");
    return { rows };
  });
  db.close();
  result.dbMb = fileMb(args.db);
  removeDatabase(args.db);
  return result;
}

const tasks: Record<string, (args: never) => Promise<WorkerResult>> = {
  import: importTask,
  exceljs: exceljsTask,
  raw: rawTask,
};

async function main(): Promise<void> {
  const [task, json] = process.argv.slice(2);
  const run = task ? tasks[task] : undefined;
  if (!run) {
    process.stderr.write(`usage: worker.ts ${Object.keys(tasks).join("|")} JSON_ARGS\n`);
    process.exit(2);
  }
  const result = await run(JSON.parse(json ?? "{}") as never);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (isMain(import.meta.url)) await main();
