import { randomBytes } from "node:crypto";
import { type SubscriptionEmailKind, subscriptionEmail } from "../formats/render/subscription-email.ts";
import type { NewsletterSettings, SubscriberRow } from "../store/index.ts";
import { CONFIRM_LINK_TTL_MS } from "./links.ts";
import { confirmUrl, type LinkConfig, subscriberLinks } from "./personal-links.ts";

/** One subscription email per address per 10 minutes, whatever the number of sign-ups. */
export const EMAIL_INTERVAL_MS = 10 * 60 * 1000;

/**
 * What became of a sign-up, for logs and tests only (the web answer is the same for all):
 * its email queued, none for a suppressed address, or none because one went out (or waits)
 * within EMAIL_INTERVAL_MS.
 */
export type SignupOutcome = "queued" | "suppressed" | "rate-limited";

/** Which email a row gets, by status; null: none (a suppressed address is never written to). */
export function signupEmailKind(row: Pick<SubscriberRow, "status">): SubscriptionEmailKind | null {
  switch (row.status) {
    case "pending":
    case "unsubscribed":
      return "confirm";
    case "active":
    case "paused":
      return "already-subscribed";
    case "suppressed":
      return null;
  }
}

/**
 * The email a sign-up calls for, as the subscriber's row is now: the confirmation link, or
 * "you are already subscribed" with the preferences link; null for a suppressed address (it
 * bounced or complained, and mailing it again hurts every other reader's delivery). Links are
 * made from `links` (newsletter.site_url), never from a request.
 */
export function buildSignupEmail(
  row: SubscriberRow,
  settings: Pick<NewsletterSettings, "name" | "fromAddress">,
  links: LinkConfig,
  now: Date,
): { raw: string; kind: SubscriptionEmailKind } | null {
  const kind = signupEmailKind(row);
  if (!kind) return null;
  const email = subscriptionEmail({
    kind,
    newsletterName: settings.name || "the newsletter",
    fromAddress: settings.fromAddress,
    to: { email: row.email, name: row.name },
    confirmUrl: kind === "confirm" ? confirmUrl(links, row, now) : undefined,
    preferencesUrl: kind === "confirm" ? undefined : subscriberLinks(links, row).preferencesUrl,
    paused: row.status === "paused",
    linkLifetime: `${Math.round(CONFIRM_LINK_TTL_MS / 86_400_000)} days`,
    now,
    nonce: randomBytes(16).toString("hex"),
  });
  return { raw: email.raw, kind };
}
