import { SummaError } from "../domain/errors.ts";
import {
  findDueIssues,
  findIssueRow,
  findSendByIssue,
  inTransaction,
  lockIssueInStatus,
  markIssueDraft,
  markIssuePublished,
  markIssueWithdrawn,
  type Store,
} from "../store/index.ts";

/**
 * An issue's life after composing: a scheduled issue becomes public when its time comes, and a
 * published one can be withdrawn with a reason. What is public stays one rule (an issue whose
 * status is "published", see domain/publication.ts): scheduling and withdrawing change the
 * status, so every public read (home, archive, feeds, sitemap, API, search) agrees without a
 * condition of its own.
 */

/** The longest reason a withdrawn issue's page shows. */
export const MAX_WITHDRAW_REASON = 500;

/**
 * Publishes every scheduled issue whose time has come (its published_at is the scheduled time,
 * not the moment this ran), each in its own transaction, and returns their numbers. Every face
 * that reads the public record calls it first (the web app on each request, the worker before
 * it claims, `summa feed`), so a scheduled issue is public from its time on wherever it is read,
 * without a clock process. Two processes at once publish each issue once: the status lock
 * decides, and the loser skips it.
 */
export async function releaseDueIssues(store: Store, now = new Date()): Promise<number[]> {
  const due = await findDueIssues(store.db, now.toISOString());
  const released: number[] = [];
  for (const issue of due) {
    const won = await inTransaction(store, async (tx) => {
      if (!(await lockIssueInStatus(tx.db, issue.number, "scheduled"))) return false;
      const row = await findIssueRow(tx.db, issue.number);
      await markIssuePublished(tx.db, issue.number, {
        publishedAt: issue.publish_at,
        date: row?.date ?? issue.publish_at.slice(0, 10),
        url: row?.url ?? "",
      });
      return true;
    });
    if (won) released.push(issue.number);
  }
  return released;
}

export interface UnpublishResult {
  number: number;
  /** "withdrawn" for a published issue, "draft" for a scheduled one (its schedule cancelled). */
  status: "withdrawn" | "draft";
  withdrawnAt: string | null;
  reason: string;
}

function cleanReason(reason: string): string {
  const text = reason.replace(/\s+/g, " ").trim();
  if (!text)
    throw new SummaError(
      "input.invalid",
      "Give a reason: readers of the issue's page see why it was withdrawn",
    );
  if (text.length > MAX_WITHDRAW_REASON)
    throw new SummaError(
      "input.invalid",
      `The reason is too long: at most ${MAX_WITHDRAW_REASON} characters`,
    );
  if (/\p{Cc}/u.test(text)) throw new SummaError("input.invalid", "The reason contains control characters");
  return text;
}

/**
 * Takes an issue off the public record. A published issue is withdrawn, with the reason its
 * page shows instead of its content (and its entries leave the public database); a scheduled
 * one returns to draft (it was never public; the reason is not needed). Refused for a draft, an
 * issue already withdrawn, and while the issue's send is scheduled, running or paused (cancel it
 * first: a withdrawn issue must not keep going out by email). A finished send is history.
 */
export async function unpublishIssue(
  store: Store,
  number: number,
  reason: string,
  now = new Date(),
): Promise<UnpublishResult> {
  return inTransaction(store, async (tx) => {
    const issue = await findIssueRow(tx.db, number);
    if (!issue) throw new SummaError("not_found", `There is no issue #${number}`);
    if (issue.status === "draft")
      throw new SummaError("conflict", `Issue #${number} is a draft: there is nothing to unpublish`);
    if (issue.status === "withdrawn")
      throw new SummaError("conflict", `Issue #${number} was already withdrawn on ${issue.withdrawn_at}`);
    const send = await findSendByIssue(tx.db, number);
    if (send && ["scheduled", "sending", "paused"].includes(send.status))
      throw new SummaError(
        "conflict",
        `Issue #${number} has a send that is ${send.status}: cancel it first (summa send cancel ${number})`,
      );
    const text = issue.status === "published" ? cleanReason(reason) : "";
    if (!(await lockIssueInStatus(tx.db, number, issue.status)))
      throw new SummaError("conflict", `Issue #${number} changed meanwhile; try again`);
    if (issue.status === "scheduled") {
      // Scheduling dates an undated issue on its publish day; unscheduled, it has no such day,
      // and keeping a future date would hide the issue when it is later published at once.
      const scheduleDay = issue.publish_at?.slice(0, 10);
      await markIssueDraft(tx.db, number, { clearDate: issue.date !== null && issue.date === scheduleDay });
      return { number, status: "draft", withdrawnAt: null, reason: "" };
    }
    const withdrawnAt = now.toISOString();
    await markIssueWithdrawn(tx.db, number, { withdrawnAt, reason: text });
    return { number, status: "withdrawn", withdrawnAt, reason: text };
  });
}

/** A withdrawn issue as its public page tells it, or null when the issue is not withdrawn. */
export async function findWithdrawal(
  store: Store,
  number: number,
): Promise<{ number: number; withdrawnAt: string; reason: string } | null> {
  const issue = await findIssueRow(store.db, number);
  if (issue?.status !== "withdrawn") return null;
  return { number, withdrawnAt: issue.withdrawn_at ?? "", reason: issue.withdrawn_reason };
}
