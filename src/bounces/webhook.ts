import { cleanDetail } from "../formats/bounces/index.ts";
import type { Store } from "../store/index.ts";
import { applyBounceEvents, type BounceCounts, type BounceEvent } from "./policy.ts";

/**
 * Bounce and complaint webhooks: one documented JSON shape (an ESP's own payload is mapped to
 * it by a small relay, or by the ESP's templating), checked at the edge (src/web/api/bounces.ts)
 * and turned into policy events here.
 */

/** One event as a webhook sends it, already validated. */
export interface WebhookEvent {
  type: "bounce" | "complaint";
  /** For bounces: hard (permanent) or soft (temporary). */
  bounceType?: "hard" | "soft";
  /** Lowercased. */
  email: string;
  /** The provider's event id: the same id (for the same address) is the same event. */
  id?: string;
  /** ISO 8601 with an offset or Z. */
  timestamp: string;
  detail?: string;
  /** Message-ID of the bounced message, as Summa sent it: ties a bounce to its delivery. */
  messageId?: string;
}

/** The policy event for a webhook event. Without an id, the event's fields identify it. */
export function eventFromWebhook(e: WebhookEvent): BounceEvent {
  const kind = e.type === "complaint" ? "complaint" : (e.bounceType ?? "hard");
  const at = new Date(e.timestamp).toISOString();
  const detail = cleanDetail(e.detail ?? "");
  const messageId = (e.messageId ?? "").trim();
  return {
    email: e.email,
    kind,
    source: "webhook",
    detail,
    at,
    messageId,
    key: e.id ? `id|${e.id}|${e.email}` : ["fields", e.email, kind, detail, at, messageId].join("|"),
  };
}

/** Applies a webhook's events (one transaction) and says what they did. */
export function receiveWebhookEvents(
  store: Store,
  events: readonly WebhookEvent[],
  now = new Date(),
): Promise<BounceCounts> {
  return applyBounceEvents(store, events.map(eventFromWebhook), now);
}
