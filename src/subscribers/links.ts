import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getOrCreateSecret, type Store } from "../store/index.ts";

/**
 * Signed links in emails: confirm a subscription, unsubscribe in one click, open one's
 * preferences. A link carries what it does, for whom, and until when, signed with HMAC-SHA256
 * under a secret generated on first use and kept in the database (so every web and worker
 * process of one installation agrees, and no configuration is needed).
 */
export type LinkPurpose = "confirm" | "unsubscribe" | "preferences";

/** Confirmation links expire; unsubscribe and preferences links work as long as the address is on file (RFC 8058 wants them durable). */
export const CONFIRM_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const SECRET_KEY = "security.link_secret";

export interface LinkClaims {
  purpose: LinkPurpose;
  subscriberId: number;
  /** The address the link was made for: a link stops working if the row's address changes. */
  email: string;
  /** Epoch milliseconds, or 0 for never. */
  expires: number;
}

/** The installation's link secret (made on first use). */
export function linkSecret(store: Store): Promise<string> {
  return getOrCreateSecret(store.db, SECRET_KEY, () => randomBytes(32).toString("base64url"));
}

function mac(secret: string, payload: string): Buffer {
  return createHmac("sha256", secret).update(payload).digest();
}

/** A URL-safe token: base64url(JSON claims) + "." + base64url(HMAC). */
export function signLink(secret: string, claims: LinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify([claims.purpose, claims.subscriberId, claims.email, claims.expires]),
  ).toString("base64url");
  return `${payload}.${mac(secret, payload).toString("base64url")}`;
}

/**
 * The claims of a genuine, unexpired token made for `purpose`, or null (forged, altered,
 * expired, malformed or for another purpose): callers answer all of these the same way.
 */
export function verifyLink(
  secret: string,
  token: string,
  purpose: LinkPurpose,
  now = Date.now(),
): LinkClaims | null {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined || token.length > 2048) return null;
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const [p, id, email, expires] = JSON.parse(
      Buffer.from(payload, "base64url").toString("utf8"),
    ) as unknown[];
    if (p !== purpose || typeof id !== "number" || typeof email !== "string" || typeof expires !== "number")
      return null;
    if (expires !== 0 && expires < now) return null;
    return { purpose, subscriberId: id, email, expires };
  } catch {
    return null;
  }
}
