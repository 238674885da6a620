import { unsubscribeTokenIn } from "../formats/bounces/index.ts";
import type { Store } from "../store/index.ts";
import { unsubscribe } from "./manage.ts";

/**
 * A message to the List-Unsubscribe mailto address (received by `summa inbound`): the signed
 * token in its Subject unsubscribes its reader through the same function as the one-click web
 * link. A message without a genuine token changes nothing, whoever its From says it is: From is
 * whatever the sender typed, so honouring it would let anyone unsubscribe anyone. Such mail is
 * logged for the operator instead.
 */
export type UnsubscribeMailOutcome =
  | { action: "unsubscribed" | "unchanged"; subscriberId: number }
  | { action: "ignored"; reason: string };

/** Reads one request and applies it; idempotent, like the web link. */
export async function receiveUnsubscribeMail(
  store: Store,
  message: string,
  now = new Date(),
): Promise<UnsubscribeMailOutcome> {
  const token = unsubscribeTokenIn(message);
  if (!token) return { action: "ignored", reason: 'no "unsubscribe <token>" in its Subject' };
  // Recorded as a mailto unsubscribe, for the send the token names (the numbers count them apart).
  const result = await unsubscribe(store, token, now, { via: "mailto" });
  if (!result)
    return {
      action: "ignored",
      reason: "its token is not genuine (forged, cut off, or for an address no longer on file)",
    };
  return { action: result.changed ? "unsubscribed" : "unchanged", subscriberId: result.subscriber.id };
}
