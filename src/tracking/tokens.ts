import { createHmac, timingSafeEqual } from "node:crypto";
import { readVarint, writeVarint } from "../subscribers/index.ts";

/**
 * The tokens of click redirects (`/r/TOKEN`) and open pixels (`/o/TOKEN.gif`): opaque and short,
 * signed with the installation's link secret (subscribers/links.ts) under their own HMAC label,
 * so no unsubscribe or preferences token is ever one of these, nor the reverse. A click token
 * is base64url(kind, delivery id, link id, 16 bytes of HMAC-SHA256), about 30 characters; the
 * delivery names the issue, the send and the reader, the link a row of that link table.
 * Changing any byte (another link, another delivery) breaks the HMAC.
 */
export type TrackingKind = "click" | "open";

export interface TrackingClaims {
  kind: TrackingKind;
  deliveryId: number;
  /** The link's id in the link table; 0 for an open. */
  linkId: number;
}

const KINDS: Record<TrackingKind, number> = { click: 0x63, open: 0x6f };
const MAC_BYTES = 16;

function mac(secret: string, payload: Buffer): Buffer {
  return createHmac("sha256", secret)
    .update("summa-tracking-v1\0")
    .update(payload)
    .digest()
    .subarray(0, MAC_BYTES);
}

export function signTracking(secret: string, claims: TrackingClaims): string {
  const bytes = [KINDS[claims.kind]];
  writeVarint(bytes, claims.deliveryId);
  if (claims.kind === "click") writeVarint(bytes, claims.linkId);
  const payload = Buffer.from(bytes);
  return Buffer.concat([payload, mac(secret, payload)]).toString("base64url");
}

/** What a genuine token of `kind` claims; null for anything else (malformed, edited, forged, another kind). */
export function verifyTracking(secret: string, token: string, kind: TrackingKind): TrackingClaims | null {
  if (token.length > 100 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const bytes = Buffer.from(token, "base64url");
  // One spelling per token: spare bits in the last character would make another "valid" one.
  if (bytes.toString("base64url") !== token || bytes[0] !== KINDS[kind]) return null;
  const delivery = readVarint(bytes, 1);
  const link = kind === "click" && delivery ? readVarint(bytes, delivery.next) : null;
  const end = kind === "click" ? link?.next : delivery?.next;
  if (!delivery || end === undefined || end + MAC_BYTES !== bytes.length) return null;
  const payload = bytes.subarray(0, end);
  if (!timingSafeEqual(bytes.subarray(end), mac(secret, payload))) return null;
  if (delivery.value === 0 || (kind === "click" && !link?.value)) return null;
  return { kind, deliveryId: delivery.value, linkId: link?.value ?? 0 };
}

/** Where a reader's clicks and opens go, on the public site (`baseUrl` without a trailing slash). */
export function readerTracking(config: { secret: string; baseUrl: string }, deliveryId: number) {
  return {
    clickUrl: (linkId: number) =>
      `${config.baseUrl}/r/${signTracking(config.secret, { kind: "click", deliveryId, linkId })}`,
    openUrl: () =>
      `${config.baseUrl}/o/${signTracking(config.secret, { kind: "open", deliveryId, linkId: 0 })}.gif`,
  };
}
