import { escapeHtml } from "./html-escape.ts";
import { transactionalEmail } from "./transactional-email.ts";

/**
 * The emails a sign-up sends, as complete messages (text and HTML, UTF-8 quoted-printable).
 * "confirm": the double opt-in link, for a new, pending or unsubscribed address.
 * "already-subscribed": the address is on the list (active or paused); it gets its preferences
 * link instead, so the form can answer every address alike without mailing a useless link.
 */
export type SubscriptionEmailKind = "confirm" | "already-subscribed";

export interface SubscriptionEmailInput {
  kind: SubscriptionEmailKind;
  newsletterName: string;
  fromAddress: string;
  to: { email: string; name: string };
  /** The confirmation link (kind "confirm"). */
  confirmUrl?: string;
  /** The preferences link (kind "already-subscribed"). */
  preferencesUrl?: string;
  /** An already-subscribed address whose delivery is paused. */
  paused?: boolean;
  /** How long the confirmation link works, for the text ("7 days"). */
  linkLifetime?: string;
  now: Date;
  /** Unique per message (the caller's random bytes), so the builder stays pure. */
  nonce: string;
}

export interface SubscriptionEmail {
  subject: string;
  /** The whole RFC 5322 message, CRLF line endings. */
  raw: string;
}

interface Body {
  subject: string;
  lead: string;
  button: { label: string; url: string };
  after: string;
}

function body(input: SubscriptionEmailInput): Body {
  const list = input.newsletterName;
  if (input.kind === "confirm")
    return {
      subject: `Confirm your subscription to ${list}`,
      lead: `Please confirm that you want to receive ${list} at ${input.to.email}.`,
      button: { label: "Confirm my subscription", url: input.confirmUrl ?? "" },
      after: `The link works for ${input.linkLifetime ?? "7 days"}. If you did not ask to subscribe, ignore this email: without a confirmation you will not hear from us again.`,
    };
  return {
    subject: `You are already subscribed to ${list}`,
    lead: input.paused
      ? `Someone, probably you, asked to subscribe ${input.to.email} to ${list}. This address is already on the list, with delivery paused; nothing has changed.`
      : `Someone, probably you, asked to subscribe ${input.to.email} to ${list}. This address is already subscribed; nothing has changed.`,
    button: {
      label: input.paused ? "Resume or change my subscription" : "Change my subscription",
      url: input.preferencesUrl ?? "",
    },
    after: "On that page you can choose the full issue or the highlights only, pause, or unsubscribe.",
  };
}

function textPart(greeting: string, b: Body): string {
  return [greeting, "", b.lead, "", `${b.button.label}:`, b.button.url, "", b.after, ""].join("\n");
}

function htmlPart(greeting: string, b: Body): string {
  const p = `style="margin:0 0 16px;font:16px/1.5 Georgia,'Times New Roman',serif;color:#1d232b"`;
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(b.subject)}</title></head>`,
    `<body style="margin:0;padding:24px;background-color:#ffffff">`,
    `<p ${p}>${escapeHtml(greeting)}</p>`,
    `<p ${p}>${escapeHtml(b.lead)}</p>`,
    `<p ${p}><a href="${escapeHtml(b.button.url)}" style="display:inline-block;padding:12px 20px;background-color:#0b5cad;color:#ffffff;font:600 16px/1 Arial,sans-serif;text-decoration:none;border-radius:6px">${escapeHtml(b.button.label)}</a></p>`,
    `<p ${p}>Or open this address: <a href="${escapeHtml(b.button.url)}" style="color:#0b5cad;word-break:break-all">${escapeHtml(b.button.url)}</a></p>`,
    `<p style="margin:0;font:14px/1.5 Arial,sans-serif;color:#505b68">${escapeHtml(b.after)}</p>`,
    "</body></html>",
    "",
  ].join("\n");
}

/**
 * The message for one sign-up. Every header value goes through the MIME helpers, which remove
 * control characters and encode non-ASCII text, so no name or newsletter name can add a header;
 * every value in the HTML part is escaped.
 */
export function subscriptionEmail(input: SubscriptionEmailInput): SubscriptionEmail {
  const b = body(input);
  const greeting = input.to.name ? `Hello ${input.to.name},` : "Hello,";
  const text = textPart(greeting, b);
  const html = htmlPart(greeting, b);
  const raw = transactionalEmail({ ...input, subject: b.subject, kind: "subscription", text, html });
  return { subject: b.subject, raw };
}
