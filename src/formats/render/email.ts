import { SummaError } from "../../domain/errors.ts";
import {
  EMAIL_TOKEN,
  PREFERENCES_URL_TOKEN,
  renderEmailHtml,
  TO_TOKEN,
  UNSUBSCRIBE_MAILTO_TOKEN,
  UNSUBSCRIBE_URL_TOKEN,
} from "./email-html.ts";
import { safeHref } from "./html-escape.ts";
import type { IssueView } from "./issue-view.ts";
import {
  CRLF,
  contentHash,
  encodeHeaderValue,
  foldHeader,
  formatMailbox,
  headerText,
  issueInstant,
  multipartAlternative,
  rfc5322Date,
} from "./mime.ts";
import { renderIssueText } from "./text.ts";

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
}

/** `[AN #53] Subject`; the newsletter's name when the issue has no subject yet. */
export function emailSubject(view: IssueView): string {
  return `[${view.label}] ${headerText(view.meta.subject) || view.newsletter.name}`;
}

/** Where the issue can be read on the web: its archive page, else where it was published. */
export function issueWebUrl(view: IssueView): string | undefined {
  const archive = safeHref(view.newsletter.archiveUrl ?? "");
  if (archive) return `${archive.replace(/\/+$/, "")}/issues/${view.meta.number}`;
  return safeHref(view.meta.url) ?? undefined;
}

/** The text part's footer: the same links as the HTML footer, written out. */
export function emailTextFooter(view: IssueView, databaseUrl?: string): string {
  const db = safeHref(databaseUrl ?? "");
  return [
    // "-- " (with its space) is the signature separator mail clients recognise and fold away.
    "-- ",
    `This email was sent to ${EMAIL_TOKEN} because you subscribed to the ${view.newsletter.name}.`,
    `Update your preferences: <${PREFERENCES_URL_TOKEN}>`,
    `Unsubscribe: <${UNSUBSCRIBE_URL_TOKEN}>`,
    ...(db ? [`Every summary the newsletter has published: <${db}>`] : []),
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
  const databaseUrl = options.databaseUrl ?? view.newsletter.databaseUrl;
  const from = formatMailbox(options.fromName ?? view.newsletter.name, options.fromAddress);
  const subject = emailSubject(view);
  const text = renderIssueText(view, emailTextFooter(view, databaseUrl));
  const html = renderEmailHtml(view, { databaseUrl, webUrl: issueWebUrl(view) });

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
  const messageId = `<${slug}.${hash.slice(0, 24)}@${domain}>`;
  const boundary = `=_summa_${hash.slice(24, 56)}`;

  const headers = [
    foldHeader("From", from),
    `To: ${TO_TOKEN}`,
    foldHeader("Subject", encodeHeaderValue(subject)),
    ...(date ? [`Date: ${rfc5322Date(date)}`] : []),
    `Message-ID: ${messageId}`,
    // One-click unsubscribe (RFC 8058), which Gmail and Yahoo require of bulk senders: the
    // https URI for one-click POSTs, the mailto for clients that only send mail (RFC 2369).
    // Folded after the comma: substituted, each URI sits on a line of its own.
    `List-Unsubscribe: <${UNSUBSCRIBE_MAILTO_TOKEN}>,${CRLF} <${UNSUBSCRIBE_URL_TOKEN}>`,
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    "MIME-Version: 1.0",
    foldHeader("Content-Type", ["multipart/alternative;", `boundary="${boundary}"`]),
  ];
  const body = multipartAlternative(boundary, [
    { type: "text/plain", body: text },
    { type: "text/html", body: html },
  ]);
  return `${headers.join(CRLF)}${CRLF}${CRLF}${body}`;
}
