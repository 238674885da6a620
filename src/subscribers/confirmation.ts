import { randomBytes } from "node:crypto";
import { type SubscriptionEmailKind, subscriptionEmail } from "../formats/render/subscription-email.ts";
import type { MailTransport } from "../mail/index.ts";
import { smtpFailure } from "../mail/index.ts";
import {
  claimConfirmationEmail,
  readNewsletterSettings,
  releaseConfirmationEmail,
  type Store,
  type SubscriberRow,
} from "../store/index.ts";
import { CONFIRM_LINK_TTL_MS } from "./links.ts";
import { confirmUrl, loadLinkConfig, subscriberLinks } from "./personal-links.ts";

/** One subscription email per address per 10 minutes, whatever the number of sign-ups. */
export const EMAIL_INTERVAL_MS = 10 * 60 * 1000;

/** What became of a sign-up's email; the web answer is the same for all of them. */
export type EmailOutcome =
  | "confirmation-sent"
  | "already-subscribed-sent"
  | "suppressed"
  | "rate-limited"
  | "no-transport"
  | "send-failed";

export interface EmailContext {
  /** The SMTP transport, or null where SMTP_URL is not configured. */
  mail: MailTransport | null;
  /** The request's origin, for links when newsletter.site_url is not set. */
  origin?: string;
  /** Where problems are reported (the operator's log): never the reader's answer. */
  log: (message: string) => void;
  now: Date;
}

/** Which email a row gets, by status; null: none (a suppressed address is never written to). */
function kindFor(row: SubscriberRow): SubscriptionEmailKind | null {
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
 * Sends the email a sign-up calls for: the confirmation link, or "you are already subscribed"
 * with the preferences link. At most one per address per EMAIL_INTERVAL_MS (claimed in the
 * database first, given back if sending fails). A suppressed address gets nothing: it bounced
 * or complained, and mailing it again hurts every other reader's delivery.
 */
export async function sendSubscriptionEmail(
  store: Store,
  row: SubscriberRow,
  ctx: EmailContext,
): Promise<EmailOutcome> {
  const kind = kindFor(row);
  if (!kind) return "suppressed";
  if (!ctx.mail) {
    const what = kind === "confirm" ? "confirmation email" : "already-subscribed email";
    ctx.log(`SMTP_URL is not set: no ${what} sent to subscriber #${row.id} (${row.status})`);
    return "no-transport";
  }
  const now = ctx.now.toISOString();
  const since = new Date(ctx.now.getTime() - EMAIL_INTERVAL_MS).toISOString();
  if (!(await claimConfirmationEmail(store.db, row.id, now, since))) return "rate-limited";
  try {
    const settings = await readNewsletterSettings(store.db);
    const links = await loadLinkConfig(store, ctx.origin);
    const email = subscriptionEmail({
      kind,
      newsletterName: settings.name || "the newsletter",
      fromAddress: settings.fromAddress,
      to: { email: row.email, name: row.name },
      confirmUrl: kind === "confirm" ? confirmUrl(links, row, ctx.now) : undefined,
      preferencesUrl: kind === "confirm" ? undefined : subscriberLinks(links, row).preferencesUrl,
      paused: row.status === "paused",
      linkLifetime: `${Math.round(CONFIRM_LINK_TTL_MS / 86_400_000)} days`,
      now: ctx.now,
      nonce: randomBytes(16).toString("hex"),
    });
    await ctx.mail.sendRaw({ from: settings.fromAddress, to: row.email, raw: email.raw });
    return kind === "confirm" ? "confirmation-sent" : "already-subscribed-sent";
  } catch (err) {
    await releaseConfirmationEmail(store.db, row.id, now);
    const failure = smtpFailure(err);
    ctx.log(
      `subscription email to subscriber #${row.id} failed: ${failure.code ? `${failure.code} ` : ""}${failure.message}`,
    );
    return "send-failed";
  }
}
