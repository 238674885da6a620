import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import type { Transaction } from "kysely";
import { parseAuthors } from "../domain/authors.ts";
import { displayAuthors } from "../domain/entry-display.ts";
import { fieldBySheetName } from "../domain/entry-fields.ts";
import { SummaError, unreadableFile } from "../domain/errors.ts";
import { issueLabel, type Newsletter } from "../domain/issue.ts";
import { titleKey } from "../domain/keys.ts";
import { hasNul, nulRefused } from "../domain/nul.ts";
import { SHEET_FIELDS, type SheetField } from "../formats/import/columns.ts";
import type { RawRow, SheetReader } from "../formats/import/raw-row.ts";
import { naming } from "../formats/limits.ts";
import { type IssueSourceFormat, knownTitles, type ParsedIssue, parseIssue } from "../formats/parse/index.ts";
import { loadNewsletter } from "../newsletter/index.ts";
import {
  allEntryTitles,
  type Database,
  findByTitleKeys,
  getIssue,
  getTaxonomy,
  maxSheetRow,
  type Store,
  saveIssueMeta,
  setAuthorsDisplay,
} from "../store/index.ts";
import { type ImportOptions, type ImportReport, importSheet } from "./import-sheet.ts";

/**
 * Backfilling the archive from old issues: an issue's text, Markdown or HTML read back into
 * entries and imported like rows of the sheet. What an issue does not carry stays empty
 * (venue, year, H/T; a highlight's category; links, in a flattened email), and the authors are
 * the displayed line ("Chunyuan Li et al": the first author, the rest kept as the display), so
 * a backfill only adds entries the archive lacks and never overwrites richer ones.
 */
export interface BackfillOptions extends ImportOptions {
  /** The issue's number when the file does not name it ("Alignment Newsletter #53"). */
  issue?: number;
}

export interface BackfillReport extends ImportReport {
  issue: number;
  /** What the parser could not place or recognise. */
  warnings: string[];
}

/** The sheet's "Rohin/Robert" from the issue's "Rohin and Robert". */
function summarizerCell(names: string): string {
  return names
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((n) => n.trim())
    .filter(Boolean)
    .join("/");
}

/** The authors cell for a displayed line: "Chunyuan Li et al" is its first author, known. */
export function authorsCell(display: string): { cell: string; display: string } {
  const cell = display.replace(/,?\s+et\s+al\.?$/i, "").trim();
  const shown = displayAuthors({ authors: parseAuthors(cell) });
  return { cell, display: shown === display.trim() ? "" : display.trim() };
}

export interface RowContext {
  number: number;
  newsletter: Newsletter;
  /** The sheet row the first entry takes; the rest follow in the issue's order. */
  firstRow: number;
  issueUrl?: string;
}

/**
 * Rows of the sheet from a parsed issue, in the issue's order. Who summarized an entry is the
 * "(summarized by X)" credit, else the opinion's author, else (for a summary) the editor.
 */
export function issueToRows(parsed: ParsedIssue, ctx: RowContext): RawRow[] {
  const label = issueLabel(ctx.newsletter, ctx.number);
  return parsed.entries.map((e, i) => {
    const summarized = e.summary.trim() !== "" || e.opinion.trim() !== "";
    const summarizer = e.summarizer ?? (e.opinionAuthor || (summarized ? ctx.newsletter.editor : ""));
    return {
      // Messages count entries as they stand in the issue; the sheet position is sheet_row.
      row: i + 1,
      values: {
        sheet_row: String(ctx.firstRow + i),
        category: e.highlight ? "" : e.category,
        highlight: e.highlight ? "Highlight" : "",
        title: e.title,
        url: e.url,
        authors: authorsCell(e.authors).cell,
        email: label,
        issue_url: ctx.issueUrl ?? parsed.url,
        summarizer: summarizerCell(summarizer),
        summary: e.summary,
        opinion: e.opinion,
        prerequisites: e.prerequisites,
        read_more: e.readMore,
      },
    };
  });
}

/** What an issue says about an entry (the table's inIssues); an import of an issue leaves the rest alone. */
const ISSUE_FIELDS: SheetField[] = SHEET_FIELDS.filter(
  (f) => f === "sheet_row" || fieldBySheetName(f)?.inIssues,
);

/**
 * Whether a file is an issue rather than a spreadsheet: text and Markdown by their names, HTML
 * by the renderer's structure (a sheet's HTML export has none of it).
 */
export function isIssueFile(name: string, head: string): boolean {
  const ext = extname(name.replace(/[?#].*$/, "")).toLowerCase();
  if ([".txt", ".text", ".md", ".markdown"].includes(ext)) return true;
  if (ext === ".html" || ext === ".htm")
    return /class="[^"]*\b(?:entry|entry-title)\b|data-issue=/.test(head) && !/class="waffle"/.test(head);
  return false;
}

async function readIssueFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw unreadableFile(path, err);
  }
  // No issue's text holds a NUL, and no database column may (store/refuse-nul.ts): said here,
  // with the file and line, rather than by the store without either.
  if (hasNul(text)) {
    const line = text.slice(0, text.indexOf("\0")).split("\n").length;
    throw nulRefused(`${path}, line ${line},`, { file: path, line });
  }
  return text;
}

/**
 * The titles the archive already has, keyed for the issue readers (ParseOptions): a backfill
 * over a partly imported archive reads the entries it knows as anchors.
 */
export async function knownEntryTitles(store: Store): Promise<ReadonlySet<string>> {
  return knownTitles(await allEntryTitles(store.db));
}

/** `summa import ISSUE-FILE [--issue N]`: adds the issue's entries the archive does not have yet. */
export async function backfillIssue(
  store: Store,
  path: string,
  options: BackfillOptions = {},
): Promise<BackfillReport> {
  const text = await readIssueFile(path);
  const newsletter = await loadNewsletter(store);
  const taxonomy = await getTaxonomy(store.db);
  const archiveTitles = await knownEntryTitles(store);
  const parsed = naming(path, () => parseIssue(text, taxonomy, newsletter, { knownTitles: archiveTitles }));
  const number = issueNumberFor(path, parsed.number, options.issue);
  if (parsed.entries.length === 0)
    throw new SummaError(
      "import.invalid_value",
      `${path}: no entries found (read as ${parsed.format}); is it an issue of ${newsletter.name}?`,
    );
  const label = issueLabel(newsletter, number);
  const firstRow = (await maxSheetRow(store.db)) + 1;
  const rows = issueToRows(parsed, { number, newsletter, firstRow });
  // Entries the archive has (same title in this issue, or not yet sent in any) are left alone.
  const existing = await findByTitleKeys(store.db, [...new Set(rows.map((r) => titleKey(r.values.title!)))]);
  const known = new Set(
    existing.filter((e) => e.issue_label === label || e.issue_label === "").map((e) => e.title_key),
  );
  const fresh = rows.filter((r) => !known.has(titleKey(r.values.title!)));
  // The entries, the issue's intro and the author lines: one transaction, all or nothing.
  const report = await importSheet(store, readerOf(fresh, parsed.format), path, {
    ...options,
    inTransaction: (trx) => finish(trx, number, label, parsed, fresh),
  });
  for (const r of rows.filter((x) => known.has(titleKey(x.values.title!)))) {
    report.skipped++;
    report.skippedRows.push({ row: r.row, reason: `"${r.values.title}" is already in the archive` });
  }
  report.rows = rows.length;
  return { ...report, issue: number, warnings: parsed.warnings };
}

function issueNumberFor(path: string, found: number | null, given: number | undefined): number {
  if (given !== undefined && found !== null && given !== found)
    throw new SummaError(
      "import.invalid_value",
      `${path}: the file is issue #${found}, not #${given} (--issue)`,
    );
  const number = given ?? found;
  if (number === null)
    throw new SummaError(
      "import.invalid_value",
      `${path}: the file does not say which issue it is; give its number with --issue N`,
    );
  return number;
}

function readerOf(rows: RawRow[], format: IssueSourceFormat): SheetReader {
  return {
    format: `issue-${format}`,
    unknownColumns: [],
    fields: ISSUE_FIELDS,
    totalRows: rows.length,
    rows: (async function* () {
      yield* rows;
    })(),
  };
}

/** What rows cannot say: the issue's intro, and author lines that are not "First et al". */
async function finish(
  trx: Transaction<Database>,
  number: number,
  label: string,
  parsed: ParsedIssue,
  added: RawRow[],
): Promise<void> {
  const issue = await getIssue(trx, number);
  if (issue && !issue.intro.trim() && parsed.intro) await saveIssueMeta(trx, number, { intro: parsed.intro });
  for (const r of added) {
    const { display } = authorsCell(parsed.entries[r.row - 1]!.authors);
    if (display) await setAuthorsDisplay(trx, titleKey(r.values.title!), label, display);
  }
}
