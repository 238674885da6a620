import type { Kysely } from "kysely";
import type { BounceKind, Database } from "../schema.ts";

type Db = Kysely<Database>;

/** What happened after a send's messages were taken: bounces by kind, complaints, unsubscribes. */
export interface SendAftermath {
  /** Deliveries of the send that bounced hard (at least one hard-bounce event names their Message-ID). */
  hard: number;
  soft: number;
  complaints: number;
  /** Unsubscribes made with a link from this send's emails. */
  unsubscribes: number;
}

/**
 * Counts a send's bounces, complaints and unsubscribes. A bounce or complaint belongs to the
 * delivery whose Message-ID it names (bounce_events.message_id, from a DSN, an ARF report, a
 * webhook or a VERP address); each delivery counts once per kind however many events name it.
 */
export async function sendAftermath(db: Db, sendId: number): Promise<SendAftermath> {
  const [byKind, unsubscribes] = await Promise.all([
    db
      .selectFrom("deliveries")
      .innerJoin("bounce_events", "bounce_events.message_id", "deliveries.message_id")
      .select(["bounce_events.kind as kind", (eb) => eb.fn.count<number>("deliveries.id").distinct().as("n")])
      .where("deliveries.send_id", "=", sendId)
      .where("deliveries.message_id", "!=", "")
      .groupBy("bounce_events.kind")
      .execute(),
    db
      .selectFrom("unsubscribe_events")
      .select((eb) => eb.fn.count<number>("subscriber_id").distinct().as("n"))
      .where("send_id", "=", sendId)
      .executeTakeFirst(),
  ]);
  const count = (kind: BounceKind) => Number(byKind.find((r) => r.kind === kind)?.n ?? 0);
  return {
    hard: count("hard"),
    soft: count("soft"),
    complaints: count("complaint"),
    unsubscribes: Number(unsubscribes?.n ?? 0),
  };
}
