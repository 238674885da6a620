import { juice } from "../heavy-libraries.ts";
import { escapeHtml, safeHref } from "./html-escape.ts";
import { issueBodyHtml } from "./html-fragments.ts";
import type { IssueView } from "./issue-view.ts";
import { markdownToText } from "./plain-text.ts";
import { titleHasLinks } from "./text.ts";

/**
 * Per-subscriber placeholders, substituted by the sending system after rendering (Summa
 * renders one message per issue, not per reader). Braces and underscores are literal in
 * quoted-printable, and the encoder never splits a token across lines, so a search and
 * replace on the encoded message finds them; a value with "=" in it (most URLs) must itself
 * be quoted-printable encoded when it goes into a body part.
 */
export const TO_TOKEN = "{{to}}";
export const EMAIL_TOKEN = "{{email}}";
export const UNSUBSCRIBE_URL_TOKEN = "{{unsubscribe_url}}";
export const PREFERENCES_URL_TOKEN = "{{preferences_url}}";
/** A mailto: URI that unsubscribes (List-Unsubscribe's second form, for clients without https). */
export const UNSUBSCRIBE_MAILTO_TOKEN = "{{unsubscribe_mailto}}";
export const EMAIL_TOKENS = [
  TO_TOKEN,
  EMAIL_TOKEN,
  UNSUBSCRIBE_URL_TOKEN,
  PREFERENCES_URL_TOKEN,
  UNSUBSCRIBE_MAILTO_TOKEN,
] as const;

/**
 * The email's colours. Light is what most clients show; dark is applied by clients that honour
 * prefers-color-scheme (Apple Mail, Outlook for Mac/iOS) and by Outlook.com. Every text/background
 * pair meets WCAG AA (4.5:1); the test computes it.
 */
export const EMAIL_PALETTE = {
  light: {
    page: "#eef1f4",
    card: "#ffffff",
    ink: "#1d232b",
    muted: "#505b68",
    accent: "#0b5cad",
    highlight: "#8a4f00",
    rule: "#dde2e8",
    opinionBg: "#f5f7f9",
    opinionRule: "#9fb3c8",
    mastheadBg: "#13365c",
    mastheadInk: "#ffffff",
    mastheadMuted: "#c4d6ea",
    footerInk: "#4c5764",
  },
  dark: {
    page: "#0f1216",
    card: "#1a1f26",
    ink: "#e6e9ed",
    muted: "#a9b3bf",
    accent: "#8cc2ff",
    highlight: "#f2b661",
    rule: "#333c47",
    opinionBg: "#21272f",
    opinionRule: "#4f6378",
    mastheadBg: "#0d2640",
    mastheadInk: "#ffffff",
    mastheadMuted: "#b3c9e2",
    footerInk: "#a9b3bf",
  },
} as const;

const L = EMAIL_PALETTE.light;
const D = EMAIL_PALETTE.dark;

/** Web-safe stacks: every client has Georgia and Arial; system fonts come first where present. */
const SERIF = `Georgia, "Times New Roman", Times, serif`;
const SANS = `-apple-system, "Segoe UI", Helvetica, Arial, sans-serif`;

/**
 * Inlined into style attributes by juice: Gmail (outside its app's media queries), Outlook and
 * many webmail clients apply only inline styles. Longhand properties, because Outlook's Word
 * engine drops shorthands it doesn't know.
 */
const INLINE_CSS = `
body { margin: 0; padding: 0; background-color: ${L.page}; -webkit-text-size-adjust: 100%; -ms-text-size-adjust: 100%; }
table { border-collapse: collapse; mso-table-lspace: 0pt; mso-table-rspace: 0pt; }
.page { background-color: ${L.page}; }
.card { background-color: ${L.card}; border: 1px solid ${L.rule}; table-layout: fixed; }
.topbar { padding: 16px 8px 12px; font-family: ${SANS}; font-size: 12px; line-height: 18px; color: ${L.footerInk}; text-align: center; }
.topbar a { color: ${L.footerInk}; text-decoration: underline; }
.masthead { background-color: ${L.mastheadBg}; padding: 28px 40px 26px; }
.masthead-name { margin: 0; font-family: ${SERIF}; font-size: 28px; line-height: 34px; font-weight: 700; color: ${L.mastheadInk}; }
.masthead-name a { color: ${L.mastheadInk}; text-decoration: none; }
.masthead-issue { margin: 8px 0 0; font-family: ${SANS}; font-size: 13px; line-height: 18px; font-weight: 700; letter-spacing: 1px; text-transform: uppercase; color: ${L.mastheadMuted}; }
.headline { padding: 28px 40px 0; }
.headline h1 { margin: 0; font-family: ${SERIF}; font-size: 24px; line-height: 31px; font-weight: 700; color: ${L.ink}; }
.content { padding: 8px 40px 16px; font-family: ${SERIF}; font-size: 17px; line-height: 27px; color: ${L.ink}; word-wrap: break-word; overflow-wrap: break-word; word-break: break-word; }
.content p { margin: 0 0 16px; }
.content a { color: ${L.accent}; text-decoration: underline; }
.content ul, .content ol { margin: 0 0 16px; padding: 0 0 0 24px; }
.content li { margin: 0 0 8px; }
.content blockquote { margin: 0 0 16px; padding: 0 0 0 14px; border-left: 3px solid ${L.rule}; color: ${L.muted}; }
.content code { font-family: Menlo, Consolas, "Courier New", monospace; font-size: 15px; }
.content pre { margin: 0 0 16px; padding: 12px 14px; background-color: ${L.page}; white-space: pre-wrap; word-wrap: break-word; overflow-wrap: anywhere; font-family: Menlo, Consolas, "Courier New", monospace; font-size: 14px; line-height: 21px; color: ${L.ink}; }
.content pre code { font-size: 14px; }
.content hr { border: 0; border-top: 1px solid ${L.rule}; margin: 24px 0; }
.intro { padding: 16px 0 4px; }
.section h2 { margin: 36px 0 18px; padding: 0 0 8px; border-bottom: 2px solid ${L.ink}; font-family: ${SANS}; font-size: 15px; line-height: 20px; font-weight: 700; letter-spacing: 1.5px; text-transform: uppercase; color: ${L.ink}; }
.highlights h2 { color: ${L.highlight}; border-bottom: 2px solid ${L.highlight}; }
.category h3 { margin: 28px 0 12px; font-family: ${SANS}; font-size: 13px; line-height: 18px; font-weight: 700; letter-spacing: 1px; text-transform: uppercase; color: ${L.muted}; }
.entry { margin: 0 0 24px; }
.entry + .entry { padding-top: 22px; border-top: 1px solid ${L.rule}; }
.content .entry-title { font-weight: 700; color: ${L.ink}; }
.content a.entry-title { color: ${L.accent}; }
.entry-authors { color: ${L.muted}; }
.entry-summarizer { color: ${L.muted}; font-style: italic; }
.entry-label { font-weight: 700; }
.entry-opinion { margin: 0 0 16px; padding: 14px 16px 0; border-left: 3px solid ${L.opinionRule}; background-color: ${L.opinionBg}; }
.entry-prerequisites, .entry-read-more { font-size: 15px; line-height: 23px; }
.link-only { margin: 0 0 12px; }
.link-only p { margin: 0; }
.math { font-family: "Cambria Math", "STIX Two Math", ${SERIF}; }
.footer { padding: 24px 40px 32px; font-family: ${SANS}; font-size: 13px; line-height: 20px; color: ${L.footerInk}; text-align: center; }
.footer p { margin: 0 0 10px; }
.footer a { color: ${L.footerInk}; text-decoration: underline; }
.footer .links a { font-weight: 700; }
`;

/**
 * Kept in a <style> block (juice leaves data-embed blocks alone): the phone layout and dark
 * mode. `!important` is needed to beat the inlined styles; clients without media queries get
 * the 600 px layout, which the fluid table still squeezes to any width.
 */
const EMBEDDED_CSS = `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media screen and (max-width: 620px) {
  .outer { padding: 0 !important; }
  .card { border-left: 0 !important; border-right: 0 !important; }
  .masthead { padding: 22px 20px 20px !important; }
  .masthead-name { font-size: 24px !important; line-height: 30px !important; }
  .headline { padding: 22px 20px 0 !important; }
  .headline h1 { font-size: 21px !important; line-height: 28px !important; }
  .content { padding: 4px 20px 8px !important; font-size: 16px !important; line-height: 25px !important; }
  .footer { padding: 20px 20px 28px !important; }
}
@media (prefers-color-scheme: dark) {
  body, .page { background-color: ${D.page} !important; }
  .card { background-color: ${D.card} !important; border-color: ${D.rule} !important; }
  .masthead { background-color: ${D.mastheadBg} !important; }
  .masthead-issue { color: ${D.mastheadMuted} !important; }
  .headline h1, .content, .content .entry-title, .section h2 { color: ${D.ink} !important; }
  .section h2 { border-bottom-color: ${D.ink} !important; }
  .highlights h2 { color: ${D.highlight} !important; border-bottom-color: ${D.highlight} !important; }
  .category h3, .entry-authors, .entry-summarizer, .content blockquote { color: ${D.muted} !important; }
  .content a, .content a.entry-title { color: ${D.accent} !important; }
  .entry-opinion { background-color: ${D.opinionBg} !important; border-left-color: ${D.opinionRule} !important; }
  .content blockquote { border-left-color: ${D.rule} !important; }
  .entry + .entry { border-top-color: ${D.rule} !important; }
  .content pre { background-color: ${D.page} !important; color: ${D.ink} !important; }
  .topbar, .topbar a, .footer, .footer a { color: ${D.footerInk} !important; }
}
`;

/**
 * Outlook.com marks its dark mode with data-ogsc/data-ogsb attributes. In a block of their own,
 * so a client that rejects a block over attribute selectors keeps the media queries above.
 */
const OUTLOOK_DARK_CSS = `
[data-ogsb] .page, [data-ogsb] body { background-color: ${D.page} !important; }
[data-ogsb] .card { background-color: ${D.card} !important; }
[data-ogsb] .entry-opinion { background-color: ${D.opinionBg} !important; }
[data-ogsc] .content, [data-ogsc] .headline h1, [data-ogsc] .section h2 { color: ${D.ink} !important; }
[data-ogsc] .content a { color: ${D.accent} !important; }
[data-ogsc] .highlights h2 { color: ${D.highlight} !important; }
[data-ogsc] .category h3, [data-ogsc] .entry-authors, [data-ogsc] .entry-summarizer { color: ${D.muted} !important; }
[data-ogsc] .footer, [data-ogsc] .footer a, [data-ogsc] .topbar a { color: ${D.footerInk} !important; }
`;

export interface EmailHtmlOptions {
  /** The public database of every summary, linked from the footer; no link when absent. */
  databaseUrl?: string;
  /** The issue on the web ("View in browser"); no link when absent. */
  webUrl?: string;
  /** The sender's postal address (CAN-SPAM), the footer's last line; none when absent or "". */
  postalAddress?: string;
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "10 April 2019" from "2019-04-10", without the machine's locale or time zone. */
export function displayDate(iso: string | null): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? "");
  if (!m) return "";
  const month = MONTH_NAMES[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : "";
}

/** The inbox preview line: what the issue leads with, in plain text, about 140 characters. */
export function preheaderText(view: IssueView): string {
  const plain = (t: string) => (titleHasLinks(t) ? markdownToText(t) : t).replace(/\s+/g, " ").trim();
  const firstEntries = [
    ...view.highlights,
    ...view.sections.flatMap((s) => s.categories.flatMap((c) => c.entries)),
  ];
  let text: string;
  if (view.intro) text = markdownToText(view.intro).replace(/\s+/g, " ").trim();
  else if (view.highlights.length)
    text = `Highlights: ${view.highlights.map((e) => plain(e.title)).join("; ")}`;
  else text = firstEntries.map((e) => plain(e.title)).join("; ");
  if (text.length <= 140) return text;
  const cut = text.slice(0, 139);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 100)).replace(/[\s,;:]+$/, "")}…`;
}

/**
 * The preheader is hidden the way careful senders hide it (display none, no height, no opacity,
 * mso-hide for Outlook), never with a tiny font: text in a 1 px font is what spam hides behind
 * (SpamAssassin's HTML_FONT_TINY rules), so no text anywhere in the email is set below 12 px.
 *
 * Invisible characters after the preheader: without them, clients fill the rest of the
 * preview with whatever text comes next ("View in browser").
 */
const PREHEADER_FILLER = "&#847;&zwnj;&nbsp;".repeat(40);

/** A link when the URL is safe to put in an href; nothing otherwise. */
function optionalLink(url: string | undefined, text: string): string {
  const href = safeHref(url ?? "");
  return href ? `<a href="${escapeHtml(href)}">${text}</a>` : "";
}

/**
 * The HTML part of the issue email: a centred table 600 px wide at most (a ghost table fixes
 * the width in Outlook for Windows, which ignores max-width), presentation-role tables, styles
 * inlined by juice, no images, scripts or external resources. The body is issueBodyHtml, so
 * entries look and escape exactly as on the archive page. Pure and deterministic.
 */
export function renderEmailHtml(view: IssueView, options: EmailHtmlOptions = {}): string {
  const name = escapeHtml(view.newsletter.name);
  const date = displayDate(view.meta.date);
  const issueLine = [`Issue #${view.meta.number}`, date].filter(Boolean).map(escapeHtml).join(" &middot; ");
  const title = view.meta.subject ? `${view.label}: ${view.meta.subject}` : view.heading;
  const webLink = optionalLink(options.webUrl, "View this issue in your browser");
  const dbLink = optionalLink(options.databaseUrl, "the public database");
  const headline = view.meta.subject
    ? `<tr><td class="headline"><h1>${escapeHtml(view.meta.subject)}</h1></td></tr>`
    : "";
  const nameHtml = optionalLink(view.newsletter.archiveUrl, name) || name;
  const footer = [
    `<p>This email was sent to ${EMAIL_TOKEN} because you subscribed to the ${name}.</p>`,
    `<p class="links"><a href="${PREFERENCES_URL_TOKEN}">Update your preferences</a> &nbsp;&middot;&nbsp; <a href="${UNSUBSCRIBE_URL_TOKEN}">Unsubscribe</a></p>`,
    dbLink ? `<p>Every summary the newsletter has published is in ${dbLink}.</p>` : "",
    options.postalAddress?.trim()
      ? `<p class="postal">Our postal address: ${escapeHtml(options.postalAddress.trim())}</p>`
      : "",
  ]
    .filter(Boolean)
    .join("\n");

  const html = `<!DOCTYPE html>
<html lang="en" xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="x-apple-disable-message-reformatting">
<meta name="format-detection" content="telephone=no, date=no, address=no, email=no, url=no">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(title)}</title>
<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->
<style>${INLINE_CSS}</style>
<style data-embed>${EMBEDDED_CSS}</style>
<style data-embed>${OUTLOOK_DARK_CSS}</style>
</head>
<body class="page">
<div style="display: none; max-height: 0; max-width: 0; opacity: 0; overflow: hidden; mso-hide: all;">${escapeHtml(preheaderText(view))}${PREHEADER_FILLER}</div>
<table role="presentation" class="page" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td class="outer" align="center" style="padding: 0 12px 24px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" align="center"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width: 600px; margin: 0 auto;">
${webLink ? `<tr><td class="topbar">${webLink}</td></tr>` : `<tr><td style="height: 20px; line-height: 20px;">&nbsp;</td></tr>`}
<tr><td>
<table role="presentation" class="card" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td class="masthead">
<p class="masthead-name">${nameHtml}</p>
<p class="masthead-issue">${issueLine}</p>
</td></tr>
${headline}
<tr><td class="content">
${issueBodyHtml(view)}
</td></tr>
</table>
</td></tr>
<tr><td class="footer">
${footer}
</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`;
  return juice()(html, { removeStyleTags: true, preserveMediaQueries: true, applyWidthAttributes: true });
}
