import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import type { BounceKind } from "../formats/bounces/index.ts";
import {
  type Database,
  insertBounceEvent,
  lockSubscriberForBounce,
  type Store,
  setSoftBounces,
  softBounceHistory,
  subscriberIdByEmail,
  suppressSubscriber,
} from "../store/index.ts";
import { SOFT_BOUNCE_LIMIT, softBounceStreak } from "./streak.ts";

/**
 * The bounce policy, in one place. For each bounce or complaint event:
 *
 * - It is recorded in bounce_events once: its key (a provider's event id, or a DSN's own
 *   Message-ID, with the recipient; else the event's fields) is hashed into a unique column,
 *   so the same event sent or imported again is a duplicate and changes nothing.
 * - An address that is not a subscriber's: the event is recorded and nothing else happens;
 *   it never counts later either (it is tied to no subscriber).
 * - A hard bounce or a complaint suppresses the subscriber (status "suppressed", reason
 *   "hard bounce: <detail>" or "complaint"), whatever its status was: an address that bounces
 *   or complains must not be mailed again by resubscribing through a form.
 * - A soft bounce updates the subscriber's soft_bounces to the streak (streak.ts: soft bounces
 *   in a row, a successful delivery in between resets it); at SOFT_BOUNCE_LIMIT (3) it
 *   suppresses ("3 soft bounces in a row: <detail>").
 * - An already suppressed subscriber keeps its first reason.
 *
 * Delivery sends only to active subscribers and checks again when it claims a row, so
 * setting the status is all suppression needs.
 */

/** One event, from a webhook or a DSN, ready for the policy. */
export interface BounceEvent {
  /** Lowercased. */
  email: string;
  kind: BounceKind;
  source: "webhook" | "dsn";
  detail: string;
  /** ISO 8601 time of the event. */
  at: string;
  /** Message-ID of the message that bounced, "" when unknown. */
  messageId: string;
  /** What identifies the event (hashed for storage): equal keys are one event. */
  key: string;
}

/** What a batch of events did. received = applied + duplicates + unknown. */
export interface BounceCounts {
  received: number;
  /** New events for subscribers, counted by the policy. */
  applied: number;
  /** Subscribers suppressed by this batch (not those suppressed before). */
  suppressed: number;
  /** Events already recorded: ignored. */
  duplicates: number;
  /** New events for addresses that are not subscribers: recorded only. */
  unknown: number;
}

type Outcome = { result: "applied" | "duplicate" | "unknown"; suppressed: boolean };

function eventKey(event: BounceEvent): string {
  return createHash("sha256").update(`${event.source}\n${event.key}`).digest("hex");
}

function reasonFor(event: BounceEvent, streak: number): string {
  if (event.kind === "complaint") return "complaint";
  if (event.kind === "hard") return event.detail ? `hard bounce: ${event.detail}` : "hard bounce";
  const reason = `${streak} soft bounces in a row`;
  return event.detail ? `${reason}: ${event.detail}` : reason;
}

/** Applies one event inside the caller's transaction. */
async function applyOne(trx: Transaction<Database>, event: BounceEvent, now: string): Promise<Outcome> {
  const subscriberId = await subscriberIdByEmail(trx, event.email);
  const inserted = await insertBounceEvent(trx, {
    email: event.email,
    kind: event.kind,
    source: event.source,
    detail: event.detail,
    at: event.at,
    event_key: eventKey(event),
    message_id: event.messageId,
    subscriber_id: subscriberId ?? null,
  });
  if (inserted === null) return { result: "duplicate", suppressed: false };
  if (subscriberId === undefined) return { result: "unknown", suppressed: false };
  const subscriber = await lockSubscriberForBounce(trx, subscriberId, now);
  if (subscriber.status === "suppressed") return { result: "applied", suppressed: false };
  let streak = 0;
  if (event.kind === "soft") {
    const history = await softBounceHistory(trx, subscriberId);
    streak = softBounceStreak(history.bounces, history.deliveries);
    await setSoftBounces(trx, subscriberId, streak);
    if (streak < SOFT_BOUNCE_LIMIT) return { result: "applied", suppressed: false };
  }
  // Dated by the event (a report may arrive late), never in the future: the weekly figures use it.
  const at = event.at < now ? event.at : now;
  const suppressed = await suppressSubscriber(trx, subscriberId, reasonFor(event, streak), now, at);
  return { result: "applied", suppressed };
}

/**
 * Applies events in one transaction: all or nothing. They are applied in address order, so
 * two concurrent batches lock subscribers in the same order and cannot deadlock; the order
 * does not change the outcome (the streak is computed from event times).
 */
export async function applyBounceEvents(
  store: Store,
  events: readonly BounceEvent[],
  now = new Date(),
): Promise<BounceCounts> {
  const counts: BounceCounts = {
    received: events.length,
    applied: 0,
    suppressed: 0,
    duplicates: 0,
    unknown: 0,
  };
  if (events.length === 0) return counts;
  const ordered = [...events].sort((a, b) =>
    a.email === b.email ? a.at.localeCompare(b.at) : a.email < b.email ? -1 : 1,
  );
  const stamp = now.toISOString();
  await store.db.transaction().execute(async (trx) => {
    for (const event of ordered) {
      const outcome = await applyOne(trx, event, stamp);
      if (outcome.result === "applied") counts.applied++;
      else if (outcome.result === "duplicate") counts.duplicates++;
      else counts.unknown++;
      if (outcome.suppressed) counts.suppressed++;
    }
  });
  return counts;
}
