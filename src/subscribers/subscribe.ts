import { isBlockedAddress, parseBlockedDomains } from "../domain/blocklist.ts";
import { SummaError } from "../domain/errors.ts";
import { invalid, type SubscribeRequest, validateSubscription } from "../domain/subscriber-input.ts";
import { addPendingSubscriber, findSubscriber, readNewsletterSettings, type Store } from "../store/index.ts";
import { type EmailContext, type EmailOutcome, sendSubscriptionEmail } from "./confirmation.ts";
import { type RateLimit, takeRateSlot } from "./rate-limit.ts";

export { type SubscribeRequest, validateSubscription } from "../domain/subscriber-input.ts";

/** Sign-ups the form accepts per client (IP address) per hour. */
export const SIGNUP_LIMIT: RateLimit = { limit: 5, windowMs: 60 * 60 * 1000 };

export interface SubscribeContext extends Omit<EmailContext, "now"> {
  /** The client's address, for the per-client limit ("203.0.113.7"). */
  client: string;
  now?: Date;
}

/**
 * A reader asks to subscribe: the address is checked (syntax, control characters, the blocked
 * domains), the client's hourly limit taken, the address recorded as pending unless already
 * known, and the email its status calls for sent (sendSubscriptionEmail). The outcome is for
 * logs and tests only: whether the address was already on the list must not show in the
 * answer, or the form would tell anyone who subscribes to what. Errors: input.invalid (the
 * field to fix) and auth.rate_limited (this client, whatever the address).
 */
export async function requestSubscription(
  store: Store,
  request: SubscribeRequest,
  ctx: SubscribeContext,
): Promise<EmailOutcome> {
  const now = ctx.now ?? new Date();
  const { email, name } = validateSubscription(request);
  const blocked = parseBlockedDomains((await readNewsletterSettings(store.db)).blockedDomains);
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
  await addPendingSubscriber(store.db, {
    email,
    name,
    source: request.source ?? "web",
    now: now.toISOString(),
  });
  const row = await findSubscriber(store.db, email);
  if (!row) throw new Error(`subscriber ${email} vanished after insert`);
  return sendSubscriptionEmail(store, row, { ...ctx, now });
}
