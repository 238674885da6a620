import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getOrCreateSecret, type Store } from "../store/index.ts";

/**
 * Signed links in emails: confirm a subscription, unsubscribe in one click, open one's
 * preferences. A link carries what it does, for whom, from which send, and until when, signed
 * with HMAC-SHA256 under a secret generated on first use and kept in the database (so every web
 * and worker process of one installation agrees, and no configuration is needed).
 *
 * The token is opaque and short: base64url of a few bytes (version, purpose, subscriber id,
 * send id, expiry) and 16 bytes of the HMAC, about 30 characters. The address the link was made
 * for is not in it (a forwarded email or a proxy's log shows no address), but it is in the
 * HMAC's input, so a link stops working when the row's address changes: only a caller holding
 * the row can finish checking a token (VerifiedLink.isFor). Tokens of the first format
 * (base64url JSON with the address, "." and the HMAC), in emails already sent, keep working.
 */
export type LinkPurpose = "confirm" | "unsubscribe" | "preferences" | "survey";

/** Confirmation links expire; unsubscribe and preferences links work as long as the address is on file (RFC 8058 wants them durable). */
export const CONFIRM_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const SECRET_KEY = "security.link_secret";

/** What a link is made for (signLink). */
export interface LinkClaims {
  purpose: LinkPurpose;
  subscriberId: number;
  /** The address the link was made for: a link stops working if the row's address changes. */
  email: string;
  /** Epoch milliseconds, or 0 for never. */
  expires: number;
  /** The send whose email carried the link (an issue's delivery), so an unsubscribe is attributed to it. */
  sendId?: number | null;
}

/**
 * A token verifyLink read: genuine in its form, its purpose and its expiry; whether it was made
 * for an address is `isFor(row.email)`, which the caller must ask of the row the id names before
 * trusting it (subscriberForLink does). A forged or altered token is made for no address.
 */
export interface VerifiedLink {
  purpose: LinkPurpose;
  subscriberId: number;
  /** Epoch milliseconds, or 0 for never. */
  expires: number;
  /** The send the link came from; null when none (a sign-up email, a page, an old link). */
  sendId: number | null;
  /** Whether the token was made for this address and signed with this installation's secret. */
  isFor(email: string): boolean;
}

/** The installation's link secret (made on first use). */
export function linkSecret(store: Store): Promise<string> {
  return getOrCreateSecret(store.db, SECRET_KEY, () => randomBytes(32).toString("base64url"));
}

/** The current format's first byte; the first format's tokens have a "." and no version. */
const VERSION = 2;
// Appended only: a purpose's index is in every token already sent.
const PURPOSES: readonly LinkPurpose[] = ["confirm", "unsubscribe", "preferences", "survey"];
/** 128 bits of HMAC-SHA256: forging one takes 2^128 guesses, each a request to the site. */
const MAC_BYTES = 16;
/** A varint of up to 8 bytes holds 56 bits: every id and millisecond time fits. */
const MAX_VARINT_BYTES = 8;

export function writeVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`link field ${value} is not a whole number`);
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Reads a varint at `at`; null when it runs past the end, is too long, or is not minimal. */
export function readVarint(bytes: Buffer, at: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < MAX_VARINT_BYTES && at + i < bytes.length; i++) {
    const b = bytes[at + i]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return b === 0 && i > 0 ? null : { value, next: at + i + 1 };
    scale *= 0x80;
  }
  return null;
}

function mac(secret: string, payload: Buffer, email: string): Buffer {
  return createHmac("sha256", secret)
    .update("summa-link-v2\0")
    .update(payload)
    .update("\0")
    .update(email, "utf8")
    .digest()
    .subarray(0, MAC_BYTES);
}

/** An opaque URL-safe token: base64url(version, purpose, subscriber id, send id, expiry, HMAC). */
export function signLink(secret: string, claims: LinkClaims): string {
  const bytes: number[] = [VERSION, PURPOSES.indexOf(claims.purpose)];
  writeVarint(bytes, claims.subscriberId);
  writeVarint(bytes, claims.sendId ?? 0);
  writeVarint(bytes, claims.expires);
  const payload = Buffer.from(bytes);
  return Buffer.concat([payload, mac(secret, payload, claims.email)]).toString("base64url");
}

/**
 * What a token claims if it is well formed, for `purpose` and unexpired, or null (malformed,
 * for another purpose, expired): callers answer these and a failed isFor the same way. Reads
 * both formats; the first format's is checked whole here (its address is inside).
 */
export function verifyLink(
  secret: string,
  token: string,
  purpose: LinkPurpose,
  now = Date.now(),
): VerifiedLink | null {
  if (token.length > 2048) return null;
  if (token.includes(".")) return verifyFirstFormat(secret, token, purpose, now);
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const bytes = Buffer.from(token, "base64url");
  // One spelling per token: other spare bits in the last character would be another "valid" token.
  if (bytes.toString("base64url") !== token) return null;
  if (bytes.length < 5 + MAC_BYTES || bytes[0] !== VERSION || PURPOSES[bytes[1]!] !== purpose) return null;
  const id = readVarint(bytes, 2);
  const send = id && readVarint(bytes, id.next);
  const expiry = send && readVarint(bytes, send.next);
  if (!id || !send || !expiry || expiry.next + MAC_BYTES !== bytes.length) return null;
  if (expiry.value !== 0 && expiry.value < now) return null;
  const payload = bytes.subarray(0, expiry.next);
  const given = bytes.subarray(expiry.next);
  return {
    purpose,
    subscriberId: id.value,
    expires: expiry.value,
    sendId: send.value || null,
    isFor: (email) => timingSafeEqual(given, mac(secret, payload, email)),
  };
}

/** The first format: base64url(JSON [purpose, id, email, expires]) "." base64url(HMAC of that text). */
function verifyFirstFormat(secret: string, token: string, purpose: LinkPurpose, now: number) {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = createHmac("sha256", secret).update(payload).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const [p, id, email, expires] = JSON.parse(
      Buffer.from(payload, "base64url").toString("utf8"),
    ) as unknown[];
    if (p !== purpose || typeof id !== "number" || typeof email !== "string" || typeof expires !== "number")
      return null;
    if (expires !== 0 && expires < now) return null;
    const link: VerifiedLink = {
      purpose,
      subscriberId: id,
      expires,
      sendId: null,
      isFor: (address) => address === email,
    };
    return link;
  } catch {
    return null;
  }
}
