import {
  findClickTarget,
  findDeliverySend,
  insertEngagement,
  inTransaction,
  type Store,
} from "../store/index.ts";
import { linkSecret } from "../subscribers/index.ts";
import { verifyTracking } from "./tokens.ts";

/**
 * A click on a tracked link: the URL it leads to, counted, or null (a malformed, edited or
 * forged token, a link that is not its delivery's issue's, a delivery since removed). The
 * redirect goes only to a URL of the link table: never where a token says.
 */
export async function followClick(store: Store, token: string, now = new Date()): Promise<string | null> {
  const claims = verifyTracking(await linkSecret(store), token, "click");
  if (!claims) return null;
  const target = await findClickTarget(store.db, claims.deliveryId, claims.linkId);
  if (!target) return null;
  await inTransaction(store, (tx) =>
    insertEngagement(tx.db, {
      sendId: target.sendId,
      deliveryId: claims.deliveryId,
      kind: "click",
      linkId: claims.linkId,
      at: now.toISOString(),
    }),
  );
  return target.url;
}

/** An open pixel's fetch: counted when the token is genuine. Whether it counted (the pixel is served either way). */
export async function countOpen(store: Store, token: string, now = new Date()): Promise<boolean> {
  const claims = verifyTracking(await linkSecret(store), token, "open");
  if (!claims) return false;
  const sendId = await findDeliverySend(store.db, claims.deliveryId);
  if (sendId === undefined) return false;
  await inTransaction(store, (tx) =>
    insertEngagement(tx.db, {
      sendId,
      deliveryId: claims.deliveryId,
      kind: "open",
      linkId: null,
      at: now.toISOString(),
    }),
  );
  return true;
}
