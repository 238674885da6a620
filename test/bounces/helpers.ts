import type { WebhookEvent } from "../../src/bounces/index.ts";
import { type SubscriberStatus, saveIssueMeta } from "../../src/store/index.ts";
import type { TestStore } from "../helpers/dialects.ts";

/**
 * Data for the bounce tests, written directly: subscribing and sending are other services,
 * and these tests are about what bounces do to the state those leave.
 */

let issues = 1000;

/** A subscriber with this address and status; returns its id. */
export async function addSubscriber(
  store: TestStore,
  email: string,
  status: SubscriberStatus = "active",
): Promise<number> {
  const now = "2024-06-01T00:00:00.000Z";
  const row = await store.db
    .insertInto("subscribers")
    .values({ email, name: "", status, created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A delivery of a new issue to the subscriber, recorded as sent (SMTP accepted it) at `sentAt`. */
export async function addSentDelivery(
  store: TestStore,
  subscriberId: number,
  email: string,
  sentAt: string,
  messageId = "",
): Promise<void> {
  const issue = issues++;
  await saveIssueMeta(store.db, issue, { subject: `Issue ${issue}` });
  const send = await store.db
    .insertInto("sends")
    .values({ issue_number: issue, status: "done", send_at: sentAt, created_at: sentAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  await store.db
    .insertInto("deliveries")
    .values({
      send_id: send.id,
      issue_number: issue,
      subscriber_id: subscriberId,
      email,
      edition: "full",
      status: "sent",
      next_attempt_at: sentAt,
      sent_at: sentAt,
      message_id: messageId,
    })
    .execute();
}

/** The subscriber's status, reason and soft-bounce streak. */
export async function subscriberState(store: TestStore, email: string) {
  return store.db
    .selectFrom("subscribers")
    .select(["status", "suppressed_reason", "soft_bounces"])
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
}

/** A webhook bounce event at day `day` of June 2024 (hour `hour`). */
export function bounce(
  email: string,
  bounceType: "hard" | "soft",
  day: number,
  extra: Partial<WebhookEvent> = {},
  hour = 12,
): WebhookEvent {
  const timestamp = `2024-06-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;
  return { type: "bounce", bounceType, email, timestamp, detail: `${bounceType} on day ${day}`, ...extra };
}

/** An ISO time at day `day` of June 2024 (hour `hour`). */
export function june(day: number, hour = 9): string {
  return `2024-06-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00.000Z`;
}
