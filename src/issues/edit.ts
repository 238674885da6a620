import { SummaError } from "../domain/errors.ts";
import { isCalendarDate } from "../domain/issue.ts";
import { type Store, saveIssueMeta, setIssueOrder } from "../store/index.ts";
import { ownSubject } from "./compose.ts";

export interface IssueDetails {
  subject?: string;
  /** YYYY-MM-DD */
  date?: string;
  /** Markdown */
  intro?: string;
}

/**
 * What the editor writes about an issue from the command line: subject, date, intro. Creates the
 * issue if it is new. Unlike the desk, it may also date a published issue (imported issues
 * have no date until the editor gives them theirs): a date after today hides the issue from
 * readers until that day (domain/publication.ts).
 */
export async function saveIssueDetails(store: Store, number: number, details: IssueDetails): Promise<void> {
  if (details.date !== undefined && !isCalendarDate(details.date)) {
    throw new SummaError("input.invalid", `date: expected YYYY-MM-DD, got "${details.date}"`);
  }
  if (details.subject !== undefined && /[\r\n]/.test(details.subject)) {
    throw new SummaError("input.invalid", "subject: must be one line");
  }
  const subject =
    details.subject === undefined ? undefined : await ownSubject(store, details.subject, number);
  await saveIssueMeta(store.db, number, { ...details, ...(subject === undefined ? {} : { subject }) });
}

/**
 * The editor's order for an issue: the listed entries first to last (each stays in its
 * subsection); entries not listed go back to the sheet's order. One transaction.
 */
export async function orderIssue(store: Store, number: number, entryIds: number[]): Promise<void> {
  const seen = new Set<number>();
  for (const id of entryIds) {
    if (seen.has(id)) throw new SummaError("config.invalid", `entry ${id} is listed twice`);
    seen.add(id);
  }
  const foreign = await store.db.transaction().execute((trx) => setIssueOrder(trx, number, entryIds));
  if (foreign.length)
    throw new SummaError("not_found", `Not in issue #${number}: entries ${foreign.join(", ")}`);
}
