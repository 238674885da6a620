import { SummaError } from "../domain/errors.ts";
import {
  DEFAULT_RETRY,
  decideFailure,
  describeFailure,
  type MailTransport,
  type RetryPolicy,
  smtpFailure,
} from "../mail/index.ts";
import {
  claimSignupEmails,
  deleteSignupEmail,
  findSubscriberById,
  readNewsletterSettings,
  releaseConfirmationEmail,
  retrySignupEmail,
  type SignupEmailRow,
  type Store,
} from "../store/index.ts";
import { buildSignupEmail } from "./confirmation.ts";
import { type LinkConfig, loadLinkConfig } from "./personal-links.ts";
import { buildWelcomeEmail, loadWelcomeTemplate, type WelcomeTemplate } from "./welcome.ts";

/**
 * The sign-up mailer: sends the emails sign-ups queue (signup_emails), and the welcome email a
 * confirmation queues there (kind "welcome", subscribers/welcome.ts), so the request never
 * waits for SMTP. Rows stay in the table until the server takes the message or refuses it for
 * good, so a restart loses nothing; a 4xx or a connection failure is retried with the delivery
 * worker's backoff (30 s, 2 min, 8 min, ... 8 attempts). Each claim is a lease, so several
 * processes on one database never send the same email twice, and one that dies lets go.
 */
export interface SignupMailerOptions {
  /** The operator's log: rows by id, never addresses. */
  log: (line: string) => void;
  /** How often to look for due emails when nobody woke the mailer (default 1000 ms). */
  pollMs?: number;
  /** How long a claim lasts (default 60 s): a mailer that died mid-send lets go after it. */
  leaseMs?: number;
  retry?: RetryPolicy;
  /** Emails taken per claim (default 10). */
  batch?: number;
  now?: () => Date;
}

/** What one pass did: sent, to be retried, failed for good, dropped (no longer wanted). */
export interface SignupMailerPass {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  dropped: number;
}

export interface SignupMailer {
  /** Look now (a sign-up was just queued) rather than at the next poll. */
  wake(): void;
  /** Finishes the email in hand and stops. */
  stop(): Promise<void>;
}

/** Sends what is due once; returns what it did. Without newsletter.site_url, takes nothing. */
export async function sendDueSignupEmails(
  store: Store,
  mail: MailTransport,
  options: SignupMailerOptions,
): Promise<SignupMailerPass> {
  const pass: SignupMailerPass = { claimed: 0, sent: 0, retried: 0, failed: 0, dropped: 0 };
  const clock = options.now ?? (() => new Date());
  let links: LinkConfig;
  try {
    links = await loadLinkConfig(store, "A sign-up email");
  } catch (err) {
    // Cleared since the sign-up: the emails wait, untouched, until the address is set again.
    if (err instanceof SummaError && err.code === "config.incomplete") return pass;
    throw err;
  }
  const settings = await readNewsletterSettings(store.db);
  const now = clock();
  const rows = await claimSignupEmails(store.db, store.dialect, {
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + (options.leaseMs ?? 60_000)).toISOString(),
    limit: options.batch ?? 10,
  });
  pass.claimed = rows.length;
  const welcome = rows.some((r) => r.kind === "welcome") ? await loadWelcomeTemplate(store) : null;
  for (const queued of rows)
    pass[await sendOne(store, mail, queued, { settings, links, welcome, options, clock })]++;
  return pass;
}

async function sendOne(
  store: Store,
  mail: MailTransport,
  queued: SignupEmailRow,
  ctx: {
    settings: Awaited<ReturnType<typeof readNewsletterSettings>>;
    links: LinkConfig;
    welcome: WelcomeTemplate | null;
    options: SignupMailerOptions;
    clock: () => Date;
  },
): Promise<"sent" | "retried" | "failed" | "dropped"> {
  // The row as it is now: it may have been suppressed, or have confirmed, since the sign-up.
  const row = await findSubscriberById(store.db, queued.subscriber_id);
  const email = !row
    ? null
    : queued.kind === "welcome"
      ? ctx.welcome && buildWelcomeEmail(row, ctx.welcome, ctx.settings, ctx.links, ctx.clock())
      : buildSignupEmail(row, ctx.settings, ctx.links, ctx.clock());
  if (!row || !email) {
    await deleteSignupEmail(store.db, queued.id, queued.kind);
    return "dropped";
  }
  try {
    // Bounces go to the plain bounce address when one is set: out of the editor's inbox, and
    // acted on only when tied to a delivery (src/bounces/inbound.ts); a pending address that
    // bounces is never mailed an issue anyway.
    const from = ctx.settings.bounceAddress || ctx.settings.fromAddress;
    await mail.sendRaw({ from, to: row.email, raw: email.raw });
    await deleteSignupEmail(store.db, queued.id, queued.kind);
    return "sent";
  } catch (err) {
    const failure = smtpFailure(err);
    const reply = describeFailure(failure);
    const decision = decideFailure(ctx.options.retry ?? DEFAULT_RETRY, failure, queued.attempts);
    if (decision.retry) {
      const next = new Date(ctx.clock().getTime() + decision.delayMs).toISOString();
      await retrySignupEmail(store.db, queued.id, { nextAttemptAt: next, error: reply });
      ctx.options.log(
        `sign-up email to subscriber #${row.id} failed (attempt ${queued.attempts}), retrying at ${next}: ${reply}`,
      );
      return "retried";
    }
    // Given up: the claim goes back too, so the reader may sign up again at once.
    await deleteSignupEmail(store.db, queued.id, queued.kind);
    if (queued.kind === "signup") await releaseConfirmationEmail(store.db, row.id, queued.requested_at);
    ctx.options.log(
      `sign-up email to subscriber #${row.id} failed for good after ${queued.attempts} attempt(s): ${reply}`,
    );
    return "failed";
  }
}

/**
 * Runs the mailer until stop(): a pass whenever woken or every pollMs, straight on while
 * passes find work. A pass that throws (the database away for a moment) is logged and retried
 * at the next poll.
 */
export function startSignupMailer(
  store: Store,
  mail: MailTransport,
  options: SignupMailerOptions,
): SignupMailer {
  let stopped = false;
  let woken = false;
  let interrupt: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      woken = false;
      try {
        if ((await sendDueSignupEmails(store, mail, options)).claimed > 0) continue;
      } catch (err) {
        options.log(`sign-up mailer: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (stopped || woken) continue;
      await pause(options.pollMs ?? 1000);
      interrupt = null;
    }
  })();
  return {
    wake() {
      woken = true;
      interrupt?.();
    },
    async stop() {
      stopped = true;
      interrupt?.();
      await loop;
    },
  };
}
