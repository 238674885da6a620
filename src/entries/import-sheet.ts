import type { Kysely, Transaction } from "kysely";
import { referencedTitleKeys } from "../domain/crossref.ts";
import { fieldBySheetName, LINK_CARRIERS } from "../domain/entry-fields.ts";
import { SummaError } from "../domain/errors.ts";
import type { SheetField } from "../formats/import/index.ts";
import {
  isBlankRow,
  type ParsedRow,
  parseRow,
  SHEET_FIELDS,
  type SheetReader,
} from "../formats/import/index.ts";
import type { Database, EntryContent, Store } from "../store/index.ts";
import {
  addSummarizers,
  columnsFilledBy,
  ensureCategories,
  ensurePeople,
  findByTitleKeys,
  insertEntries,
  readNewsletterSettings,
  replaceEntryReferences,
  sameContent,
  setSummarizers,
  toEntryContent,
  updateEntry,
  updateSheetRow,
  upsertIssues,
} from "../store/index.ts";
import { KeyIndex } from "./key-index.ts";

export interface ImportReport {
  file: string;
  format: SheetReader["format"];
  added: number;
  changed: number;
  unchanged: number;
  /** Rows not imported: blank rows, and rows repeating an earlier row's title and issue. */
  skipped: number;
  skippedRows: { row: number; reason: string }[];
  unknownColumns: string[];
  newCategories: string[];
  newIssues: number;
  rows: number;
}

export interface ImportProgress {
  rows: number;
  totalRows?: number;
  /** For streamed formats, where the row count is unknown until the end. */
  bytes?: number;
  totalBytes?: number;
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
  /** How many problems to collect before giving up (all are reported together). */
  maxErrors?: number;
  /** More writes that belong to the same transaction (all or nothing with the rows). */
  inTransaction?: (trx: Transaction<Database>, report: ImportReport) => Promise<void>;
}

/** The entry columns each sheet field fills (sheet_row is the row's position, not content). */
const COLUMNS_OF: Record<string, (keyof EntryContent)[]> = Object.fromEntries([
  ["sheet_row", []],
  ...SHEET_FIELDS.filter((f) => f !== "sheet_row").map((f) => [f, columnsFilledBy(fieldBySheetName(f)!)]),
]);

/** Columns of an existing entry that a file without those fields must not overwrite. */
function absentColumns(present: readonly SheetField[]): (keyof EntryContent)[] {
  return (Object.keys(COLUMNS_OF) as SheetField[])
    .filter((f) => !present.includes(f))
    .flatMap((f) => COLUMNS_OF[f] ?? []);
}

/**
 * Rows written per INSERT: bounded so a batch stays under every dialect's parameter limit
 * (~25 columns a row; SQLite allows 32,766 parameters). Big enough that per-statement costs
 * (round trips, SQLite's FTS5 flushing its pending terms at each statement) stay small.
 */
const BATCH = 1000;

/**
 * Imports a sheet in one transaction: all of it, or (on any bad row) nothing.
 *
 * Matching: an entry is identified by (normalized title, issue label), which is unique in the
 * real sheet even though 19 titles repeat. A row whose pair is new, but whose title matches
 * exactly one existing entry that had no issue yet, is that entry now sent in an issue (it is
 * updated, not duplicated). Rows absent from the file are left alone: a partial sheet never
 * deletes anything.
 */
export async function importSheet(
  store: Store,
  reader: SheetReader,
  file: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const report: ImportReport = {
    file,
    format: reader.format,
    added: 0,
    changed: 0,
    unchanged: 0,
    skipped: 0,
    skippedRows: [],
    unknownColumns: reader.unknownColumns,
    newCategories: [],
    newIssues: 0,
    rows: 0,
  };
  const maxErrors = options.maxErrors ?? 20;
  // A large import writes through a second connection on a worker thread (SQLite files only),
  // so parsing the next rows overlaps writing the last ones. Same SQL, same single transaction.
  const bulk =
    reader.totalRows === undefined || reader.totalRows >= BULK_ROWS ? await store.openBulkWriter() : null;
  // Issue labels are "AN #53" for AN; another newsletter numbers its issues with its own prefix.
  const prefix = (await readNewsletterSettings(store.db)).issuePrefix || "AN";
  try {
    await (bulk ?? store.db).transaction().execute(async (trx) => {
      const rebuildIndexes = bulk ? await deferIndexesIfFew(store, trx) : undefined;
      await importRows(trx, reader, file, report, options, maxErrors, prefix);
      await rebuildIndexes?.();
      await options.inTransaction?.(trx, report);
    });
  } finally {
    await bulk?.destroy();
  }
  return report;
}

/** Sheets with at least this many rows (and streamed ones, whose size is unknown) use a bulk writer. */
const BULK_ROWS = 10_000;

/**
 * Below this many stored entries, a bulk import rebuilds the secondary indexes once at its end
 * (where the dialect allows, see StoreDialect.deferIndexes) instead of updating them row by
 * row: rebuilding what was there costs little, and a million-row first import saves the most.
 * Above it, a modest import into a large database would pay for rebuilding everything.
 */
const DEFER_INDEXES_BELOW = 50_000;

/** The tables an import writes rows to. */
const IMPORTED_TABLES = ["entries", "entry_summarizers", "entry_references", "entry_links"] as const;

async function deferIndexesIfFew(store: Store, trx: Transaction<Database>) {
  if (!store.dialect.deferIndexes) return undefined;
  const { n } = await trx
    .selectFrom("entries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n) < DEFER_INDEXES_BELOW ? store.dialect.deferIndexes(trx, IMPORTED_TABLES) : undefined;
}

async function importRows(
  trx: Transaction<Database>,
  reader: SheetReader,
  file: string,
  report: ImportReport,
  options: ImportOptions,
  maxErrors: number,
  prefix: string,
): Promise<void> {
  const errors: SummaError[] = [];
  const seen = new KeyIndex();
  const categories = new Set<string>();
  const issues = new Map<number, string>();
  const people = new Map<string, number>();
  let batch: PendingRow[] = [];
  const now = new Date().toISOString();
  const ctx: BatchContext = { now, keep: absentColumns(reader.fields), people, report, matched: new Set() };

  // At most one batch is being written while the next is read; batches are written in order,
  // each after the previous one finished (it may match entries the previous one added).
  let writing: Promise<void> | null = null;
  const write = async (rows: PendingRow[]) => {
    if (writing) await writing;
    writing = writeBatch(trx, rows, ctx);
    // Its failure is seen at the next await of `writing`, not as an unhandled rejection.
    writing.catch(() => undefined);
  };

  try {
    for await (const raw of reader.rows) {
      report.rows++;
      if (report.rows % 1000 === 0) options.onProgress?.(progressOf(reader, report.rows));
      if (isBlankRow(raw)) {
        report.skipped++;
        continue;
      }
      let parsed: ParsedRow;
      try {
        parsed = parseRow(raw, file, prefix);
      } catch (err) {
        if (!(err instanceof SummaError)) throw err;
        errors.push(err);
        if (errors.length >= maxErrors) break;
        continue;
      }
      const content = toEntryContent(parsed.fields, parsed.sheetRow);
      const earlier = seen.firstRow(`${content.title_key}\u0000${content.issue_label}`, raw.row);
      if (earlier !== undefined) {
        report.skipped++;
        report.skippedRows.push({ row: raw.row, reason: `same title and issue as row ${earlier}` });
        continue;
      }
      categories.add(parsed.fields.category);
      if (parsed.fields.issueNumber !== null) {
        const url = issues.get(parsed.fields.issueNumber);
        if (!url) issues.set(parsed.fields.issueNumber, parsed.fields.issueUrl);
      }
      if (errors.length) continue; // keep validating, but write nothing more
      batch.push({ content, summarizers: parsed.fields.summarizers });
      if (batch.length >= BATCH) {
        await write(batch);
        batch = [];
      }
    }
    if (writing) await writing;
  } finally {
    // Never leave a write running past the transaction (it would run after the rollback).
    if (writing) await (writing as Promise<void>).catch(() => undefined);
  }
  if (errors.length) throw importFailed(errors, file, maxErrors);
  await writeBatch(trx, batch, ctx);
  report.newCategories = await ensureCategories(trx, categories);
  report.newIssues = await upsertIssues(
    trx,
    [...issues.entries()].map(([number, url]) => ({ number, url })),
  );
  options.onProgress?.({ ...progressOf(reader, report.rows), bytes: reader.totalBytes });
}

function progressOf(reader: SheetReader, rows: number): ImportProgress {
  return { rows, totalRows: reader.totalRows, bytes: reader.bytesRead?.(), totalBytes: reader.totalBytes };
}

function importFailed(errors: SummaError[], file: string, maxErrors: number): SummaError {
  const more = errors.length >= maxErrors ? ` (stopped after ${maxErrors} problems)` : "";
  const lines = errors.map((e) => `  ${e.message}`).join("\n");
  return new SummaError(
    "import.invalid_value",
    `${file}: ${errors.length} problem${errors.length > 1 ? "s" : ""}${more}; nothing was imported.\n${lines}`,
    { problems: errors.map((e) => ({ message: e.message, ...e.details })) },
  );
}

interface BatchContext {
  now: string;
  /** Columns the file lacks: matched entries keep their stored values. */
  keep: (keyof EntryContent)[];
  /** Person ids by name, filled as the import meets people. */
  people: Map<string, number>;
  report: ImportReport;
  /** Entries a row of this import has already claimed: never two rows into one entry. */
  matched: Set<number>;
}

/** A validated row waiting to be written: its columns, and who summarized it. */
interface PendingRow {
  content: EntryContent;
  summarizers: string[];
}

async function writeBatch(trx: Transaction<Database>, batch: PendingRow[], ctx: BatchContext): Promise<void> {
  const { now, keep, people, report, matched } = ctx;
  if (batch.length === 0) return;
  const existing = await findByTitleKeys(trx, [...new Set(batch.map((p) => p.content.title_key))]);
  const byKey = new Map(existing.map((e) => [`${e.title_key}\u0000${e.issue_label}`, e]));
  const unsentByTitle = new Map<string, (typeof existing)[number][]>();
  for (const e of existing) {
    if (e.issue_label !== "") continue;
    unsentByTitle.set(e.title_key, [...(unsentByTitle.get(e.title_key) ?? []), e]);
  }
  const toInsert: PendingRow[] = [];
  const relink: { entryId: number; names: string[] }[] = [];
  const rereference: { entryId: number; keys: string[] }[] = [];
  for (const { content: fromFile, summarizers } of batch) {
    let content = fromFile;
    let match = byKey.get(`${content.title_key}\u0000${content.issue_label}`);
    if (match && matched.has(match.id)) match = undefined;
    if (!match && content.issue_label !== "") {
      const unsent = unsentByTitle.get(content.title_key)?.filter((e) => !matched.has(e.id));
      if (unsent?.length === 1) match = unsent[0];
    }
    if (match) matched.add(match.id);
    if (!match) {
      toInsert.push({ content, summarizers });
      continue;
    }
    if (keep.length)
      content = { ...content, ...Object.fromEntries(keep.map((c) => [c, match[c as keyof typeof match]])) };
    if (sameContent(match, content)) {
      report.unchanged++;
      if (match.sheet_row !== content.sheet_row) await updateSheetRow(trx, match.id, content.sheet_row);
      continue;
    }
    report.changed++;
    await updateEntry(trx, match.id, content, now);
    if (match.summarizer !== content.summarizer) relink.push({ entryId: match.id, names: summarizers });
    if (REFERENCE_COLUMNS.some((c) => match[c] !== content[c]))
      rereference.push({ entryId: match.id, keys: referencesOf(content) });
  }
  const inserted = await insertEntries(
    trx,
    toInsert.map((t) => t.content),
    now,
  );
  report.added += inserted.length;
  const idByKey = new Map(inserted.map((r) => [`${r.title_key}\u0000${r.issue_label}`, r.id]));
  const link: { entryId: number; names: string[] }[] = [];
  const reference: { entryId: number; keys: string[] }[] = [];
  for (const t of toInsert) {
    const id = idByKey.get(`${t.content.title_key}\u0000${t.content.issue_label}`);
    if (id === undefined) continue;
    if (t.summarizers.length) link.push({ entryId: id, names: t.summarizers });
    const keys = referencesOf(t.content);
    if (keys.length) reference.push({ entryId: id, keys });
  }
  await linkSummarizers(trx, relink, link, people);
  await replaceEntryReferences(trx, rereference, true);
  await replaceEntryReferences(trx, reference, false);
}

/** The texts whose <@cross-references@> are indexed. */
const REFERENCE_COLUMNS = LINK_CARRIERS.map((f) => f.column as keyof EntryContent);

function referencesOf(content: EntryContent): string[] {
  return referencedTitleKeys(REFERENCE_COLUMNS.map((c) => String(content[c] ?? "")));
}

/** Credits summarizers: `relink` replaces the people of changed entries, `link` adds those of new ones. */
async function linkSummarizers(
  db: Kysely<Database>,
  relink: { entryId: number; names: string[] }[],
  link: { entryId: number; names: string[] }[],
  cache: Map<string, number>,
): Promise<void> {
  const unknown = [...new Set([...relink, ...link].flatMap((l) => l.names))].filter((n) => !cache.has(n));
  if (unknown.length) for (const [name, id] of await ensurePeople(db, unknown)) cache.set(name, id);
  const ids = (links: { entryId: number; names: string[] }[]) =>
    links.map((l) => ({ entryId: l.entryId, personIds: l.names.map((n) => cache.get(n)!) }));
  await setSummarizers(db, ids(relink));
  // New entries have no summarizers to replace: no DELETE to wait for.
  await addSummarizers(db, ids(link));
}
