import { SummaError } from "../../domain/errors.ts";
import { emailSubjectLine } from "../../domain/issue-subject.ts";
import { EMAIL_TOKEN, PREFERENCES_URL_TOKEN, renderEmailHtml, UNSUBSCRIBE_URL_TOKEN } from "./email-html.ts";
import {
  BODY_TOKENS,
  buildTemplate,
  type MessageTemplate,
  type Slot,
  type Token,
  templateText,
} from "./email-template.ts";
import { safeHref } from "./html-escape.ts";
import { type IssueView, issueViewTitle } from "./issue-view.ts";
import { checkedHeader, listIdValue } from "./list-headers.ts";
import {
  CRLF,
  contentHash,
  encodeHeaderValue,
  foldHeader,
  formatMailbox,
  headerText,
  issueInstant,
  multipartAlternativePieces,
} from "./mime.ts";
import { markToSlot } from "./survey-links.ts";
import { renderIssueText } from "./text.ts";
import { type EmailTracking, trackingSlot, trackLinks } from "./track-links.ts";

export {
  EMAIL_TOKEN,
  EMAIL_TOKENS,
  PREFERENCES_URL_TOKEN,
  TO_TOKEN,
  UNSUBSCRIBE_MAILTO_TOKEN,
  UNSUBSCRIBE_URL_TOKEN,
} from "./email-html.ts";

export interface EmailOptions {
  /** The sender's address: "newsletter@example.org". */
  fromAddress: string;
  /** The sender's display name; the newsletter's name when absent. */
  fromName?: string;
  /** The public database of every summary, for the footers; the newsletter's databaseUrl when absent. */
  databaseUrl?: string;
  /**
   * The Date header. The issue's date (midnight UTC) when absent; with neither, the header is
   * left out for the submission server to add (RFC 6409 §8.1), which keeps output deterministic.
   */
  date?: Date;
  /** The sender's postal address (CAN-SPAM), a line of both footers; left out when absent or "". */
  postalAddress?: string;
  /** The list's id for List-Id (the setting mail.list_id); else made from the name and the From domain. */
  listId?: string;
  /** Gmail's Feedback-ID value (list-headers.ts feedbackIdValue); no header when absent. */
  feedbackId?: string;
  /**
   * Whether List-Unsubscribe offers the mailto form too (default true): false when nobody reads
   * that mailbox (subscribers/personal-links.ts mailtoUnsubscribeIsRead), leaving the https link.
   */
  mailtoUnsubscribe?: boolean;
  /** Click redirects and the open pixel (track-links.ts); absent: no link is rewritten, no pixel. */
  tracking?: EmailTracking;
}

/**
 * `[AN #53]: Subject` (AN's own form); without a subject, its highlights' titles; with neither,
 * `[AN #53] Newsletter name`. A label typed into the subject is not repeated.
 */
export function emailSubject(view: IssueView): string {
  return emailSubjectLine(view.label, headerText(issueViewTitle(view)), view.newsletter.name);
}

/** Where the issue can be read on the web: its archive page, else where it was published. */
export function issueWebUrl(view: IssueView): string | undefined {
  const archive = safeHref(view.newsletter.archiveUrl ?? "");
  if (archive) return `${archive.replace(/\/+$/, "")}/issues/${view.meta.number}`;
  return safeHref(view.meta.url) ?? undefined;
}

/** The text part's footer: the same links as the HTML footer, written out. */
export function emailTextFooter(view: IssueView, databaseUrl?: string, postalAddress?: string): string {
  const db = safeHref(databaseUrl ?? "");
  const postal = postalAddress?.trim();
  return [
    // "-- " (with its space) is the signature separator mail clients recognise and fold away.
    "-- ",
    `This email was sent to ${EMAIL_TOKEN} because you subscribed to the ${view.newsletter.name}.`,
    `Update your preferences: <${PREFERENCES_URL_TOKEN}>`,
    `Unsubscribe: <${UNSUBSCRIBE_URL_TOKEN}>`,
    ...(db ? [`Every summary the newsletter has published: <${db}>`] : []),
    ...(postal ? [`Our postal address: ${postal}`] : []),
  ].join("\n");
}

/**
 * The issue as a complete Internet message (RFC 5322, MIME): a multipart/alternative with a
 * text/plain part (renderIssueText plus a footer) and a text/html part (renderEmailHtml), both
 * UTF-8 quoted-printable, CRLF line endings. To and the footer links are placeholder tokens for
 * the sending system. Pure and deterministic: the Message-ID and the MIME boundary are hashes
 * of the content, the Date comes from the issue, so the same view gives the same bytes.
 */
export function renderIssueEmail(view: IssueView, options: EmailOptions): string {
  return templateText(renderIssueEmailTemplate(view, options));
}

/** The parts of the issue's email before MIME encoding, reader values as `{{token}}` placeholders. */
export interface EmailParts {
  subject: string;
  text: string;
  html: string;
}

/**
 * The message's subject, text part and HTML part, exactly as renderIssueEmailTemplate puts them
 * in the message (it calls this): what the desk's email preview shows.
 */
export function renderEmailParts(
  view: IssueView,
  options: Pick<EmailOptions, "databaseUrl" | "postalAddress">,
): EmailParts {
  const databaseUrl = options.databaseUrl ?? view.newsletter.databaseUrl;
  const { postalAddress } = options;
  // Both parts link to the same page: the archive's, where the issue stays (issueWebUrl).
  const webUrl = issueWebUrl(view);
  return {
    subject: emailSubject(view),
    // A linked survey's link carries the reader's token: the mark becomes the {{survey_token}} slot.
    text: markToSlot(renderIssueText(view, emailTextFooter(view, databaseUrl, postalAddress), webUrl)),
    html: markToSlot(renderEmailHtml(view, { databaseUrl, webUrl, postalAddress })),
  };
}

const header = (token: Token): Slot => ({ token, context: "header" });

/**
 * The same message as the sender uses it: fixed parts and slots (email-template.ts), built
 * here where the renderer knows where each value goes, so nothing has to find the slots again
 * in the finished text. Per message: To, Date, Message-ID, the List-Unsubscribe links, extra
 * headers before MIME-Version, and the reader's address and links in both parts. Fixed: From,
 * Subject, List-Id and (when configured) Feedback-ID.
 */
export function renderIssueEmailTemplate(view: IssueView, options: EmailOptions): MessageTemplate {
  const from = formatMailbox(options.fromName ?? view.newsletter.name, options.fromAddress);
  const parts = renderEmailParts(view, options);
  const { subject, text, html } = options.tracking ? trackLinks(parts, options.tracking) : parts;

  const date = options.date ?? issueInstant(view.meta.date);
  if (date && Number.isNaN(date.getTime()))
    throw new SummaError("config.invalid", "The email's date is not a date");
  const hash = contentHash(options.fromAddress, subject, date ? date.toISOString() : "", text, html);
  const domain = options.fromAddress.slice(options.fromAddress.lastIndexOf("@") + 1);
  const slug =
    view.label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "issue";
  const boundary = `=_summa_${hash.slice(24, 56)}`;

  const line = (text: string) => `${text}${CRLF}`;
  const head: (string | Slot)[] = [
    line(foldHeader("From", from)),
    "To: ",
    header("to"),
    CRLF,
    line(foldHeader("Subject", encodeHeaderValue(subject))),
    header("date"),
    "Message-ID: ",
    header("message_id"),
    CRLF,
    // One-click unsubscribe (RFC 8058), which Gmail and Yahoo require of bulk senders: the
    // https URI for one-click POSTs, and the mailto for clients that only send mail (RFC 2369)
    // when someone reads it. Folded after the comma: filled in, each URI sits on a line of its own.
    ...(options.mailtoUnsubscribe === false
      ? ["List-Unsubscribe: <", header("unsubscribe_url"), line(">")]
      : [
          "List-Unsubscribe: <",
          header("unsubscribe_mailto"),
          `>,${CRLF} <`,
          header("unsubscribe_url"),
          line(">"),
        ]),
    line("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
    // RFC 2919: what filters and providers group the list's mail by.
    line(checkedHeader("List-Id", listIdValue(view.newsletter.name, options.fromAddress, options.listId))),
    ...(options.feedbackId ? [line(checkedHeader("Feedback-ID", [options.feedbackId]))] : []),
    header("headers"),
    line("MIME-Version: 1.0"),
    line(foldHeader("Content-Type", ["multipart/alternative;", `boundary="${boundary}"`])),
    CRLF,
  ];
  const body = multipartAlternativePieces(boundary, [
    { type: "text/plain", body: text },
    { type: "text/html", body: html },
  ]).map((piece): string | Slot => {
    if (typeof piece === "string") return piece;
    const context = piece.type === "text/html" ? "html" : "text";
    const tracked = options.tracking && trackingSlot(piece.token);
    if (tracked) return { ...tracked, context };
    // A placeholder the sender does not fill stays as written.
    if (!BODY_TOKENS.includes(piece.token as Token)) return `{{${piece.token}}}`;
    return { token: piece.token as Token, context: piece.type === "text/html" ? "html" : "text" };
  });
  return buildTemplate([...head, ...body], {
    messageId: { local: `${slug}.${hash.slice(0, 24)}`, domain },
    date,
    envelopeFrom: options.fromAddress,
  });
}
