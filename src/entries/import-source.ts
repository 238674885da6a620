import { SummaError } from "../domain/errors.ts";
import type { SheetEncoding } from "../formats/import/index.ts";
import type { Store } from "../store/index.ts";
import { downloadSheet } from "./fetch-sheet.ts";
import { backfillIssue, isIssueFile } from "./import-issue.ts";
import { type ImportPlan, planImport } from "./import-plan.ts";
import { type ImportOptions, type ImportReport, importSheet } from "./import-sheet.ts";
import { openSheetFile, readHead } from "./open-sheet.ts";

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

export interface ImportSourceOptions extends ImportOptions {
  /** The issue's number, for an issue file that does not name it (and: the file is an issue). */
  issue?: number;
  /** A CSV's text encoding (UTF-8, checked, unless given). */
  encoding?: SheetEncoding;
}

/** The start of a file, to tell an issue's HTML from a sheet's; "" when it cannot be read. */
async function head(path: string): Promise<string> {
  try {
    return Buffer.from(await readHead(path, 8192)).toString("utf8");
  } catch {
    return ""; // the sheet reader reports a missing or unreadable file
  }
}

/**
 * `summa import FILE|URL`: a file on disk, or a spreadsheet export fetched over HTTP. An
 * issue (text, Markdown or HTML; or any file given with --issue N) backfills the archive.
 */
export async function importFrom(
  store: Store,
  source: string,
  options: ImportSourceOptions = {},
): Promise<ImportReport> {
  if (!isUrl(source) && (options.issue !== undefined || isIssueFile(source, await head(source))))
    return backfillIssue(store, source, options);
  if (!isUrl(source)) {
    const { reader } = await openSheetFile(source, source, undefined, options.encoding);
    return importSheet(store, reader, source, options);
  }
  const download = await downloadSheet(source);
  try {
    const { reader } = await openSheetFile(download.path, source, download.name, options.encoding);
    return await importSheet(store, reader, source, options);
  } finally {
    await download.cleanup();
  }
}

/**
 * `summa import FILE|URL --dry-run`: what importing the sheet would do, writing nothing. An
 * issue file has no dry run (its backfill is shown by the issue commands).
 */
export async function planFrom(
  store: Store,
  source: string,
  options: Pick<ImportSourceOptions, "issue" | "encoding"> = {},
): Promise<ImportPlan> {
  if (!isUrl(source) && (options.issue !== undefined || isIssueFile(source, await head(source))))
    throw new SummaError(
      "input.invalid",
      `${source}: --dry-run previews a spreadsheet import; this is an issue, which it cannot preview`,
    );
  if (!isUrl(source)) {
    const { reader } = await openSheetFile(source, source, undefined, options.encoding);
    return planImport(store, reader, source);
  }
  const download = await downloadSheet(source);
  try {
    const { reader } = await openSheetFile(download.path, source, download.name, options.encoding);
    return await planImport(store, reader, source);
  } finally {
    await download.cleanup();
  }
}
