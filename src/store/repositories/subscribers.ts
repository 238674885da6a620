import type { Kysely, Selectable } from "kysely";
import type { Database, SubscriberTable } from "../schema.ts";

type Db = Kysely<Database>;
export type SubscriberRow = Selectable<SubscriberTable>;

/**
 * Adds an address as pending unless it is already known, in which case nothing changes (an
 * existing subscriber is never downgraded by someone typing their address in a form).
 * Returns whether a row was added.
 */
export async function addPendingSubscriber(
  db: Db,
  s: { email: string; name: string; source: string; now: string },
): Promise<boolean> {
  const result = await db
    .insertInto("subscribers")
    .values({
      email: s.email,
      name: s.name,
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
