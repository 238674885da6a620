import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getOrCreateSecret, readNewsletterSettings, type Store } from "../store/index.ts";

/**
 * Per-delivery bounce addresses (VERP). With mail.bounce_address set to
 * "bounces@bounce.example.org", the message of delivery 1234 goes out with the envelope sender
 * "bounces+d1234-<16 hex>@bounce.example.org": whatever comes back to that address (a DSN, an
 * auto-reply, a complaint) is about delivery 1234, whether or not the report names the
 * recipient, and without reading the report to find out.
 *
 * The hex is an HMAC of the delivery id under a secret made on first use and kept in the
 * database (like the link secret), so nobody can write to the address of a delivery they did
 * not receive: a forged bounce cannot suppress another reader. The tag is lowercase letters
 * and digits only, since some servers lowercase the addresses they bounce to.
 */

const SECRET_KEY = "mail.verp_secret";

/** 16 hex digits: 64 bits; a forger guessing over SMTP gets one try per round trip. */
const MAC_HEX = 16;

/**
 * The longest local part a bounce address may have: the tag adds "+d", up to 10 digits, "-"
 * and the MAC, and RFC 5321 allows 64 characters before the "@".
 */
export const MAX_BOUNCE_LOCAL_PART = 64 - (2 + 10 + 1 + MAC_HEX);

/** The bounce address split for tagging, with the secret that signs tags. */
export interface BounceAddressing {
  /** "bounces@bounce.example.org", lowercase. */
  address: string;
  /** "bounces". */
  local: string;
  /** "bounce.example.org". */
  domain: string;
  secret: string;
}

/** The installation's VERP secret (made on first use). */
export function verpSecret(store: Store): Promise<string> {
  return getOrCreateSecret(store.db, SECRET_KEY, () => randomBytes(32).toString("base64url"));
}

/** The bounce addressing from a bounce address and the secret; null when no address is set. */
export function bounceAddressing(address: string, secret: string): BounceAddressing | null {
  const clean = address.trim().toLowerCase();
  const at = clean.lastIndexOf("@");
  if (at <= 0) return null;
  return { address: clean, local: clean.slice(0, at), domain: clean.slice(at + 1), secret };
}

/** mail.bounce_address with the secret, or null when the setting is empty (envelope = From). */
export async function loadBounceAddressing(store: Store): Promise<BounceAddressing | null> {
  const { bounceAddress } = await readNewsletterSettings(store.db);
  if (!bounceAddress) return null;
  return bounceAddressing(bounceAddress, await verpSecret(store));
}

function mac(secret: string, deliveryId: number): string {
  return createHmac("sha256", secret).update(`verp\n${deliveryId}`).digest("hex").slice(0, MAC_HEX);
}

/** The envelope sender for one delivery: "bounces+d1234-0123456789abcdef@bounce.example.org". */
export function verpAddress(a: BounceAddressing, deliveryId: number): string {
  return `${a.local}+d${deliveryId}-${mac(a.secret, deliveryId)}@${a.domain}`;
}

/** The delivery a tag ("d1234-0123456789abcdef") names if its MAC is genuine, else null. */
function deliveryOfTag(a: BounceAddressing, tag: string): number | null {
  const m = /^d([1-9]\d{0,9})-([0-9a-f]{16})$/.exec(tag.toLowerCase());
  if (!m) return null;
  const id = Number(m[1]);
  const given = Buffer.from(m[2]!, "utf8");
  const expected = Buffer.from(mac(a.secret, id), "utf8");
  return timingSafeEqual(given, expected) ? id : null;
}

/**
 * What an address is to the bounce addressing: "plain" (the bounce address itself), a genuine
 * delivery's VERP address (its id), "forged" (the bounce address tagged, but not by us), or
 * null (another address). Case-insensitive.
 */
export function readBounceAddress(
  a: BounceAddressing,
  address: string,
): { deliveryId: number } | "plain" | "forged" | null {
  const clean = address.trim().toLowerCase();
  if (clean === a.address) return "plain";
  const at = clean.lastIndexOf("@");
  if (at <= 0 || clean.slice(at + 1) !== a.domain) return null;
  const local = clean.slice(0, at);
  if (!local.startsWith(`${a.local}+`)) return null;
  const id = deliveryOfTag(a, local.slice(a.local.length + 1));
  return id === null ? "forged" : { deliveryId: id };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The deliveries whose genuine VERP addresses appear in a text: a complaint report sent to
 * the plain bounce address quotes the original message, whose Return-Path is one.
 */
export function verpDeliveriesIn(a: BounceAddressing, text: string): number[] {
  const pattern = new RegExp(
    `(?<![\\w.+-])${escapeRegExp(a.local)}\\+(d\\d{1,10}-[0-9a-f]{${MAC_HEX}})@${escapeRegExp(a.domain)}`,
    "gi",
  );
  const found = new Set<number>();
  for (const m of text.matchAll(pattern)) {
    const id = deliveryOfTag(a, m[1]!);
    if (id !== null) found.add(id);
  }
  return [...found];
}
