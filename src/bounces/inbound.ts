import { type BounceNotice, parseBounceReport } from "../formats/bounces/index.ts";
import { deliveryForBounce, type Store } from "../store/index.ts";
import { applyBounceEvents, type BounceCounts, type BounceEvent } from "./policy.ts";
import { type BounceAddressing, verpDeliveriesIn } from "./verp.ts";

/**
 * Bounce mail received over SMTP (`summa inbound`), sent to a delivery's VERP address or to the
 * plain bounce address, turned into one policy event (policy.ts), so suppression and dedup stay
 * in one place.
 *
 * - To a genuine VERP address: the report is about that delivery, whatever it names. A DSN with
 *   a failure is a hard or soft bounce by its status, an ARF report a complaint, for the address
 *   the delivery went to, with the delivery's Message-ID (so per-send figures and the soft-bounce
 *   streak tie it to the send). Anything else (an out-of-office reply, a "delivered" report) is
 *   ignored.
 * - To the plain bounce address (the envelope sender of test copies and sign-up emails, and
 *   where a provider's complaint feedback loop may be registered): acted on only if the report
 *   quotes exactly one genuine VERP address (a complaint quotes the original message, Return-Path
 *   included). A report naming only a recipient is not enough: anyone can write one, and the
 *   address it names would be suppressed. Test copies go to the editor, and a sign-up email that
 *   bounces leaves a pending address that is never sent an issue, so little is lost.
 */

/** Who the mail was sent to: a delivery's VERP address, or the plain bounce address. */
export type BounceMailTarget = { deliveryId: number } | "plain";

/** What a received bounce mail did: an event through the policy, or nothing and why. */
export type BounceMailOutcome =
  | { action: "applied"; deliveryId: number; kind: BounceNotice["kind"]; counts: BounceCounts }
  | { action: "ignored"; reason: string };

/** Complaint over hard over soft: a report about one message says its worst. */
const SEVERITY = { complaint: 3, hard: 2, soft: 1 } as const;

/** Reads one received message and applies what it reports (one transaction), or says why not. */
export async function receiveBounceMail(
  store: Store,
  addressing: BounceAddressing,
  target: BounceMailTarget,
  message: string,
  now = new Date(),
): Promise<BounceMailOutcome> {
  let deliveryId: number;
  if (target === "plain") {
    const quoted = verpDeliveriesIn(addressing, message);
    if (quoted.length !== 1)
      return {
        action: "ignored",
        reason:
          quoted.length === 0
            ? "sent to the plain bounce address and quotes no delivery's bounce address"
            : `sent to the plain bounce address and quotes ${quoted.length} deliveries' bounce addresses`,
      };
    deliveryId = quoted[0]!;
  } else deliveryId = target.deliveryId;
  const delivery = await deliveryForBounce(store.db, deliveryId);
  if (!delivery) return { action: "ignored", reason: `delivery ${deliveryId} is not on file` };
  const email = delivery.email.toLowerCase();
  const report = parseBounceReport(message, { recipient: email });
  if (report.type === "skipped")
    return { action: "ignored", reason: `delivery ${deliveryId}: ${report.reason}` };
  if (report.type === "invalid")
    return { action: "ignored", reason: `delivery ${deliveryId}: unreadable report: ${report.problem}` };
  const notice = report.notices.reduce((a, b) => (SEVERITY[b.kind] > SEVERITY[a.kind] ? b : a));
  const event: BounceEvent = {
    email,
    kind: notice.kind,
    source: "dsn",
    detail: notice.detail,
    at: notice.at ?? now.toISOString(),
    messageId: delivery.messageId || notice.messageId,
    key: notice.key,
  };
  const counts = await applyBounceEvents(store, [event], now);
  return { action: "applied", deliveryId, kind: notice.kind, counts };
}
