import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";

type Db = Kysely<Database>;

/**
 * Events counted for rate limits, by key ("subscribe:client:203.0.113.7"), in the database so
 * every web process of one installation shares the count.
 */
export async function recordRateEvent(db: Db, key: string, at: string): Promise<void> {
  await db.insertInto("rate_events").values({ key, at }).execute();
}

/** How many events `key` has after `since` (ISO time). */
export async function countRateEvents(db: Db, key: string, since: string): Promise<number> {
  const row = await db
    .selectFrom("rate_events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("key", "=", key)
    .where("at", ">", since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Forgets the events of every key starting with `prefix` at or before `before`. */
export async function deleteRateEventsBefore(db: Db, prefix: string, before: string): Promise<void> {
  await db
    .deleteFrom("rate_events")
    // substr, not LIKE: exact on both databases, whatever the prefix holds.
    .where(sql<string>`substr(key, 1, ${prefix.length})`, "=", prefix)
    .where("at", "<=", before)
    .execute();
}
