import type { Kysely, Transaction } from "kysely";
import { referencedTitleKeys } from "../domain/crossref.ts";
import { fieldBySheetName, LINK_CARRIERS } from "../domain/entry-fields.ts";
import { SummaError } from "../domain/errors.ts";
import type { SheetField } from "../formats/import/index.ts";
import { IssueSubjectSources, rowBatches, SHEET_FIELDS, type SheetReader } from "../formats/import/index.ts";
import type { Database, EntryContent, Store } from "../store/index.ts";
import {
  addImportChanges,
  addSummarizers,
  columnsFilledBy,
  ensureCategories,
  ensurePeople,
  findByTitleKeys,
  importChangesAfter,
  insertEntries,
  moveImport,
  readNewsletterSettings,
  replaceEntryReferences,
  sameContent,
  setSummarizers,
  updateEntry,
  updateSheetRow,
  upsertIssues,
} from "../store/index.ts";
import {
  acquireImportLease,
  cleanUpFailedImports,
  type ImportLease,
  type LeaseOptions,
  yieldTurn,
} from "./import-lease.ts";
import { readSheetRow } from "./import-rows.ts";
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
  /** How long the publishing transaction took (ms): the only time readers wait for the import. */
  publishMs: number;
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
  /** More writes that join the publishing transaction (all or nothing with the rows). */
  inTransaction?: (trx: Transaction<Database>, report: ImportReport) => Promise<void>;
  /** The import's lease (tests shorten it). */
  lease?: LeaseOptions;
  /**
   * Whether nothing else in this process writes to the database while the import runs (`summa
   * import`), so staging may write on a second connection on a worker thread: the parse and
   * SQLite's work then use both cores. Not for `summa serve` (a desk upload): there, a worker
   * holding the lock mid-transaction while this thread waited for it stalled both.
   */
  aloneInProcess?: boolean;
}

/** The entry columns each sheet field fills (sheet_row is the row's position, not content). */
const COLUMNS_OF: Record<string, (keyof EntryContent)[]> = Object.fromEntries([
  ["sheet_row", []],
  ...SHEET_FIELDS.filter((f) => f !== "sheet_row").map((f) => [f, columnsFilledBy(fieldBySheetName(f)!)]),
]);

/** Columns of an existing entry that a file without those fields must not overwrite. */
export function absentColumns(present: readonly SheetField[]): (keyof EntryContent)[] {
  return (Object.keys(COLUMNS_OF) as SheetField[])
    .filter((f) => !present.includes(f))
    .flatMap((f) => COLUMNS_OF[f] ?? []);
}

/**
 * Rows written per transaction: each batch commits on its own (staged, invisible to readers), so
 * the database's write lock is never held for long. The size adapts to how long the last
 * batch's transaction took, aiming at TARGET_BATCH_MS, in steps of BATCH_STEP rows (each size is
 * one compiled INSERT shape, so few shapes). Bounded by every dialect's parameter limit (~25
 * columns a row; SQLite allows 32,766 parameters). 150 ms: on 100k synthetic rows, aiming at
 * 40 ms made the import 44 s (each commit flushes an FTS5 segment) with the longest wait of a
 * concurrent sign-up or login 149 ms; 150 ms made it 31 s with the longest wait 271 ms.
 */
const BATCH_STEP = 100;
const MIN_BATCH = 100;
const MAX_BATCH = 1000;
const FIRST_BATCH = 500;
const TARGET_BATCH_MS = 150;
/**
 * Pause after each batch's commit. Another connection waiting for the write lock (the site's
 * sign-ups and logins; see store/sqlite-busy.ts, which retries every few ms) gets it in that
 * gap instead of racing the next batch, which would otherwise begin within microseconds.
 */
const GAP_MS = 3;

/**
 * Imports a sheet: as readers see it, all of it or (on any bad row) nothing.
 *
 * The rows are staged in many short transactions (new entries carry the import's id; changes
 * to published entries wait in import_changes), then published in one short transaction that
 * applies the changes and flips the import's state, so a long import neither locks the site's
 * writes out nor shows readers a partial sheet. One import runs at a time (import-lease.ts:
 * import.busy); what a failed or killed import staged is removed before the next one stages.
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
    publishMs: 0,
  };
  const maxErrors = options.maxErrors ?? 20;
  const lease = await acquireImportLease(store.db, file, options.lease);
  // Staged batches go through the store's own connection. The worker-thread bulk writer
  // (StoreDialect.openBulkWriter) is not used any more: with the site's requests on the same
  // process, a worker holding the write lock mid-transaction while this thread waited for the
  // lock stalled both (seen in test/web/import-contention.test.ts); short transactions on one
  // connection interleave with requests instead of contending with them.
  const writer = options.aloneInProcess ? await store.openBulkWriter() : null;
  const db = writer ?? store.db;
  try {
    await cleanUpFailedImports(db);
    // Issue labels are "AN #53" for AN; another newsletter numbers its issues with its own prefix.
    const prefix = (await readNewsletterSettings(db)).issuePrefix || "AN";
    const staged = await stageRows(db, lease, reader, file, report, options, maxErrors, prefix);
    lease.check();
    const started = performance.now();
    await db.transaction().execute(async (trx) => {
      await publishStaged(trx, lease.id, staged, report);
      await options.inTransaction?.(trx, report);
      const published = await moveImport(trx, lease.id, {
        from: "staging",
        to: "published",
        now: new Date().toISOString(),
      });
      if (!published) lease.check();
    });
    report.publishMs = performance.now() - started;
    lease.stop();
    await writer?.destroy();
    return report;
  } catch (err) {
    lease.stop();
    // Nothing it staged was ever visible; mark it failed and remove it (or leave that to the
    // next import, if this process dies first).
    await moveImport(db, lease.id, { from: "staging", to: "failed", now: new Date().toISOString() }).catch(
      () => undefined,
    );
    await cleanUpFailedImports(db).catch(() => undefined);
    await writer?.destroy().catch(() => undefined);
    throw err;
  }
}

/** What staging gathered for the publishing transaction. */
interface Staged {
  categories: Set<string>;
  issues: Map<number, string>;
  /** The subjects the issues' addresses hold (formats/import/issue-subject.ts). */
  subjects: Map<number, string>;
}

async function stageRows(
  db: Kysely<Database>,
  lease: ImportLease,
  reader: SheetReader,
  file: string,
  report: ImportReport,
  options: ImportOptions,
  maxErrors: number,
  prefix: string,
): Promise<Staged> {
  const errors: SummaError[] = [];
  const seen = new KeyIndex();
  const categories = new Set<string>();
  const issues = new Map<number, string>();
  const subjects = new IssueSubjectSources();
  const people = new Map<string, number>();
  let batch: PendingRow[] = [];
  let batchSize = FIRST_BATCH;
  const now = new Date().toISOString();
  const ctx: BatchContext = {
    now,
    keep: absentColumns(reader.fields),
    people,
    report,
    matched: new Set(),
    importId: lease.id,
  };

  // At most one batch is being written while the next is read; batches are written in order,
  // each after the previous one committed (it may match entries the previous one staged).
  let writing: Promise<void> | null = null;
  const write = async (rows: PendingRow[]) => {
    if (writing) await writing;
    lease.check();
    writing = (async () => {
      const started = performance.now();
      await db.transaction().execute((trx) => writeBatch(trx, rows, ctx));
      batchSize = nextBatchSize(batchSize, rows.length, performance.now() - started);
      await yieldTurn(GAP_MS);
    })();
    // Its failure is seen at the next await of `writing`, not as an unhandled rejection.
    writing.catch(() => undefined);
  };

  try {
    // Batches: one await per batch of rows, not per row (a file of blank lines is all rows).
    reading: for await (const rows of rowBatches(reader))
      for (const raw of rows) {
        report.rows++;
        if (report.rows % 1000 === 0) options.onProgress?.(progressOf(reader, report.rows));
        const reading = readSheetRow(raw, file, prefix, seen);
        if (reading.kind === "blank") {
          report.skipped++;
          continue;
        }
        if (reading.kind === "invalid") {
          errors.push(reading.error);
          if (errors.length >= maxErrors) break reading;
          continue;
        }
        if (reading.kind === "repeat") {
          report.skipped++;
          report.skippedRows.push({ row: raw.row, reason: reading.reason });
          continue;
        }
        const { content, parsed } = reading;
        categories.add(parsed.fields.category);
        if (parsed.fields.issueNumber !== null) {
          const url = issues.get(parsed.fields.issueNumber);
          if (!url) issues.set(parsed.fields.issueNumber, parsed.fields.issueUrl);
          const { title, summary, opinion } = parsed.fields;
          subjects.add(parsed.fields.issueNumber, parsed.fields.issueUrl, {
            title,
            texts: [summary, opinion],
          });
        }
        if (errors.length) continue; // keep validating, but write nothing more
        batch.push({ content, summarizers: parsed.fields.summarizers });
        if (batch.length >= batchSize) {
          await write(batch);
          batch = [];
        }
      }
    if (writing) await writing;
  } finally {
    // Never leave a write running past the import (its cleanup would race it).
    if (writing) await (writing as Promise<void>).catch(() => undefined);
  }
  if (errors.length) throw importFailed(errors, file, maxErrors);
  for (let i = 0; i < batch.length; i += MAX_BATCH) {
    const rows = batch.slice(i, i + MAX_BATCH);
    await db.transaction().execute((trx) => writeBatch(trx, rows, ctx));
  }
  options.onProgress?.({ ...progressOf(reader, report.rows), bytes: reader.totalBytes });
  return { categories, issues, subjects: subjects.subjects() };
}

/** The next batch's size: scaled toward TARGET_BATCH_MS, in steps of BATCH_STEP rows. */
function nextBatchSize(current: number, rows: number, ms: number): number {
  if (rows < current) return current; // a short last batch says little
  const scaled = Math.min(2, Math.max(0.5, TARGET_BATCH_MS / Math.max(ms, 1))) * rows;
  const stepped = Math.round(scaled / BATCH_STEP) * BATCH_STEP;
  return Math.min(MAX_BATCH, Math.max(MIN_BATCH, stepped));
}

/**
 * The publishing transaction's work besides flipping the import's state: the staged changes to
 * published entries, and the categories and issues the sheet names.
 */
async function publishStaged(
  trx: Transaction<Database>,
  importId: number,
  staged: Staged,
  report: ImportReport,
): Promise<void> {
  const now = new Date().toISOString();
  const people = new Map<string, number>();
  let after = 0;
  for (;;) {
    const changes = await importChangesAfter(trx, importId, after, 500);
    if (changes.length === 0) break;
    after = changes[changes.length - 1]!.id;
    const relink: { entryId: number; names: string[] }[] = [];
    const rereference: { entryId: number; keys: string[] }[] = [];
    for (const { entryId, content } of changes) {
      const change = content as StagedChange;
      if (change.content) await updateEntry(trx, entryId, change.content, now);
      else await updateSheetRow(trx, entryId, change.sheetRow ?? null);
      if (change.summarizers) relink.push({ entryId, names: change.summarizers });
      if (change.references) rereference.push({ entryId, keys: change.references });
    }
    await linkSummarizers(trx, relink, [], people);
    await replaceEntryReferences(trx, rereference, true);
  }
  report.newCategories = await ensureCategories(trx, staged.categories);
  report.newIssues = await upsertIssues(
    trx,
    // Without an address (a CSV loses the links) the subject is left as it is.
    [...staged.issues.entries()].map(([number, url]) => ({
      number,
      url,
      ...(url ? { subject: staged.subjects.get(number) ?? null } : {}),
    })),
  );
}

/** A change to a published entry, staged until the import publishes. */
interface StagedChange {
  /** The entry's new content; absent when only its sheet row moved. */
  content?: EntryContent;
  sheetRow?: number | null;
  /** Its summarizers, when they changed. */
  summarizers?: string[];
  /** Its cross-references' title keys, when the texts that hold them changed. */
  references?: string[];
}

function progressOf(reader: SheetReader, rows: number): ImportProgress {
  return { rows, totalRows: reader.totalRows, bytes: reader.bytesRead?.(), totalBytes: reader.totalBytes };
}

export function importFailed(errors: SummaError[], file: string, maxErrors: number): SummaError {
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
  /** The import staging these rows. */
  importId: number;
}

/** A validated row waiting to be written: its columns, and who summarized it. */
interface PendingRow {
  content: EntryContent;
  summarizers: string[];
}

async function writeBatch(trx: Transaction<Database>, batch: PendingRow[], ctx: BatchContext): Promise<void> {
  const { now, keep, people, report, matched, importId } = ctx;
  if (batch.length === 0) return;
  const existing = await findByTitleKeys(trx, [...new Set(batch.map((p) => p.content.title_key))], importId);
  const byKey = new Map(existing.map((e) => [`${e.title_key}\u0000${e.issue_label}`, e]));
  const unsentByTitle = new Map<string, (typeof existing)[number][]>();
  for (const e of existing) {
    if (e.issue_label !== "") continue;
    unsentByTitle.set(e.title_key, [...(unsentByTitle.get(e.title_key) ?? []), e]);
  }
  const toInsert: PendingRow[] = [];
  const relink: { entryId: number; names: string[] }[] = [];
  const rereference: { entryId: number; keys: string[] }[] = [];
  const changes: { entryId: number; content: StagedChange }[] = [];
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
    // A row this import staged itself is invisible: it is rewritten in place. A published one
    // changes only when the import publishes.
    const ours = match.import_id === importId;
    const relinked = match.summarizer !== content.summarizer ? summarizers : undefined;
    const references = REFERENCE_COLUMNS.some((c) => match[c] !== content[c])
      ? referencesOf(content)
      : undefined;
    if (sameContent(match, content)) {
      report.unchanged++;
      if (match.sheet_row === content.sheet_row) continue;
      if (ours) await updateSheetRow(trx, match.id, content.sheet_row);
      else changes.push({ entryId: match.id, content: { sheetRow: content.sheet_row } });
      continue;
    }
    report.changed++;
    if (!ours) {
      changes.push({ entryId: match.id, content: { content, summarizers: relinked, references } });
      continue;
    }
    await updateEntry(trx, match.id, content, now);
    if (relinked) relink.push({ entryId: match.id, names: relinked });
    if (references) rereference.push({ entryId: match.id, keys: references });
  }
  await addImportChanges(trx, importId, changes);
  const inserted = await insertEntries(
    trx,
    toInsert.map((t) => t.content),
    now,
    importId,
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
