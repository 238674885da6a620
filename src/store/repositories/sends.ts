import { type ExpressionBuilder, type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { Database, DeliveryStatus, SendStatus, SendTable } from "../schema.ts";

type Db = Kysely<Database>;
export type SendRow = Selectable<SendTable>;

/** The deliveries of the send in the outer query (`sends`) that have one of these statuses. */
function sendDeliveriesIn(eb: ExpressionBuilder<Database, "sends">, statuses: DeliveryStatus[]) {
  return eb
    .selectFrom("deliveries")
    .select("deliveries.id")
    .whereRef("deliveries.send_id", "=", "sends.id")
    .where("deliveries.status", "in", statuses);
}

/** Sends a worker may take rows from: started (or due) and neither paused, cancelled nor done. */
export const CLAIMABLE_SEND_STATUSES: readonly SendStatus[] = ["scheduled", "sending"];

/**
 * Creates the send and freezes its audience: one queued delivery per active subscriber, with
 * the subscriber's address, name and edition as they are now. Takes a transaction so the two
 * are one act; the unique issue_number (sends) and (issue, subscriber) (deliveries) make a
 * second send of the same issue fail instead of queueing anyone twice: null when the issue
 * already has a send.
 */
export async function insertSendWithAudience(
  trx: Transaction<Database>,
  send: {
    issueNumber: number;
    status: SendStatus;
    sendAt: string;
    ratePerSecond: number | null;
    createdBy: string;
    now: string;
  },
): Promise<{ sendId: number; queued: number } | null> {
  const inserted = await trx
    .insertInto("sends")
    .values({
      issue_number: send.issueNumber,
      status: send.status,
      send_at: send.sendAt,
      rate_per_second: send.ratePerSecond,
      created_at: send.now,
      created_by: send.createdBy,
    })
    .onConflict((oc) => oc.column("issue_number").doNothing())
    .returning("id")
    .executeTakeFirst();
  // Another send of this issue exists (perhaps created a moment ago by someone else).
  if (!inserted) return null;
  // INSERT ... SELECT: the audience is copied by the database in one statement, however large.
  // Casts, because PostgreSQL types a bare parameter in a select list as text.
  const result = await trx
    .insertInto("deliveries")
    .columns([
      "send_id",
      "issue_number",
      "subscriber_id",
      "email",
      "name",
      "edition",
      "status",
      "next_attempt_at",
    ])
    .expression(
      trx
        .selectFrom("subscribers")
        .select([
          sql<number>`cast(${inserted.id} as integer)`.as("send_id"),
          sql<number>`cast(${send.issueNumber} as integer)`.as("issue_number"),
          "id",
          "email",
          "name",
          "edition",
          sql<DeliveryStatus>`cast(${"queued"} as text)`.as("status"),
          sql<string>`cast(${send.sendAt} as text)`.as("next_attempt_at"),
        ])
        .where("status", "=", "active")
        .orderBy("id"),
    )
    .executeTakeFirst();
  return { sendId: inserted.id, queued: Number(result.numInsertedOrUpdatedRows ?? 0) };
}

/**
 * Removes an issue's cancelled send if it never sent anything (and nothing is in flight), so
 * the issue can be sent afresh: cancelling a scheduled send to change it must not lose the
 * issue. Its deliveries go with it. True when it was removed.
 */
export async function removeUnsentCancelledSend(
  trx: Transaction<Database>,
  issueNumber: number,
): Promise<boolean> {
  const send = await trx
    .selectFrom("sends")
    .select("id")
    .where("issue_number", "=", issueNumber)
    .where("status", "=", "cancelled")
    .where((eb) => eb.not(eb.exists(sendDeliveriesIn(eb, ["sent", "sending", "failed"]))))
    .executeTakeFirst();
  if (!send) return false;
  await trx.deleteFrom("deliveries").where("send_id", "=", send.id).execute();
  await trx.deleteFrom("sends").where("id", "=", send.id).execute();
  return true;
}

export async function findSendByIssue(db: Db, issueNumber: number): Promise<SendRow | undefined> {
  return db.selectFrom("sends").selectAll().where("issue_number", "=", issueNumber).executeTakeFirst();
}

/** Every send, newest first. */
export async function listSendRows(db: Db): Promise<SendRow[]> {
  return db.selectFrom("sends").selectAll().orderBy("id", "desc").execute();
}

/** The sends with these ids (a worker's batch names a few). */
export async function sendRowsByIds(db: Db, ids: readonly number[]): Promise<SendRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("sends").selectAll().where("id", "in", ids).execute();
}

/** Moves a send from one of `from` to `to`; false when it was in none of them (someone else acted). */
export async function changeSendStatus(
  db: Db,
  id: number,
  from: readonly SendStatus[],
  to: SendStatus,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable("sends")
    .set({ status: to, ...(to === "done" || to === "cancelled" ? { finished_at: now } : {}) })
    .where("id", "=", id)
    .where("status", "in", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deliveries of a send by status. */
export async function countDeliveries(db: Db, sendId: number): Promise<Map<DeliveryStatus, number>> {
  const rows = await db
    .selectFrom("deliveries")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("send_id", "=", sendId)
    .groupBy("status")
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** The failed deliveries of a send, with the server's last reply, for the report. */
export async function failedDeliveryRows(db: Db, sendId: number, limit: number) {
  return db
    .selectFrom("deliveries")
    .select(["id", "email", "attempts", "last_reply"])
    .where("send_id", "=", sendId)
    .where("status", "=", "failed")
    .orderBy("id")
    .limit(limit)
    .execute();
}

/**
 * Cancels what a cancelled send has not sent: queued rows, and rows whose worker's lease ran
 * out (it died). Rows a live worker holds are left to it: it notices the cancel and gives
 * them back within a second, while a message it is already sending is still recorded.
 */
export async function cancelUnsentDeliveries(db: Db, sendId: number, now: string): Promise<number> {
  const result = await db
    .updateTable("deliveries")
    .set({ status: "cancelled", claimed_by: null, claimed_until: null })
    .where("send_id", "=", sendId)
    .where((eb) =>
      eb.or([
        eb("status", "=", "queued"),
        eb.and([eb("status", "=", "sending"), eb("claimed_until", "<", now)]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Housekeeping any worker may do, idempotent: scheduled sends whose time has come are
 * "sending"; sending sends with nothing queued or in flight are "done"; and rows of cancelled
 * sends left "sending" by a worker that died are cancelled.
 */
export async function settleSends(db: Db, now: string): Promise<void> {
  await db
    .updateTable("sends")
    .set({ status: "sending" })
    .where("status", "=", "scheduled")
    .where("send_at", "<=", now)
    .execute();
  await db
    .updateTable("sends")
    .set({ status: "done", finished_at: now })
    .where("status", "=", "sending")
    .where((eb) => eb.not(eb.exists(sendDeliveriesIn(eb, ["queued", "sending"]))))
    .execute();
  await db
    .updateTable("deliveries")
    .set({ status: "cancelled", claimed_by: null, claimed_until: null })
    .where("status", "=", "sending")
    .where("claimed_until", "<", now)
    .where("send_id", "in", (eb) => eb.selectFrom("sends").select("id").where("status", "=", "cancelled"))
    .execute();
}

/** How many subscribers a send started now would reach. */
export async function countActiveSubscribers(db: Db): Promise<number> {
  const row = await db
    .selectFrom("subscribers")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "active")
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
