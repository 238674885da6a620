/**
 * Bounces and complaints: the suppression policy (policy.ts, streak.ts), the webhook
 * (webhook.ts, secret.ts) and mailbox imports of DSNs and ARF complaints (import.ts).
 */
export {
  type BounceImportReport,
  importBounceFile,
  readBounceMailbox,
  type SkippedMessage,
} from "./import.ts";
export { type BounceRecord, recentBounces } from "./list.ts";
export { applyBounceEvents, type BounceCounts, type BounceEvent } from "./policy.ts";
export { isWebhookSecret, rotateWebhookSecret, webhookSecret } from "./secret.ts";
export { type SentDelivery, SOFT_BOUNCE_LIMIT, type SoftBounce, softBounceStreak } from "./streak.ts";
export { eventFromWebhook, receiveWebhookEvents, type WebhookEvent } from "./webhook.ts";
