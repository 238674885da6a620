import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type { Database, Edition, SubscriberStatus, SubscriberTable } from "../schema.ts";

type Db = Kysely<Database>;
export type SubscriberRow = Selectable<SubscriberTable>;
export type NewSubscriberRow = Insertable<SubscriberTable>;
export type SubscriberChanges = Updateable<SubscriberTable>;

/**
 * Adds an address as pending unless it is already known, in which case nothing changes (an
 * existing subscriber is never downgraded by someone typing their address in a form).
 * Returns whether a row was added.
 */
export async function addPendingSubscriber(
  db: Db,
  s: { email: string; name: string; source: string; now: string; edition?: Edition },
): Promise<boolean> {
  const result = await db
    .insertInto("subscribers")
    .values({
      email: s.email,
      name: s.name,
      edition: s.edition ?? "full",
      status: "pending",
      source: s.source,
      created_at: s.now,
      updated_at: s.now,
    })
    .onConflict((oc) => oc.column("email").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findSubscriber(db: Db, email: string): Promise<SubscriberRow | undefined> {
  return db.selectFrom("subscribers").selectAll().where("email", "=", email).executeTakeFirst();
}

export async function findSubscriberById(db: Db, id: number): Promise<SubscriberRow | undefined> {
  return db.selectFrom("subscribers").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The rows of these addresses (lowercased); the caller keeps the list under the parameter limit. */
export async function findSubscribersByEmail(db: Db, emails: readonly string[]): Promise<SubscriberRow[]> {
  if (emails.length === 0) return [];
  return db.selectFrom("subscribers").selectAll().where("email", "in", emails).execute();
}

/** Inserts rows (the caller batches them under the dialect's parameter limit). */
export async function insertSubscribers(db: Db, rows: readonly NewSubscriberRow[]): Promise<void> {
  if (rows.length)
    await db
      .insertInto("subscribers")
      .values([...rows])
      .execute();
}

/**
 * Changes one subscriber, only while its status is one of `onlyFrom` when given (so two
 * requests racing cannot, say, reactivate an address a bounce just suppressed). Returns
 * whether the row changed.
 */
export async function updateSubscriber(
  db: Db,
  id: number,
  changes: SubscriberChanges,
  onlyFrom?: readonly SubscriberStatus[],
): Promise<boolean> {
  let query = db.updateTable("subscribers").set(changes).where("id", "=", id);
  if (onlyFrom) query = query.where("status", "in", onlyFrom);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Takes the right to send a subscription email to this row now: sets last_confirmation_at
 * unless one was sent after `notSince`. One statement, so concurrent sign-ups of one address in
 * several processes send one email. Returns whether this caller may send.
 */
export async function claimConfirmationEmail(
  db: Db,
  id: number,
  now: string,
  notSince: string,
): Promise<boolean> {
  const result = await db
    .updateTable("subscribers")
    .set({ last_confirmation_at: now })
    .where("id", "=", id)
    .where((eb) =>
      eb.or([eb("last_confirmation_at", "is", null), eb("last_confirmation_at", "<=", notSince)]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives a claim back (the email could not be sent): the reader may try again at once. */
export async function releaseConfirmationEmail(db: Db, id: number, claimedAt: string): Promise<void> {
  await db
    .updateTable("subscribers")
    .set({ last_confirmation_at: null })
    .where("id", "=", id)
    .where("last_confirmation_at", "=", claimedAt)
    .execute();
}

/** Subscribers in id order, a page at a time (keyset: `afterId`), optionally of one status. */
export async function listSubscribers(
  db: Db,
  options: { status?: SubscriberStatus; afterId?: number; limit?: number } = {},
): Promise<SubscriberRow[]> {
  let query = db.selectFrom("subscribers").selectAll().orderBy("id");
  if (options.status) query = query.where("status", "=", options.status);
  if (options.afterId !== undefined) query = query.where("id", ">", options.afterId);
  if (options.limit !== undefined) query = query.limit(options.limit);
  return query.execute();
}

/** How many subscribers have each status (statuses with none are left out). */
export async function countSubscribersByStatus(db: Db): Promise<Partial<Record<SubscriberStatus, number>>> {
  const rows = await db
    .selectFrom("subscribers")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * Marks or unmarks these subscribers (ids) as testers; returns how many rows changed. The
 * caller keeps the list under the parameter limit (a test list is a handful of addresses).
 */
export async function setTesterFlag(db: Db, ids: readonly number[], tester: boolean): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable("subscribers")
    .set({ tester: tester ? 1 : 0 })
    .where("id", "in", ids)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The test list: every subscriber marked as a tester, in id order, whatever their status. */
export async function listTesterRows(db: Db): Promise<SubscriberRow[]> {
  return db.selectFrom("subscribers").selectAll().where("tester", "=", 1).orderBy("id").execute();
}

/**
 * Whether a send started now would reach anyone who is not a tester (an active subscriber not
 * on the test list). One indexed probe, not a count: the list may be long.
 */
export async function hasActiveNonTester(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom("subscribers")
    .select("id")
    .where("status", "=", "active")
    .where("tester", "=", 0)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
