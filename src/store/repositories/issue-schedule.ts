import type { Kysely, Transaction } from "kysely";
import type { Database, IssueStatus } from "../schema.ts";

/**
 * The queries of an issue's life after composing: scheduling a publication, the issues whose
 * time has come, withdrawing a published issue and returning a scheduled one to draft. The
 * service (src/issues/schedule.ts) holds the rules and the transaction.
 */
type Db = Kysely<Database>;

/**
 * Claims an issue in this status for the rest of the transaction (a no-op write that holds the
 * row lock on PostgreSQL; SQLite has one writer anyway), so two processes acting on the same
 * issue cannot both win. False when the issue is missing or in another status.
 */
export async function lockIssueInStatus(
  db: Transaction<Database>,
  number: number,
  status: IssueStatus,
): Promise<boolean> {
  const result = await db
    .updateTable("issues")
    .set({ status })
    .where("number", "=", number)
    .where("status", "=", status)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Schedules a draft: it becomes public at `publishAt` (releaseDueIssues does it); entries stay in_issue. */
export async function markIssueScheduled(
  db: Db,
  number: number,
  values: { publishAt: string; date: string; url: string },
): Promise<void> {
  await db
    .updateTable("issues")
    .set({ status: "scheduled", publish_at: values.publishAt, date: values.date, url: values.url })
    .where("number", "=", number)
    .execute();
}

/** Scheduled issues whose time has come (`publish_at` <= now), oldest first. */
export async function findDueIssues(db: Db, now: string): Promise<{ number: number; publish_at: string }[]> {
  const rows = await db
    .selectFrom("issues")
    .select(["number", "publish_at"])
    .where("status", "=", "scheduled")
    .where("publish_at", "<=", now)
    .orderBy("publish_at")
    .orderBy("number")
    .execute();
  return rows.map((r) => ({ number: r.number, publish_at: r.publish_at ?? now }));
}

/** A scheduled issue back to draft: no time, its entries still in it. */
export async function markIssueDraft(
  db: Db,
  number: number,
  /** Also forget the date (one the schedule gave it, see issues/schedule.ts unpublishIssue). */
  options: { clearDate?: boolean } = {},
): Promise<void> {
  await db
    .updateTable("issues")
    .set({ status: "draft", publish_at: null, ...(options.clearDate ? { date: null } : {}) })
    .where("number", "=", number)
    .execute();
}

/**
 * Withdraws a published issue: its status, when and why; its entries leave the public record
 * (back to in_issue: still in the issue, seen on the desk, never on the site).
 */
export async function markIssueWithdrawn(
  db: Db,
  number: number,
  values: { withdrawnAt: string; reason: string },
): Promise<void> {
  await db
    .updateTable("issues")
    .set({ status: "withdrawn", withdrawn_at: values.withdrawnAt, withdrawn_reason: values.reason })
    .where("number", "=", number)
    .execute();
  await db
    .updateTable("entries")
    .set({ status: "in_issue", updated_at: values.withdrawnAt })
    .where("issue_number", "=", number)
    .where("status", "=", "published")
    .execute();
}

/** A withdrawn issue published again: its withdrawal forgotten (publishing sets the rest). */
export async function clearIssueWithdrawal(db: Db, number: number): Promise<void> {
  await db
    .updateTable("issues")
    .set({ withdrawn_at: null, withdrawn_reason: "" })
    .where("number", "=", number)
    .execute();
}
