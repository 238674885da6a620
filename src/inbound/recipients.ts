import {
  type BounceAddressing,
  type BounceMailTarget,
  loadBounceAddressing,
  readBounceAddress,
} from "../bounces/index.ts";
import { loadNewsletterSettings } from "../newsletter/index.ts";
import type { Store } from "../store/index.ts";
import { unsubscribeAddressFrom } from "../subscribers/index.ts";

/**
 * Which recipients `summa inbound` takes mail for: the bounce address, its genuine per-delivery
 * (VERP) forms, and the List-Unsubscribe mailto address. Every other recipient is refused at
 * RCPT TO, so the listener relays nothing and stores nothing for anyone else.
 */
export interface InboundAddresses {
  /** null: mail.bounce_address is not set (only unsubscribe requests are taken). */
  bounces: BounceAddressing | null;
  /** The mailto unsubscribe address, lowercase. */
  unsubscribe: string;
}

/** What an accepted recipient is. */
export type InboundRecipient = { kind: "bounce"; target: BounceMailTarget } | { kind: "unsubscribe" };

/** The addresses as the settings say now. */
export async function loadInboundAddresses(store: Store): Promise<InboundAddresses> {
  const settings = await loadNewsletterSettings(store);
  return {
    bounces: await loadBounceAddressing(store),
    unsubscribe: unsubscribeAddressFrom({
      fromAddress: settings.fromAddress,
      configured: settings.unsubscribeAddress,
      bounceAddress: settings.bounceAddress,
    }).toLowerCase(),
  };
}

/**
 * What mail to `address` is, or why it is refused ("forged": the bounce address with a tag
 * that is not ours; "unknown": any other address). Case-insensitive.
 */
export function classifyRecipient(
  addresses: InboundAddresses,
  address: string,
): InboundRecipient | { refused: "forged" | "unknown" } {
  const clean = address.trim().toLowerCase();
  // First: the default unsubscribe address is the bounce address tagged "+unsubscribe".
  if (clean === addresses.unsubscribe) return { kind: "unsubscribe" };
  const read = addresses.bounces ? readBounceAddress(addresses.bounces, clean) : null;
  if (read === null) return { refused: "unknown" };
  if (read === "forged") return { refused: "forged" };
  return { kind: "bounce", target: read };
}
