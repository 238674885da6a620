import type { Kysely } from "kysely";
import type { Database, UnsubscribeVia } from "../schema.ts";

type Db = Kysely<Database>;

/** Records one unsubscribe (in the transaction that changed the subscriber's status). */
export async function insertUnsubscribeEvent(
  db: Db,
  event: { subscriberId: number; sendId: number | null; at: string; via: UnsubscribeVia },
): Promise<void> {
  await db
    .insertInto("unsubscribe_events")
    .values({ subscriber_id: event.subscriberId, send_id: event.sendId, at: event.at, via: event.via })
    .execute();
}

/** Whether a send with this id exists (a link may name a send since removed). */
export async function sendExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom("sends").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}
