import { siteUrlMissing } from "../domain/site-url.ts";
import { type NewsletterSettings, readNewsletterSettings, type Store } from "../store/index.ts";
import { CONFIRM_LINK_TTL_MS, linkSecret, signLink } from "./links.ts";

/**
 * The links an email carries for one reader: unsubscribe (web, one click, and mailto),
 * preferences, and the confirmation link of a sign-up. Made once per message from a LinkConfig
 * loaded once per send, so a worker signs thousands without touching the database.
 */
export interface LinkConfig {
  /** The installation's HMAC secret (links.ts). */
  secret: string;
  /** The public site, without a trailing slash: "https://news.example.org/an" ("" on pages: relative links). */
  baseUrl: string;
  /** Where a mail client sends the mailto unsubscribe message. */
  unsubscribeAddress: string;
}

/** Who a link is for: the row's id and its current address (a changed address voids old links). */
export interface LinkSubscriber {
  id: number;
  email: string;
}

export interface SubscriberLinks {
  /** GET shows a confirm button; POST (RFC 8058 one-click) unsubscribes. */
  unsubscribeUrl: string;
  preferencesUrl: string;
  /** For List-Unsubscribe: mailto with the signed token as its subject. */
  unsubscribeMailto: string;
  /** What a linked survey's link carries (`/surveys/SLUG?t=...`): who answers, signed. */
  surveyToken: string;
}

/**
 * The mailto unsubscribe address: the setting subscribers.unsubscribe_address; else, with a
 * bounce address set, that address tagged "+unsubscribe" (bounces+unsubscribe@bounce.example.org),
 * which reaches `summa inbound` (the bounce domain's MX) and unsubscribes the reader its signed
 * token names; else the sender's address tagged "+unsubscribe" (newsletter+unsubscribe@example.org),
 * which most mail hosts deliver to the sender's own mailbox, for the editor to act on.
 */
export function unsubscribeAddressFrom(settings: {
  fromAddress: string;
  configured: string;
  bounceAddress?: string;
}): string {
  if (settings.configured.trim()) return settings.configured.trim();
  const from = (settings.bounceAddress?.trim() || settings.fromAddress).trim();
  const at = from.lastIndexOf("@");
  if (at <= 0) return from;
  return `${from.slice(0, at).split("+")[0]}+unsubscribe${from.slice(at)}`;
}

/**
 * Whether an email's List-Unsubscribe offers the mailto form besides the https link: only when
 * someone acts on that mail. `summa inbound` reads it once mail.bounce_address is set (the
 * default address is then on the bounce domain), and an operator who names
 * subscribers.unsubscribe_address takes that on; otherwise it would land in the editor's
 * inbox, where requests wait days (RFC 8058 and the providers want them honoured at once).
 */
export function mailtoUnsubscribeIsRead(settings: { configured: string; bounceAddress: string }): boolean {
  return settings.configured.trim() !== "" || settings.bounceAddress.trim() !== "";
}

/**
 * What links in an email need, from the settings. The base URL is newsletter.site_url and
 * nothing else: never the address a request came to, whose Host header is whatever the client
 * wrote (a sign-up sent with "Host: evil.example" would mail a reader a lasting preferences link
 * to evil.example). Without site_url this is config.incomplete, naming the fix.
 */
export async function loadLinkConfig(store: Store, what = "An email with links"): Promise<LinkConfig> {
  const settings = await readNewsletterSettings(store.db);
  if (!settings.siteUrl) throw siteUrlMissing(what);
  return linkConfigFrom(store, settings, settings.siteUrl);
}

/**
 * Links shown on this site's own pages (after confirming, unsubscribing): on site_url when it
 * is set, else relative to the page ("/preferences?t=..."), which stays on whichever site the
 * reader is on. Pages need no absolute address, so they work before site_url is set.
 */
export async function loadPageLinkConfig(store: Store): Promise<LinkConfig> {
  const settings = await readNewsletterSettings(store.db);
  return linkConfigFrom(store, settings, settings.siteUrl);
}

async function linkConfigFrom(
  store: Store,
  settings: NewsletterSettings,
  baseUrl: string,
): Promise<LinkConfig> {
  return {
    secret: await linkSecret(store),
    baseUrl,
    unsubscribeAddress: unsubscribeAddressFrom({
      fromAddress: settings.fromAddress,
      configured: settings.unsubscribeAddress,
      bounceAddress: settings.bounceAddress,
    }),
  };
}

/**
 * A reader's unsubscribe and preferences links; they do not expire (RFC 8058 §3.1 wants them
 * durable). An issue's email passes its send's id, so an unsubscribe is attributed to that send.
 */
export function subscriberLinks(
  config: LinkConfig,
  subscriber: LinkSubscriber,
  sendId: number | null = null,
): SubscriberLinks {
  const claims = { subscriberId: subscriber.id, email: subscriber.email, expires: 0, sendId };
  const unsubscribe = signLink(config.secret, { purpose: "unsubscribe", ...claims });
  const preferences = signLink(config.secret, { purpose: "preferences", ...claims });
  // Never expires on its own: the survey refuses answers once it closes (surveys/links.ts).
  const surveyToken = signLink(config.secret, { purpose: "survey", ...claims, sendId: null });
  return {
    unsubscribeUrl: `${config.baseUrl}/unsubscribe?t=${unsubscribe}`,
    preferencesUrl: `${config.baseUrl}/preferences?t=${preferences}`,
    // Tokens are base64url (and "." in the first format), so they need no escaping in a URL or a Subject.
    unsubscribeMailto: `mailto:${config.unsubscribeAddress}?subject=unsubscribe%20${unsubscribe}`,
    surveyToken,
  };
}

/** The link in a confirmation email, valid for CONFIRM_LINK_TTL_MS (7 days) from `now`. */
export function confirmUrl(config: LinkConfig, subscriber: LinkSubscriber, now = new Date()): string {
  const token = signLink(config.secret, {
    purpose: "confirm",
    subscriberId: subscriber.id,
    email: subscriber.email,
    expires: now.getTime() + CONFIRM_LINK_TTL_MS,
  });
  return `${config.baseUrl}/subscribe/confirm?t=${token}`;
}
