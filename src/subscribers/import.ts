import { readFile } from "node:fs/promises";
import type { Kysely } from "kysely";
import { SummaError, unreadableFile } from "../domain/errors.ts";
import { csvTextRows } from "../formats/import/csv-records.ts";
import { MAX_FIELD_BYTES } from "../formats/limits.ts";
import {
  mapColumns,
  type RowProblem,
  readSubscriberRow,
  type SubscriberRecord,
  statusFromFileName,
} from "../formats/subscribers-csv.ts";
import {
  type Database,
  findSubscribersByEmail,
  insertSubscribers,
  type NewSubscriberRow,
  type Store,
  type SubscriberChanges,
  type SubscriberRow,
  type SubscriberStatus,
  updateSubscriber,
} from "../store/index.ts";

/** What an import did. `kept` counts rows whose status was not applied (see importSubscribers). */
export interface SubscriberImportReport {
  files: string[];
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
  kept: number;
}

const MAX_PROBLEMS = 20;
const BATCH = 500;

/** Reads every file whole: lists are small next to the archive (100k addresses is ~10 MB). */
async function readRecords(
  files: readonly string[],
  status: SubscriberStatus | undefined,
): Promise<{ records: SubscriberRecord[]; problems: RowProblem[] }> {
  const records: SubscriberRecord[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (err) {
      throw unreadableFile(file, err);
    }
    const rows: string[][] = [];
    try {
      // The sheet importer's reader: one pass, whatever the rows' shape (csv-parse paid ~50 us
      // for every row shorter than the header). Blank lines are skipped, as before.
      rows.push(...(await csvTextRows(text, MAX_FIELD_BYTES, { skipBlank: true })));
    } catch (err) {
      throw new SummaError(
        "import.unreadable",
        `${file}: not a readable CSV file (${(err as Error).message})`,
      );
    }
    if (rows.length === 0) throw new SummaError("import.unreadable", `${file}: the file is empty`);
    const header = rows[0]!;
    const map = mapColumns(header, file);
    const fromName = statusFromFileName(file);
    for (const [i, cells] of rows.slice(1).entries()) {
      // Spreadsheet numbering: the header is row 1.
      const where = { file, row: i + 2 };
      const read = readSubscriberRow(cells, header, map, where, { given: status ?? null, fromName });
      if (Array.isArray(read)) {
        problems.push(...read);
        continue;
      }
      const before = seen.get(read.email);
      if (before) {
        problems.push({
          ...where,
          column: header[map.email!],
          message: `${read.email} is also on ${before}`,
        });
        continue;
      }
      seen.set(read.email, `${file}, row ${where.row}`);
      records.push(read);
    }
  }
  return { records, problems };
}

function problemsError(problems: RowProblem[]): SummaError {
  const shown = problems.slice(0, MAX_PROBLEMS);
  const more = problems.length > MAX_PROBLEMS ? ` (the first ${MAX_PROBLEMS} are listed)` : "";
  const lines = shown.map(
    (p) => `  ${p.file}, row ${p.row}${p.column ? `, column "${p.column}"` : ""}: ${p.message}`,
  );
  return new SummaError(
    "import.invalid_value",
    `${problems.length} problem${problems.length > 1 ? "s" : ""}${more}; nothing was imported.\n${lines.join("\n")}`,
    { problems: shown },
  );
}

/** Mailchimp's "cleaned" files have no reason column: say where the suppression came from. */
const CLEANED = "cleaned (imported)";

/**
 * Whether a file's status may replace a row's. A file never makes an unsubscribed or suppressed
 * address receive mail again, and never turns a suppression into an unsubscribe (which the
 * reader could undo from the preferences page); it may always unsubscribe or suppress.
 */
function mayApply(from: SubscriberStatus, to: SubscriberStatus): boolean {
  if (from === "suppressed") return to === "suppressed";
  if (from === "unsubscribed") return to === "unsubscribed" || to === "suppressed";
  return true;
}

/** The changes a record makes to a known row (fields the file lacks stay as they are). */
function changesFor(row: SubscriberRow, r: SubscriberRecord): { changes: SubscriberChanges; kept: boolean } {
  const changes: SubscriberChanges = {};
  const kept = !mayApply(row.status, r.status);
  if (!kept && r.status !== row.status) {
    changes.status = r.status;
    if (r.status === "suppressed" && r.suppressedReason === undefined) changes.suppressed_reason = CLEANED;
  }
  const set = <K extends keyof SubscriberRow>(k: K, v: SubscriberRow[K] | undefined) => {
    if (v !== undefined && v !== row[k]) (changes as Record<string, unknown>)[k] = v;
  };
  set("name", r.name);
  set("edition", r.edition);
  set("consent_at", r.consentAt);
  set("confirmed_at", r.confirmedAt);
  set("unsubscribed_at", r.unsubscribedAt);
  set("suppressed_reason", r.suppressedReason);
  // Only a row that is (or becomes) suppressed is dated so: a kept status keeps its own dates.
  if ((changes.status ?? row.status) === "suppressed") set("suppressed_at", r.suppressedAt);
  set("source", r.source);
  if (r.createdAt) set("created_at", r.createdAt);
  return { changes, kept };
}

function newRow(r: SubscriberRecord, now: string): NewSubscriberRow {
  return {
    email: r.email,
    name: r.name ?? "",
    status: r.status,
    edition: r.edition ?? "full",
    source: r.source ?? "import",
    created_at: r.createdAt ?? now,
    updated_at: now,
    consent_at: r.consentAt ?? null,
    confirmed_at: r.confirmedAt ?? null,
    unsubscribed_at: r.unsubscribedAt ?? null,
    suppressed_reason: r.suppressedReason ?? (r.status === "suppressed" ? CLEANED : ""),
    // Without a CLEAN_TIME the suppression is undated (null), not dated to the import.
    suppressed_at: r.status === "suppressed" ? (r.suppressedAt ?? null) : null,
  };
}

async function write(
  db: Kysely<Database>,
  records: SubscriberRecord[],
  now: string,
  report: SubscriberImportReport,
) {
  for (let i = 0; i < records.length; i += BATCH) {
    const batch = records.slice(i, i + BATCH);
    const known = new Map(
      (
        await findSubscribersByEmail(
          db,
          batch.map((r) => r.email),
        )
      ).map((row) => [row.email, row]),
    );
    const fresh: NewSubscriberRow[] = [];
    for (const r of batch) {
      const row = known.get(r.email);
      if (!row) {
        fresh.push(newRow(r, now));
        continue;
      }
      const { changes, kept } = changesFor(row, r);
      if (kept) report.kept++;
      if (Object.keys(changes).length === 0) report.unchanged++;
      else {
        await updateSubscriber(db, row.id, { ...changes, updated_at: now });
        report.updated++;
      }
    }
    // 50 rows of 11 columns per statement: far under either database's parameter limit.
    for (let j = 0; j < fresh.length; j += 50) await insertSubscribers(db, fresh.slice(j, j + 50));
    report.added += fresh.length;
  }
}

/**
 * Imports subscriber CSV files (a Mailchimp export's three files at once, or Summa's export) in
 * one transaction. Every row is checked first; any bad row (address, name with control
 * characters, status, edition, time, an address twice) fails the whole import with up to 20
 * problems by file, row and column, and nothing is written. A row's status comes from
 * `status` (--status), else its Status column, else the file's name (Mailchimp's
 * subscribed_/unsubscribed_/cleaned_ files have no Status column). Known addresses are updated, so importing a file twice changes
 * nothing the second time; but a file never makes an address that unsubscribed or was
 * suppressed here receive mail again (an old export must not undo a reader's unsubscribe):
 * those rows keep their status and are counted as `kept`.
 */
export async function importSubscribers(
  store: Store,
  files: readonly string[],
  options: { status?: SubscriberStatus; now?: Date } = {},
): Promise<SubscriberImportReport> {
  if (files.length === 0) throw new SummaError("import.unreadable", "No file to import");
  const { records, problems } = await readRecords(files, options.status);
  if (problems.length) throw problemsError(problems);
  const report: SubscriberImportReport = {
    files: [...files],
    rows: records.length,
    added: 0,
    updated: 0,
    unchanged: 0,
    kept: 0,
  };
  const now = (options.now ?? new Date()).toISOString();
  await store.db.transaction().execute((trx) => write(trx, records, now, report));
  return report;
}
