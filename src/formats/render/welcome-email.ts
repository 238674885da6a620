import { escapeHtml } from "./html-escape.ts";
import { markdown } from "./markdown-engine.ts";
import { headerText } from "./mime.ts";
import { markdownToText } from "./plain-text.ts";
import { transactionalEmail } from "./transactional-email.ts";

/** The welcome email as Summa ships it: the editor changes it on the desk (/desk/subscribers/welcome). */
export const DEFAULT_WELCOME_BODY = [
  "Thank you for confirming your subscription to {newsletter}.",
  "",
  "Each issue summarizes recent papers and posts, with the summarizer's opinion, highlights first. " +
    "Every past issue is in the archive on our site.",
  "",
  "You can choose the full issue or the highlights only, pause, or unsubscribe at any time " +
    "from the link at the bottom of this email.",
].join("\n");

/** The default subject: "Welcome to {newsletter}". */
export const DEFAULT_WELCOME_SUBJECT = "Welcome to {newsletter}";

export interface WelcomeEmailInput {
  newsletterName: string;
  fromAddress: string;
  to: { email: string; name: string };
  /** One line; `{newsletter}` is replaced by the newsletter's name. */
  subject: string;
  /** Markdown (raw HTML off, links http(s)/mailto only); `{newsletter}` is replaced too. */
  body: string;
  preferencesUrl: string;
  unsubscribeUrl: string;
  /** The sender's postal address for the footer, as in every issue ("" or absent: none). */
  postalAddress?: string;
  now: Date;
  /** Unique per message (the caller's random bytes), so the builder stays pure. */
  nonce: string;
}

/** `{newsletter}` in the editor's text becomes the newsletter's name. */
export function fillWelcomeText(text: string, newsletterName: string): string {
  return text.replaceAll("{newsletter}", newsletterName);
}

/**
 * The welcome email a subscriber gets after confirming: the editor's Markdown as text and as
 * HTML, and a footer with the reader's own preferences and unsubscribe links. Pure; header
 * values go through the MIME helpers (no header injection), the HTML is markdown-it's with raw
 * HTML off, so the editor's text cannot add markup or scripts.
 */
export function welcomeEmail(input: WelcomeEmailInput): { subject: string; raw: string } {
  const subject = headerText(fillWelcomeText(input.subject, input.newsletterName));
  const body = fillWelcomeText(input.body, input.newsletterName);
  const greeting = input.to.name ? `Hello ${input.to.name},` : "Hello,";
  const postal = input.postalAddress?.trim() ?? "";
  const text = [
    greeting,
    "",
    markdownToText(body).trim(),
    "",
    "-- ",
    `Change your subscription: ${input.preferencesUrl}`,
    `Unsubscribe: ${input.unsubscribeUrl}`,
    ...(postal ? [`Our postal address: ${postal}`] : []),
    "",
  ].join("\n");
  const small = `style="margin:0 0 8px;font:14px/1.5 Arial,sans-serif;color:#505b68"`;
  const html = [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:24px;background-color:#ffffff;font:16px/1.5 Georgia,'Times New Roman',serif;color:#1d232b">`,
    `<p>${escapeHtml(greeting)}</p>`,
    markdown.render(body),
    `<hr style="border:0;border-top:1px solid #d0d7de;margin:24px 0">`,
    `<p ${small}><a href="${escapeHtml(input.preferencesUrl)}" style="color:#0b5cad">Change your subscription</a> &middot; <a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#0b5cad">Unsubscribe</a></p>`,
    postal ? `<p ${small}>Our postal address: ${escapeHtml(postal)}</p>` : "",
    "</body></html>",
    "",
  ].join("\n");
  const raw = transactionalEmail({ ...input, subject, kind: "welcome", text, html });
  return { subject, raw };
}
