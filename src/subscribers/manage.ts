import {
  type Edition,
  findSubscriberById,
  insertUnsubscribeEvent,
  inTransaction,
  type Store,
  type SubscriberRow,
  type SubscriberStatus,
  sendExists,
  type UnsubscribeVia,
  updateSubscriber,
} from "../store/index.ts";
import { CONFIRM_LINK_TTL_MS, type LinkPurpose, linkSecret, type VerifiedLink, verifyLink } from "./links.ts";
import { queueWelcomeEmail } from "./welcome.ts";

/**
 * What a reader does with a signed link: confirm, unsubscribe, change preferences. The token is
 * the authority (it proves the reader got our email at that address), so these need no login
 * and no CSRF token. Every function returns null for a link that is forged, expired, for
 * another purpose, or for an address no longer on file: the pages answer those alike.
 */
export interface LinkedSubscriber {
  claims: VerifiedLink;
  subscriber: SubscriberRow;
}

/** The subscriber a genuine link names, or null. */
export async function subscriberForLink(
  store: Store,
  token: string,
  purpose: LinkPurpose,
  now = new Date(),
): Promise<LinkedSubscriber | null> {
  const claims = verifyLink(await linkSecret(store), token, purpose, now.getTime());
  if (!claims) return null;
  const subscriber = await findSubscriberById(store.db, claims.subscriberId);
  // The token's HMAC covers the address it was made for: a forged token, or a row whose
  // address changed (or was deleted and its id reused), is not the link's reader.
  if (!subscriber || !claims.isFor(subscriber.email)) return null;
  return { claims, subscriber };
}

/** After an action: the row as it now is, and whether this request changed it. */
export interface ActionResult {
  subscriber: SubscriberRow;
  changed: boolean;
}

async function change(
  store: Store,
  row: SubscriberRow,
  changes: Parameters<typeof updateSubscriber>[2],
  onlyFrom: readonly SubscriberStatus[],
  now: Date,
): Promise<ActionResult> {
  const changed = await updateSubscriber(
    store.db,
    row.id,
    { ...changes, updated_at: now.toISOString() },
    onlyFrom,
  );
  return { subscriber: (await findSubscriberById(store.db, row.id)) ?? row, changed };
}

/** What confirming did: "stale" is a link older than the reader's last unsubscribe. */
export type ConfirmOutcome = "confirmed" | "already-subscribed" | "suppressed" | "stale";

/**
 * Confirms a sign-up: pending (or unsubscribed, signing up again) becomes active, with
 * confirmed_at and consent_at now. Idempotent. A link issued before the reader's last
 * unsubscribe does not undo it. A suppressed address stays suppressed (see resubscribe).
 */
export async function confirmSubscription(
  store: Store,
  token: string,
  now = new Date(),
): Promise<(ActionResult & { outcome: ConfirmOutcome; welcomeQueued?: boolean }) | null> {
  const linked = await subscriberForLink(store, token, "confirm", now);
  if (!linked) return null;
  const row = linked.subscriber;
  if (row.status === "active" || row.status === "paused")
    return { subscriber: row, changed: false, outcome: "already-subscribed" };
  if (row.status === "suppressed") return { subscriber: row, changed: false, outcome: "suppressed" };
  const issuedAt = linked.claims.expires - CONFIRM_LINK_TTL_MS;
  if (row.status === "unsubscribed" && row.unsubscribed_at && Date.parse(row.unsubscribed_at) > issuedAt)
    return { subscriber: row, changed: false, outcome: "stale" };
  const at = now.toISOString();
  const result = await change(
    store,
    row,
    { status: "active", confirmed_at: at, consent_at: at, unsubscribed_at: null },
    ["pending", "unsubscribed"],
    now,
  );
  const confirmed = result.subscriber.status === "active";
  // Only the request that made the change queues the welcome: confirming twice welcomes once.
  const welcomeQueued = confirmed && result.changed && (await queueWelcomeEmail(store, row.id, now));
  return { ...result, outcome: confirmed ? "confirmed" : "already-subscribed", welcomeQueued };
}

/** Statuses that unsubscribing changes; unsubscribed and suppressed stay as they are. */
const UNSUBSCRIBABLE: readonly SubscriberStatus[] = ["active", "paused", "pending"];

/** How an unsubscribe came, for its record: the way, and the send whose email was used. */
export interface UnsubscribeSource {
  /** "link" (one-click or the page's button) unless said otherwise: "mailto" for the mailto address. */
  via?: UnsubscribeVia;
  /** The send the reader's email came from; a link's own is used when absent. */
  sendId?: number | null;
}

/**
 * Unsubscribes with a signed unsubscribe token: RFC 8058 one-click, the page's button, or a
 * mailto request whose subject carries the token (`{ via: "mailto" }`). Idempotent: twice is
 * once, and only the first is recorded, attributed to the send whose email carried the link.
 * Null for a token that does not work.
 */
export async function unsubscribe(
  store: Store,
  token: string,
  now = new Date(),
  source: UnsubscribeSource = {},
): Promise<ActionResult | null> {
  const linked = await subscriberForLink(store, token, "unsubscribe", now);
  if (!linked) return null;
  return unsubscribeRow(store, linked.subscriber, now, {
    via: source.via ?? "link",
    sendId: source.sendId ?? linked.claims.sendId,
  });
}

/**
 * Unsubscribes a subscriber whose identity the caller has already established (the operator, or
 * an inbound request checked another way), recording how and from which send.
 */
export async function unsubscribeSubscriber(
  store: Store,
  subscriberId: number,
  source: UnsubscribeSource & { via: UnsubscribeVia },
  now = new Date(),
): Promise<ActionResult | null> {
  const row = await findSubscriberById(store.db, subscriberId);
  return row ? unsubscribeRow(store, row, now, { via: source.via, sendId: source.sendId ?? null }) : null;
}

/** The status change and its event, in one transaction: an unsubscribe is never counted twice or lost. */
function unsubscribeRow(
  store: Store,
  row: SubscriberRow,
  now: Date,
  source: { via: UnsubscribeVia; sendId: number | null },
): Promise<ActionResult> {
  return inTransaction(store, async (tx) => {
    const result = await change(
      tx,
      row,
      { status: "unsubscribed", unsubscribed_at: now.toISOString() },
      UNSUBSCRIBABLE,
      now,
    );
    if (result.changed) {
      // A link may outlive its send (a cancelled send removed): then the unsubscribe counts for none.
      const sendId =
        source.sendId !== null && (await sendExists(tx.db, source.sendId)) ? source.sendId : null;
      await insertUnsubscribeEvent(tx.db, {
        subscriberId: row.id,
        sendId,
        at: now.toISOString(),
        via: source.via,
      });
    }
    return result;
  });
}

/** What the preferences page can ask for. */
export type PreferenceAction =
  | { action: "edition"; edition: Edition }
  | { action: "pause" }
  | { action: "resume" }
  | { action: "unsubscribe" }
  | { action: "resubscribe" };

/**
 * Applies one preferences form. Resubscribing makes an unsubscribed (or pending, or paused)
 * address active again with consent now: the token shows the reader controls the address,
 * which is all a confirmation email would show. A suppressed address stays suppressed: it
 * was suppressed because mail to it bounced hard or its reader marked an issue as spam, and a
 * link in an old email (forwarded, or opened by someone else) is no proof that either has
 * changed; sending anyway harms delivery to every other reader. The operator can lift it
 * (`summa subscribers add EMAIL --status active`).
 */
export async function changePreferences(
  store: Store,
  token: string,
  request: PreferenceAction,
  now = new Date(),
): Promise<ActionResult | null> {
  const linked = await subscriberForLink(store, token, "preferences", now);
  if (!linked) return null;
  const row = linked.subscriber;
  const at = now.toISOString();
  switch (request.action) {
    case "edition":
      return change(
        store,
        row,
        { edition: request.edition },
        ["active", "paused", "pending", "unsubscribed"],
        now,
      );
    case "pause":
      return change(store, row, { status: "paused" }, ["active"], now);
    case "resume":
      return change(store, row, { status: "active" }, ["paused"], now);
    case "unsubscribe":
      return unsubscribeRow(store, row, now, { via: "preferences", sendId: linked.claims.sendId });
    case "resubscribe":
      return change(
        store,
        row,
        { status: "active", consent_at: at, confirmed_at: row.confirmed_at ?? at, unsubscribed_at: null },
        ["unsubscribed", "pending", "paused"],
        now,
      );
  }
}
