import type { Kysely, Selectable } from "kysely";
import type { StoreDialect } from "../dialect.ts";
import type { Database, SignupEmailKind, SignupEmailTable } from "../schema.ts";

type Db = Kysely<Database>;
export type SignupEmailRow = Selectable<SignupEmailTable>;

/**
 * Queues a sign-up's email for the subscriber (inside the sign-up's transaction). One waits per
 * subscriber at most: a second sign-up before it is sent adds nothing. Returns whether one was added.
 */
export async function enqueueSignupEmail(db: Db, subscriberId: number, now: string): Promise<boolean> {
  const result = await db
    .insertInto("signup_emails")
    .values({ subscriber_id: subscriberId, requested_at: now, next_attempt_at: now })
    .onConflict((oc) => oc.column("subscriber_id").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Takes up to `limit` due emails for one mailer until `leaseUntil`, counting the attempt: due
 * ones whose time has come and that nobody holds (or whose holder's lease ran out). On
 * PostgreSQL the rows are locked and skipped by other mailers, so two processes never take the same.
 */
export async function claimSignupEmails(
  db: Db,
  dialect: Pick<StoreDialect, "skipLocked">,
  claim: { now: string; leaseUntil: string; limit: number },
): Promise<SignupEmailRow[]> {
  const due = db
    .selectFrom("signup_emails")
    .select("id")
    .where("next_attempt_at", "<=", claim.now)
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", claim.now)]))
    .orderBy("id")
    .limit(claim.limit);
  const rows = await db
    .updateTable("signup_emails")
    .set((eb) => ({ claimed_until: claim.leaseUntil, attempts: eb("attempts", "+", 1) }))
    .where("id", "in", dialect.skipLocked ? due.forUpdate().skipLocked() : due)
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * Queues the welcome email for a subscriber who just confirmed. A sign-up email still waiting
 * for them (a confirmation link, now useless) is replaced: one row per subscriber, and the
 * welcome is the email they need now. A mailer holding the old row sends it and then finds
 * its row changed (deleteSignupEmail matches the kind), so the welcome is not lost.
 */
export async function enqueueWelcomeEmail(db: Db, subscriberId: number, now: string): Promise<void> {
  const fresh = {
    kind: "welcome" as SignupEmailKind,
    requested_at: now,
    next_attempt_at: now,
    attempts: 0,
    claimed_until: null,
    last_error: "",
  };
  await db
    .insertInto("signup_emails")
    .values({ subscriber_id: subscriberId, ...fresh })
    .onConflict((oc) => oc.column("subscriber_id").doUpdateSet(fresh))
    .execute();
}

/** The email is done with: sent, or given up on (unless the row became another kind meanwhile). */
export async function deleteSignupEmail(db: Db, id: number, kind?: SignupEmailKind): Promise<void> {
  let query = db.deleteFrom("signup_emails").where("id", "=", id);
  if (kind) query = query.where("kind", "=", kind);
  await query.execute();
}

/** Hands a claimed email back to be tried again at `nextAttemptAt`, with what went wrong. */
export async function retrySignupEmail(
  db: Db,
  id: number,
  retry: { nextAttemptAt: string; error: string },
): Promise<void> {
  await db
    .updateTable("signup_emails")
    .set({ next_attempt_at: retry.nextAttemptAt, claimed_until: null, last_error: retry.error })
    .where("id", "=", id)
    .execute();
}

/** Emails waiting, in queue order (for the operator and tests). */
export async function listSignupEmails(db: Db): Promise<SignupEmailRow[]> {
  return db.selectFrom("signup_emails").selectAll().orderBy("id").execute();
}
