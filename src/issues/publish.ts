import { SummaError } from "../domain/errors.ts";
import {
  clearIssueWithdrawal,
  countIssueEntries,
  findIssueRow,
  inTransaction,
  lockIssueInStatus,
  markIssuePublished,
  markIssueScheduled,
  readNewsletterSettings,
  type Store,
  type TransactionStore,
} from "../store/index.ts";
import { checkStoredIssue, type IssueProblem } from "./check.ts";
import { draftIssue } from "./compose.ts";

/**
 * Which problems of `summa issue check` stop an issue from being published. Only an issue with
 * nothing in it: everything else is shown to the editor on the confirmation page and left to
 * their judgement. An unresolved cross-reference renders as its plain text (AN itself went out
 * with three), an entry without a summary is listed as a link, an empty section is normal, and
 * an unknown category goes last; none of them makes the issue wrong to send.
 */
// A {{survey:SLUG}} naming no survey would send every reader a placeholder instead of a link.
export const BLOCKING_PROBLEMS: ReadonlySet<IssueProblem["kind"]> = new Set(["no_entries", "unknown_survey"]);

/** The problems among `problems` that block publishing. */
export function blockingProblems(problems: readonly IssueProblem[]): IssueProblem[] {
  return problems.filter((p) => BLOCKING_PROBLEMS.has(p.kind));
}

export interface PublishResult {
  number: number;
  date: string;
  /** When it became public: now, or the scheduled time (`scheduled`). */
  publishedAt: string;
  /** True when the issue waits for `publishedAt` (a future time): it is not public until then. */
  scheduled: boolean;
  url: string;
  /** What the check still reports (none of it blocking), for the editor to see. */
  problems: IssueProblem[];
}

export interface PublishOptions {
  /**
   * When it becomes public. A future time schedules it (status "scheduled", see
   * releaseDueIssues); now or a past time publishes it at once.
   */
  at?: Date;
}

/**
 * Publishes a draft issue, in one transaction: the issue becomes "published" (its published_at
 * now, its date today when it had none, its URL the archive page `${site_url}/issues/N` when
 * the site's address is set and the issue has none) and its entries become "published", so the
 * public archive and database show them. With `at` in the future it becomes "scheduled"
 * instead: dated and addressed the same way, frozen (no entry goes in or out), and public, with
 * its entries, only once releaseDueIssues finds its time has come. A withdrawn issue can be
 * published again the same way (its withdrawal is forgotten). Refused when the issue is
 * already published or scheduled, has no entries, or has a blocking problem (see BLOCKING_PROBLEMS).
 */
export async function publishIssue(
  store: Store,
  number: number,
  now = new Date(),
  options: PublishOptions = {},
): Promise<PublishResult> {
  const at = options.at;
  if (at && Number.isNaN(at.getTime()))
    throw new SummaError("input.invalid", "The publish time is not a date");
  const scheduled = at !== undefined && at > now;
  return inTransaction(store, async (tx) => {
    const existing = await findIssueRow(tx.db, number);
    if (existing?.status === "published")
      throw new SummaError("conflict", `Issue #${number} is already published`);
    if (existing?.status === "scheduled")
      throw new SummaError(
        "conflict",
        `Issue #${number} is already scheduled to publish at ${existing.publish_at}; unpublish it first to change the time`,
      );
    // A withdrawn issue may be published again (withdrawn by mistake, or corrected since).
    const issue =
      existing?.status === "withdrawn" ? await withdrawnIssue(tx, number) : await draftIssue(tx, number);
    if ((await countIssueEntries(tx.db, number)) === 0)
      throw new SummaError("input.invalid", `Issue #${number} has no entries; add some before publishing`);
    const problems = await checkStoredIssue(tx, number);
    const blocking = blockingProblems(problems);
    if (blocking.length)
      throw new SummaError(
        "input.invalid",
        `Issue #${number} cannot be published: ${blocking.map((p) => p.message).join("; ")}`,
        { problems: blocking },
      );
    const site = (await readNewsletterSettings(tx.db)).siteUrl;
    const url = issue.url || (site ? `${site}/issues/${number}` : "");
    const publishedAt = (scheduled ? at : now).toISOString();
    const date = issue.date ?? publishedAt.slice(0, 10);
    if (issue.status === "withdrawn") await clearIssueWithdrawal(tx.db, number);
    if (scheduled) await markIssueScheduled(tx.db, number, { publishAt: publishedAt, date, url });
    else await markIssuePublished(tx.db, number, { publishedAt, date, url });
    return { number, date, publishedAt, scheduled, url, problems };
  });
}

/** The withdrawn issue, held until the transaction ends (as draftIssue holds a draft). */
async function withdrawnIssue(tx: TransactionStore, number: number) {
  if (!(await lockIssueInStatus(tx.db, number, "withdrawn")))
    throw new SummaError("conflict", `Issue #${number} changed meanwhile; try again`);
  const issue = await findIssueRow(tx.db, number);
  if (!issue) throw new SummaError("not_found", `There is no issue #${number}`);
  return issue;
}
