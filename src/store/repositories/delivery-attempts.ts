import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";

type Db = Kysely<Database>;

/** One SMTP attempt's result: sent (with the reply and Message-ID), retry later, or failed for good. */
export type AttemptOutcome =
  | { outcome: "sent"; reply: string; messageId: string }
  | { outcome: "retry"; reply: string; nextAttemptAt: string }
  | { outcome: "failed"; reply: string };

/** One attempt to record: which delivery, its result, and when it was known. */
export interface AttemptRecord {
  id: number;
  result: AttemptOutcome;
  at: string;
}

type Sent = AttemptRecord & { result: { outcome: "sent"; messageId: string } };
type Refused = AttemptRecord & { result: Exclude<AttemptOutcome, { outcome: "sent" }> };

/**
 * The UPDATE that marks accepted messages sent: one statement for the group, a value per row.
 * Written with the sql tag rather than the query builder: it runs once per message or so, and
 * building and compiling it was a third of a worker's time per message on SQLite.
 */
function markSent(sent: readonly Sent[]) {
  const byId = (value: (r: Sent) => string) =>
    sql`case ${sql.join(
      sent.map((r) => sql`when id = ${r.id} then ${value(r)}`),
      sql` `,
    )} end`;
  return sql`update deliveries set status = 'sent', attempts = attempts + 1, claimed_by = null,
    claimed_until = null, last_reply = ${byId((r) => r.result.reply)},
    message_id = ${byId((r) => r.result.messageId)}, sent_at = ${byId((r) => r.at)}
    where id in (${sql.join(sent.map((r) => r.id))})`;
}

/** The rows of delivery_attempts, as a VALUES list. */
function attemptValues(records: readonly AttemptRecord[]) {
  return sql.join(records.map((r) => sql`(${r.id}, ${r.at}, ${r.result.outcome}, ${r.result.reply})`));
}

/**
 * Records attempts atomically; a worker commits whatever results arrived while its previous
 * commit ran (group commit). An accepted message is recorded on its delivery row alone (status,
 * attempts, the server's reply, Message-ID, sent_at): that row is the last line of its history.
 * A refusal or a connection failure also gets a row in delivery_attempts, the history of what
 * went wrong before the message went out (retries) or instead (failures). Writing a second row
 * for every accepted message would double the work of the commit each lane waits for, to say
 * again what the delivery row says. An accepted message is recorded whoever holds the row now
 * (it was sent: that is the truth); a retry or failure only by the worker still holding it.
 */
export async function recordAttempts(
  db: Db,
  worker: string,
  records: readonly AttemptRecord[],
): Promise<void> {
  const sent = records.filter((r): r is Sent => r.result.outcome === "sent");
  const refused = records.filter((r): r is Refused => r.result.outcome !== "sent");
  if (refused.length === 0) {
    if (sent.length > 0) await markSent(sent).execute(db);
    return;
  }
  await db.transaction().execute(async (trx) => {
    if (sent.length > 0) await markSent(sent).execute(trx);
    for (const { id, result } of refused) {
      await trx
        .updateTable("deliveries")
        .set((eb) => ({
          attempts: eb("attempts", "+", 1),
          claimed_by: null,
          claimed_until: null,
          last_reply: result.reply,
          ...(result.outcome === "retry"
            ? { status: "queued" as const, next_attempt_at: result.nextAttemptAt }
            : { status: "failed" as const }),
        }))
        .where("id", "=", id)
        .where("claimed_by", "=", worker)
        .where("status", "=", "sending")
        .execute();
    }
    await sql`insert into delivery_attempts (delivery_id, at, outcome, reply) values ${attemptValues(refused)}`.execute(
      trx,
    );
  });
}
