/**
 * Bounces and complaints: the suppression policy (policy.ts, streak.ts), the webhook
 * (webhook.ts, secret.ts), mailbox imports of DSNs and ARF complaints (import.ts), per-delivery
 * bounce addresses (verp.ts) and bounce mail received over SMTP (inbound.ts).
 */
export {
  type BounceImportReport,
  importBounceFile,
  readBounceMailbox,
  type SkippedMessage,
} from "./import.ts";
export { type BounceMailOutcome, type BounceMailTarget, receiveBounceMail } from "./inbound.ts";
export { type BounceRecord, recentBounces } from "./list.ts";
export { applyBounceEvents, type BounceCounts, type BounceEvent } from "./policy.ts";
export { isWebhookSecret, rotateWebhookSecret, webhookSecret } from "./secret.ts";
export { type SentDelivery, SOFT_BOUNCE_LIMIT, type SoftBounce, softBounceStreak } from "./streak.ts";
export {
  type BounceAddressing,
  bounceAddressing,
  loadBounceAddressing,
  MAX_BOUNCE_LOCAL_PART,
  readBounceAddress,
  verpAddress,
  verpDeliveriesIn,
  verpSecret,
} from "./verp.ts";
export { eventFromWebhook, receiveWebhookEvents, type WebhookEvent } from "./webhook.ts";
