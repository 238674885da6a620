import type { Insertable, Kysely, Selectable, Transaction } from "kysely";
import type { BounceEventTable, Database, SubscriberTable } from "../schema.ts";

type Db = Kysely<Database>;
export type BounceEventRow = Selectable<BounceEventTable>;

/**
 * Records a bounce or complaint unless one with the same event_key is already there (the
 * unique index decides, so concurrent requests agree). Returns the new row's id, or null for
 * a duplicate.
 */
export async function insertBounceEvent(db: Db, event: Insertable<BounceEventTable>): Promise<number | null> {
  const row = await db
    .insertInto("bounce_events")
    .values(event)
    .onConflict((oc) => oc.column("event_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The id of the subscriber with this (lowercased) address, if any. */
export async function subscriberIdByEmail(db: Db, email: string): Promise<number | undefined> {
  const row = await db.selectFrom("subscribers").select("id").where("email", "=", email).executeTakeFirst();
  return row?.id;
}

/**
 * Marks the subscriber as touched by a bounce and returns the row, locked: the UPDATE takes
 * the row lock on PostgreSQL (SQLite has one writer anyway), so two bounces for one address
 * in concurrent transactions are counted one after the other, each seeing the other's event.
 */
export async function lockSubscriberForBounce(
  trx: Transaction<Database>,
  id: number,
  now: string,
): Promise<Selectable<SubscriberTable>> {
  return trx
    .updateTable("subscribers")
    .set({ updated_at: now })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** What the soft-bounce streak is computed from: one subscriber's soft bounces and sent deliveries. */
export async function softBounceHistory(
  db: Db,
  subscriberId: number,
): Promise<{
  bounces: { id: number; at: string; messageId: string }[];
  deliveries: { id: number; sentAt: string; messageId: string }[];
}> {
  const [bounces, deliveries] = await Promise.all([
    db
      .selectFrom("bounce_events")
      .select(["id", "at", "message_id as messageId"])
      .where("subscriber_id", "=", subscriberId)
      .where("kind", "=", "soft")
      .execute(),
    db
      .selectFrom("deliveries")
      .select(["id", "sent_at", "message_id as messageId"])
      .where("subscriber_id", "=", subscriberId)
      .where("status", "=", "sent")
      .where("sent_at", "is not", null)
      .execute(),
  ]);
  return {
    bounces,
    deliveries: deliveries.map((d) => ({ id: d.id, sentAt: d.sent_at!, messageId: d.messageId })),
  };
}

/**
 * A delivery as a bounce to its VERP address needs it: the address it went to and the
 * Message-ID it went with ("" until its acceptance is recorded).
 */
export async function deliveryForBounce(
  db: Db,
  id: number,
): Promise<{ id: number; email: string; messageId: string } | undefined> {
  return db
    .selectFrom("deliveries")
    .select(["id", "email", "message_id as messageId"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Stores the subscriber's current soft-bounce streak. */
export async function setSoftBounces(db: Db, id: number, count: number): Promise<void> {
  await db.updateTable("subscribers").set({ soft_bounces: count }).where("id", "=", id).execute();
}

/**
 * Suppresses the subscriber unless it already is; returns whether it changed. `at` is when the
 * suppression happened (the event's time), `now` when it was recorded.
 */
export async function suppressSubscriber(
  db: Db,
  id: number,
  reason: string,
  now: string,
  at: string = now,
): Promise<boolean> {
  const result = await db
    .updateTable("subscribers")
    .set({ status: "suppressed", suppressed_reason: reason, suppressed_at: at, updated_at: now })
    .where("id", "=", id)
    .where("status", "!=", "suppressed")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Recent bounce events, newest first, optionally for one address. */
export async function listBounceEvents(
  db: Db,
  options: { email?: string; limit: number },
): Promise<BounceEventRow[]> {
  let q = db.selectFrom("bounce_events").selectAll();
  if (options.email) q = q.where("email", "=", options.email);
  return q.orderBy("at", "desc").orderBy("id", "desc").limit(options.limit).execute();
}

/**
 * Replaces a secret kept in the settings table (getOrCreateSecret makes the first one): for
 * rotating a shared secret that leaked.
 */
export async function replaceSecret(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}
