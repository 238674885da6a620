/**
 * "Three soft bounces in a row", made precise. A pure function of one subscriber's soft
 * bounces and sent deliveries, so the rule is tested without a database.
 *
 * A bounce arrives after the message it is about was sent (SMTP accepted it, then the far end
 * gave up or delayed), so "a delivery recorded as sent since the last bounce" cannot mean
 * success: the next bounced message is itself such a delivery. Instead each bounce is tied to
 * the delivery it is about, and a delivery is a success when no bounce is tied to it:
 *
 * 1. A bounce whose Message-ID is a delivery's is about that delivery. One with a Message-ID
 *    that no delivery has is about another message (a confirmation email, say): tied to none.
 *    One without a Message-ID is about the latest delivery sent at or before it.
 * 2. The streak is the number of distinct bounced messages (a delivery, else a Message-ID,
 *    else the bounce itself) sent after the latest successful delivery. A message's time is
 *    its delivery's sent_at, else the bounce's own time.
 *
 * So an MTA's repeated "delayed" reports about one message count once, and any message that
 * went through (no bounce tied to it) resets the count, in whatever order events arrive.
 * Without Message-IDs, rule 1 assumes a bounce is about the latest message: right for a
 * weekly newsletter, whose bounces arrive within days.
 */

/** One soft bounce event: its time (ISO) and the bounced message's Message-ID ("" unknown). */
export interface SoftBounce {
  id: number;
  at: string;
  messageId: string;
}

/** One delivery recorded as sent (accepted by SMTP), with its Message-ID. */
export interface SentDelivery {
  id: number;
  sentAt: string;
  messageId: string;
}

/** Three soft bounces in a row suppress an address. */
export const SOFT_BOUNCE_LIMIT = 3;

/** "<a.b@host>" and "a.b@host" are one Message-ID. */
function normalId(id: string): string {
  return id
    .trim()
    .replace(/^<(.*)>$/, "$1")
    .trim()
    .toLowerCase();
}

/** How many soft bounces in a row the address has now (rules above). */
export function softBounceStreak(
  bounces: readonly SoftBounce[],
  deliveries: readonly SentDelivery[],
): number {
  const sent = deliveries
    .map((d) => ({ id: d.id, time: Date.parse(d.sentAt), messageId: normalId(d.messageId) }))
    .filter((d) => !Number.isNaN(d.time))
    .sort((a, b) => a.time - b.time);
  const byMessageId = new Map(sent.filter((d) => d.messageId).map((d) => [d.messageId, d]));
  const bouncedDeliveries = new Set<number>();
  const messages: { key: string; time: number }[] = [];
  for (const b of bounces) {
    const messageId = normalId(b.messageId);
    const at = Date.parse(b.at);
    // sent is in time order: the last one at or before the bounce is the latest.
    const delivery = messageId ? byMessageId.get(messageId) : sent.filter((d) => d.time <= at).pop();
    if (delivery) {
      bouncedDeliveries.add(delivery.id);
      messages.push({ key: `delivery ${delivery.id}`, time: delivery.time });
    } else messages.push({ key: messageId ? `message ${messageId}` : `bounce ${b.id}`, time: at });
  }
  const lastSuccess = Math.max(
    Number.NEGATIVE_INFINITY,
    ...sent.filter((d) => !bouncedDeliveries.has(d.id)).map((d) => d.time),
  );
  return new Set(messages.filter((m) => m.time > lastSuccess).map((m) => m.key)).size;
}
