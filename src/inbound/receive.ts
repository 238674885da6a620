import { receiveBounceMail } from "../bounces/index.ts";
import type { Store } from "../store/index.ts";
import { receiveUnsubscribeMail } from "../subscribers/index.ts";
import type { InboundAddresses, InboundRecipient } from "./recipients.ts";

/**
 * One received message for one accepted recipient, handed to the service it is for: bounce
 * mail to the bounce policy (src/bounces/inbound.ts), unsubscribe requests to the same
 * unsubscribe as the web link (src/subscribers/unsubscribe-mail.ts). Returns a line for the log
 * (row ids, no addresses). A store error is thrown: the listener then answers 451 and the
 * sending server tries again later, so a message is never lost before it is committed.
 */
export async function receiveInboundMessage(
  store: Store,
  addresses: InboundAddresses,
  recipient: InboundRecipient,
  message: string,
  now = new Date(),
): Promise<string> {
  if (recipient.kind === "unsubscribe") {
    const outcome = await receiveUnsubscribeMail(store, message, now);
    if (outcome.action === "ignored") return `unsubscribe request ignored: ${outcome.reason}`;
    return outcome.action === "unsubscribed"
      ? `subscriber #${outcome.subscriberId} unsubscribed by mail`
      : `subscriber #${outcome.subscriberId} asked by mail to unsubscribe again (no change)`;
  }
  // Accepted only while a bounce address is set; cleared since RCPT TO: nothing to tie it to.
  if (!addresses.bounces) return "bounce mail ignored: mail.bounce_address is no longer set";
  const outcome = await receiveBounceMail(store, addresses.bounces, recipient.target, message, now);
  if (outcome.action === "ignored") return `bounce mail ignored: ${outcome.reason}`;
  const { counts } = outcome;
  const result =
    counts.duplicates > 0
      ? "already recorded"
      : counts.unknown > 0
        ? "recorded; its address is no longer a subscriber's"
        : counts.suppressed > 0
          ? "the subscriber is suppressed"
          : "recorded";
  return `${outcome.kind === "complaint" ? "complaint" : `${outcome.kind} bounce`} for delivery ${outcome.deliveryId}: ${result}`;
}
