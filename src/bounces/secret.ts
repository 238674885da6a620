import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { getOrCreateSecret, replaceSecret, type Store } from "../store/index.ts";

/**
 * The shared secret bounce webhooks authenticate with (`Authorization: Bearer <secret>`).
 * Made on first use and kept in the settings table (never shown by `summa settings`), so every
 * web process of one installation agrees; `summa bounces webhook-secret` shows or rotates it.
 */
const SECRET_KEY = "delivery.webhook_secret";

const newSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

/** The installation's webhook secret (made on first use). */
export function webhookSecret(store: Store): Promise<string> {
  return getOrCreateSecret(store.db, SECRET_KEY, newSecret);
}

/** Replaces the secret with a new one, which it returns: the old one stops working at once. */
export async function rotateWebhookSecret(store: Store): Promise<string> {
  const secret = newSecret();
  await replaceSecret(store.db, SECRET_KEY, secret);
  return secret;
}

/**
 * Whether `given` is the secret. Both sides are hashed first, so the comparison takes the
 * same time whatever the given value's length, and timingSafeEqual never sees unequal lengths.
 */
export async function isWebhookSecret(store: Store, given: string): Promise<boolean> {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  const expected = await webhookSecret(store);
  return timingSafeEqual(digest(given), digest(expected)) && given.length > 0;
}
