import { randomBytes } from "node:crypto";
import { SummaError } from "../domain/errors.ts";
import {
  DEFAULT_WELCOME_BODY,
  DEFAULT_WELCOME_SUBJECT,
  welcomeEmail,
} from "../formats/render/welcome-email.ts";
import {
  enqueueWelcomeEmail,
  findEmailTemplate,
  type NewsletterSettings,
  type Store,
  type SubscriberRow,
  saveEmailTemplate,
} from "../store/index.ts";
import { type LinkConfig, subscriberLinks } from "./personal-links.ts";

/**
 * The welcome email a subscriber gets after confirming, written by the editor on the desk.
 * Off until the editor switches it on: Summa never mails readers words nobody on the team has
 * read, and an upgrade does not start sending an email an existing list never got. The form
 * starts from a sensible text (DEFAULT_WELCOME_BODY), so switching it on is one click.
 */

const TEMPLATE = "welcome";
export const MAX_WELCOME_SUBJECT = 200;
export const MAX_WELCOME_BODY = 20_000;

/** The welcome email as the desk shows it and the mailer sends it. */
export interface WelcomeTemplate {
  enabled: boolean;
  subject: string;
  /** Markdown. */
  body: string;
  /** When and by whom it was saved; null: never saved (the built-in text). */
  updatedAt: string | null;
  updatedBy: string;
}

/** The saved welcome email, or the built-in text (switched off) when none was saved. */
export async function loadWelcomeTemplate(store: Store): Promise<WelcomeTemplate> {
  const row = await findEmailTemplate(store.db, TEMPLATE);
  if (!row)
    return {
      enabled: false,
      subject: DEFAULT_WELCOME_SUBJECT,
      body: DEFAULT_WELCOME_BODY,
      updatedAt: null,
      updatedBy: "",
    };
  return {
    enabled: row.enabled === 1,
    subject: row.subject,
    body: row.body,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** Saves the editor's welcome email after checking it; problems name the field. */
export async function saveWelcomeTemplate(
  store: Store,
  input: { enabled: boolean; subject: string; body: string },
  by: string,
  now = new Date(),
): Promise<WelcomeTemplate> {
  const subject = input.subject.trim();
  const body = input.body.replace(/\r\n?/g, "\n").trim();
  if (/[\p{Cc}\u2028\u2029]/u.test(subject))
    throw new SummaError("input.invalid", "The subject must be one line of text", { field: "subject" });
  if (subject === "" || subject.length > MAX_WELCOME_SUBJECT)
    throw new SummaError("input.invalid", `The subject needs 1 to ${MAX_WELCOME_SUBJECT} characters`, {
      field: "subject",
    });
  if (body === "" || body.length > MAX_WELCOME_BODY)
    throw new SummaError("input.invalid", `The text needs 1 to ${MAX_WELCOME_BODY} characters`, {
      field: "body",
    });
  const at = now.toISOString();
  await saveEmailTemplate(store.db, {
    name: TEMPLATE,
    enabled: input.enabled ? 1 : 0,
    subject,
    body,
    updated_at: at,
    updated_by: by,
  });
  return { enabled: input.enabled, subject, body, updatedAt: at, updatedBy: by };
}

/**
 * Queues the welcome email for a subscriber who just confirmed, when it is switched on;
 * returns whether one was queued (the caller wakes the sign-up mailer).
 */
export async function queueWelcomeEmail(
  store: Store,
  subscriberId: number,
  now = new Date(),
): Promise<boolean> {
  if (!(await loadWelcomeTemplate(store)).enabled) return false;
  await enqueueWelcomeEmail(store.db, subscriberId, now.toISOString());
  return true;
}

/**
 * The welcome message for this subscriber as it is now: null when it should not go (no longer
 * active, or the editor switched the email off since it was queued).
 */
export function buildWelcomeEmail(
  row: SubscriberRow,
  template: WelcomeTemplate,
  settings: Pick<NewsletterSettings, "name" | "fromAddress" | "postalAddress">,
  links: LinkConfig,
  now: Date,
): { raw: string } | null {
  if (!template.enabled || row.status !== "active") return null;
  const personal = subscriberLinks(links, row);
  return welcomeEmail({
    newsletterName: settings.name || "the newsletter",
    fromAddress: settings.fromAddress,
    to: { email: row.email, name: row.name },
    subject: template.subject,
    body: template.body,
    preferencesUrl: personal.preferencesUrl,
    unsubscribeUrl: personal.unsubscribeUrl,
    postalAddress: settings.postalAddress,
    now,
    nonce: randomBytes(16).toString("hex"),
  });
}
