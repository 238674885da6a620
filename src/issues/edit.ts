import { SummaError } from "../domain/errors.ts";
import { type Store, saveIssueMeta, setIssueOrder } from "../store/index.ts";

export interface IssueDetails {
  subject?: string;
  /** YYYY-MM-DD */
  date?: string;
  /** Markdown */
  intro?: string;
}

/** What the editor writes about an issue: subject, date, intro. Creates the issue if it is new. */
export async function saveIssueDetails(store: Store, number: number, details: IssueDetails): Promise<void> {
  if (details.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(details.date)) {
    throw new SummaError("config.invalid", `date: expected YYYY-MM-DD, got "${details.date}"`);
  }
  if (details.subject !== undefined && /[\r\n]/.test(details.subject)) {
    throw new SummaError("config.invalid", "subject: must be one line");
  }
  await saveIssueMeta(store.db, number, details);
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
