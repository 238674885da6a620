import type { Kysely } from "kysely";
import type { StoreDialect } from "../dialect.ts";
import type { Database, DeliveryStatus, Edition, SubscriberStatus } from "../schema.ts";
import { CLAIMABLE_SEND_STATUSES } from "./sends.ts";

type Db = Kysely<Database>;

/** A delivery a worker holds (status "sending", claimed_by the worker) until its lease ends. */
export interface ClaimedDelivery {
  id: number;
  sendId: number;
  issueNumber: number;
  subscriberId: number;
  email: string;
  name: string;
  edition: Edition;
  /** SMTP attempts made before this one. */
  attempts: number;
}

/**
 * Claims up to `limit` due deliveries for `worker` until `leaseUntil`, atomically: first, with
 * `expired`, rows "sending" under a lease that ran out (their worker died), then rows queued and
 * due, of sends that are started and due. PostgreSQL locks the chosen rows and skips rows
 * another worker is claiming (FOR UPDATE SKIP LOCKED), so workers never wait on each other or
 * take the same row; SQLite has one writer at a time, so each single UPDATE is atomic as it
 * stands. Rows come in the order of the deliveries_queue index (due time, then id) with no
 * ORDER BY: a sort would read every queued row of a large send on every claim, this stops after
 * `limit`.
 */
export async function claimDeliveries(
  db: Db,
  dialect: Pick<StoreDialect, "skipLocked">,
  claim: {
    worker: string;
    limit: number;
    now: string;
    leaseUntil: string;
    /**
     * Look for rows whose lease ran out (default true). That search walks every row in "sending"
     * (and on PostgreSQL the index entries of rows that were), so a worker does it now and then
     * rather than before every batch (delivery/queue.ts).
     */
    expired?: boolean;
  },
): Promise<ClaimedDelivery[]> {
  const { now } = claim;
  const take = async (status: "sending" | "queued", limit: number) => {
    const due = db
      .selectFrom("deliveries")
      .select("id")
      .where("send_id", "in", (eb) =>
        eb
          .selectFrom("sends")
          .select("sends.id")
          .where("sends.status", "in", CLAIMABLE_SEND_STATUSES)
          .where("sends.send_at", "<=", now),
      )
      .where("status", "=", status)
      .where(status === "queued" ? "next_attempt_at" : "claimed_until", status === "queued" ? "<=" : "<", now)
      .limit(limit);
    return db
      .updateTable("deliveries")
      .set({ status: "sending", claimed_by: claim.worker, claimed_until: claim.leaseUntil })
      .where("id", "in", dialect.skipLocked ? due.forUpdate().skipLocked() : due)
      .returning(["id", "send_id", "issue_number", "subscriber_id", "email", "name", "edition", "attempts"])
      .execute();
  };
  const expired = claim.expired === false ? [] : await take("sending", claim.limit);
  const rows =
    expired.length < claim.limit
      ? [...expired, ...(await take("queued", claim.limit - expired.length))]
      : expired;
  return rows
    .map((r) => ({
      id: r.id,
      sendId: r.send_id,
      issueNumber: r.issue_number,
      subscriberId: r.subscriber_id,
      email: r.email,
      name: r.name,
      edition: r.edition,
      attempts: r.attempts,
    }))
    .sort((a, b) => a.id - b.id);
}

/** The current status of these subscribers (checked at claim time: the audience was frozen earlier). */
export async function subscriberStatuses(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, SubscriberStatus>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("subscribers").select(["id", "status"]).where("id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, r.status]));
}

/** Extends the worker's leases on the rows it still holds (its heartbeat). */
export async function extendLeases(db: Db, worker: string, until: string): Promise<void> {
  await db
    .updateTable("deliveries")
    .set({ claimed_until: until })
    .where("claimed_by", "=", worker)
    .where("status", "=", "sending")
    .execute();
}

/** How many workers hold live leases on a send's rows: they share its rate. */
export async function activeWorkerCount(db: Db, sendId: number, now: string): Promise<number> {
  const row = await db
    .selectFrom("deliveries")
    .select((eb) => eb.fn.count<number>("claimed_by").distinct().as("n"))
    .where("send_id", "=", sendId)
    .where("status", "=", "sending")
    .where("claimed_until", ">=", now)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Gives rows back without an attempt: to the queue (paused send, worker stopping), or as
 * cancelled / suppressed (cancelled send, or a subscriber who left after the audience froze).
 */
export async function releaseDeliveries(
  db: Db,
  worker: string,
  ids: readonly number[],
  status: Extract<DeliveryStatus, "queued" | "cancelled" | "suppressed">,
  /** For "queued": not before this time (a worker that could not prepare the send backs off). */
  nextAttemptAt?: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("deliveries")
    .set({
      status,
      claimed_by: null,
      claimed_until: null,
      ...(nextAttemptAt ? { next_attempt_at: nextAttemptAt } : {}),
    })
    .where("id", "in", ids)
    .where("claimed_by", "=", worker)
    .where("status", "=", "sending")
    .execute();
}
