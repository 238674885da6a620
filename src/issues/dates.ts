import { readFile } from "node:fs/promises";
import { unreadableFile } from "../domain/errors.ts";
import { csvTextRows } from "../formats/import/csv-records.ts";
import { datesRefused, parseIssueDates } from "../formats/import/issue-dates.ts";
import { MAX_FIELD_BYTES } from "../formats/limits.ts";
import {
  getIssue,
  inTransaction,
  readNewsletterSettings,
  type Store,
  saveIssueMeta,
} from "../store/index.ts";

export interface IssueDatesReport {
  file: string;
  /** Issues whose date changed. */
  changed: number;
  /** Issues that already had that date. */
  unchanged: number;
}

/**
 * Dates issues from an `issue,date` CSV (formats/import/issue-dates.ts), all or nothing: every
 * row is checked first, an issue that does not exist is a problem of its row, and the dates are
 * written in one transaction. Published issues may be dated too (imported ones have no date);
 * an issue dated after today is hidden from readers until that day (domain/publication.ts).
 */
export async function importIssueDates(store: Store, file: string): Promise<IssueDatesReport> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw unreadableFile(file, err);
  }
  let rows: string[][];
  try {
    rows = await csvTextRows(text, MAX_FIELD_BYTES);
  } catch (err) {
    throw datesRefused(file, [`not a readable CSV file (${(err as Error).message})`]);
  }
  const prefix = (await readNewsletterSettings(store.db)).issuePrefix;
  const { dates, problems } = parseIssueDates(rows, file, prefix);
  return inTransaction(store, async (tx) => {
    const report: IssueDatesReport = { file, changed: 0, unchanged: 0 };
    const changes: typeof dates = [];
    for (const d of dates) {
      const issue = await getIssue(tx.db, d.number);
      if (!issue) problems.push(`row ${d.row}, issue: there is no ${prefix} #${d.number}`);
      else if (issue.date === d.date) report.unchanged++;
      else changes.push(d);
    }
    // Every problem at once, in row order: the file's own and the unknown issues.
    const byRow = (p: string) => Number(/^row (\d+)/.exec(p)?.[1] ?? 0);
    if (problems.length)
      throw datesRefused(
        file,
        problems.sort((a, b) => byRow(a) - byRow(b)),
      );
    for (const d of changes) await saveIssueMeta(tx.db, d.number, { date: d.date });
    report.changed = changes.length;
    return report;
  });
}
