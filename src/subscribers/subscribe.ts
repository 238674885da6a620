import { isBlockedAddress, parseBlockedDomains } from "../domain/blocklist.ts";
import { SummaError } from "../domain/errors.ts";
import { siteUrlMissing } from "../domain/site-url.ts";
import { invalid, type SubscribeRequest, validateSubscription } from "../domain/subscriber-input.ts";
import {
  addPendingSubscriber,
  claimConfirmationEmail,
  enqueueSignupEmail,
  findSubscriber,
  inTransaction,
  readNewsletterSettings,
  type Store,
} from "../store/index.ts";
import { EMAIL_INTERVAL_MS, type SignupOutcome, signupEmailKind } from "./confirmation.ts";
import { type RateLimit, takeRateSlot } from "./rate-limit.ts";

export { type SubscribeRequest, validateSubscription } from "../domain/subscriber-input.ts";

/** Sign-ups the form accepts per client (IP address) per hour. */
export const SIGNUP_LIMIT: RateLimit = { limit: 5, windowMs: 60 * 60 * 1000 };

export interface SubscribeContext {
  /** The client's address, for the per-client limit ("203.0.113.7"). */
  client: string;
  now?: Date;
}

/**
 * A reader asks to subscribe: the address is checked (syntax, control characters, the blocked
 * domains), the client's hourly limit taken, and in one transaction the address recorded as
 * pending unless already known and the email its status calls for queued (signup_emails; the
 * sign-up mailer sends it). Nothing is sent here, so a new, a suppressed and a recently mailed
 * address take the same few statements and answer in the same time: the answer, and how long
 * it takes, must not tell anyone who is on the list. The outcome is for logs and tests only.
 * Errors: config.incomplete (newsletter.site_url unset: the email's links would have no
 * trustworthy address), input.invalid (the field to fix), auth.rate_limited (this client).
 */
export async function requestSubscription(
  store: Store,
  request: SubscribeRequest,
  ctx: SubscribeContext,
): Promise<SignupOutcome> {
  const now = ctx.now ?? new Date();
  const settings = await readNewsletterSettings(store.db);
  if (!settings.siteUrl) throw siteUrlMissing("Signing up (the confirmation email's link)");
  const { email, name, edition } = validateSubscription(request);
  const blocked = parseBlockedDomains(settings.blockedDomains);
  if (isBlockedAddress(email, blocked))
    throw invalid(
      "email",
      `Addresses at ${email.slice(email.lastIndexOf("@") + 1)} cannot subscribe to this newsletter.`,
    );
  if (!(await takeRateSlot(store, { prefix: "subscribe:client:", id: ctx.client }, SIGNUP_LIMIT, now)))
    throw new SummaError(
      "auth.rate_limited",
      "Too many sign-ups from your network in the last hour. Please try again later.",
      {
        retryAfterSeconds: SIGNUP_LIMIT.windowMs / 1000,
      },
    );
  const at = now.toISOString();
  const since = new Date(now.getTime() - EMAIL_INTERVAL_MS).toISOString();
  return inTransaction(store, async (tx) => {
    // A known address keeps its edition: the form never changes a subscriber it cannot identify.
    await addPendingSubscriber(tx.db, { email, name, edition, source: request.source ?? "web", now: at });
    const row = await findSubscriber(tx.db, email);
    if (!row) throw new Error(`subscriber ${email} vanished after insert`);
    if (!signupEmailKind(row)) return "suppressed";
    if (!(await claimConfirmationEmail(tx.db, row.id, at, since))) return "rate-limited";
    await enqueueSignupEmail(tx.db, row.id, at);
    return "queued";
  });
}
