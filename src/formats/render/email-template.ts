import { SummaError } from "../../domain/errors.ts";
import { escapeHtml } from "./html-escape.ts";
import {
  CRLF,
  encodeQpValue,
  foldHeader,
  formatMailbox,
  isEmailAddress,
  QP_MAX_LINE,
  rfc5322Date,
} from "./mime.ts";

/**
 * Render once, personalise late: a message as its renderer emits it, fixed parts and slots. The
 * fixed parts are encoded once (text and bytes); each message fills the slots with its reader's
 * values, each encoded for where its slot sits: as is in a header (after checking it cannot
 * break one), quoted-printable in a text part, HTML-escaped and then quoted-printable in the HTML
 * part, keeping quoted-printable lines within 76 characters. Slots also carry what differs per
 * message besides the reader: the Date, the Message-ID, extra headers (a feedback id, say), and
 * the envelope sender goes with it (`envelopeSender`).
 */
export interface MessageTemplate {
  segments: readonly (string | Slot)[];
  /** Each fixed segment's bytes (null for slots), encoded once: messages are sent as bytes. */
  bytes: readonly (Buffer | null)[];
  /** The Message-ID, "local@domain" without brackets; each message adds its suffix. */
  messageId: { local: string; domain: string };
  /** The Date of a message that brings none; null: no Date header (the server adds one). */
  date: Date | null;
  /** MAIL FROM of a message that names none: where bounces go. */
  envelopeFrom: string;
}

/**
 * What a slot holds. "date" and "headers" are whole header lines (CRLF included, or nothing);
 * the others are values.
 */
export type Token =
  | "to"
  | "email"
  | "unsubscribe_url"
  | "preferences_url"
  | "unsubscribe_mailto"
  | "survey_token"
  | "click"
  | "open_url"
  | "message_id"
  | "date"
  | "headers";
export type SlotContext = "header" | "text" | "html";
export interface Slot {
  token: Token;
  context: SlotContext;
  /** A "click" slot's link id in the link table (track-links.ts). */
  link?: number;
}

/** The tokens a renderer may write into a part's body as `{{name}}`. */
export const BODY_TOKENS: readonly Token[] = [
  "to",
  "email",
  "unsubscribe_url",
  "preferences_url",
  "unsubscribe_mailto",
  "survey_token",
];

/** What one message carries for its reader. */
export interface Personalisation {
  email: string;
  name: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
  unsubscribeMailto: string;
  /** The reader's survey token (surveys/links.ts), for links to linked surveys; "" when none. */
  surveyToken?: string;
  /** Makes this message's Message-ID from the issue's: letters, digits, "." and "-" (e.g. "d1234"). */
  messageIdSuffix: string;
  /** This message's Date; the template's when absent. */
  date?: Date;
  /** Headers of this message alone, after the list's (List-Id, Feedback-ID): printable ASCII values. */
  headers?: readonly (readonly [name: string, value: string])[];
  /** This message's envelope sender (a per-reader bounce address, say); the template's when absent. */
  envelopeFrom?: string;
  /** This reader's click redirects and open pixel, for a template with tracked links (track-links.ts). */
  tracking?: { clickUrl(link: number): string; openUrl(): string };
}

/** Joins adjacent fixed text and encodes every fixed part once. */
export function buildTemplate(
  parts: readonly (string | Slot)[],
  meta: Pick<MessageTemplate, "messageId" | "date" | "envelopeFrom">,
): MessageTemplate {
  const segments: (string | Slot)[] = [];
  for (const part of parts) {
    const last = segments.length - 1;
    if (typeof part === "string" && typeof segments[last] === "string") segments[last] += part;
    else segments.push(part);
  }
  if (typeof segments[0] !== "string") segments.unshift("");
  if (typeof segments[segments.length - 1] !== "string") segments.push("");
  const bytes = segments.map((seg) => (typeof seg === "string" ? Buffer.from(seg, "utf8") : null));
  return { segments, bytes, ...meta };
}

/**
 * The template as one text, as `summa issue render --format email` shows it: reader values as
 * their `{{token}}` placeholders, the template's own Date and the Message-ID.
 */
export function templateText(t: MessageTemplate): string {
  return t.segments
    .map((seg) => {
      if (typeof seg === "string") return seg;
      if (seg.token === "date") return dateLine(t.date);
      if (seg.token === "message_id") return `<${t.messageId.local}@${t.messageId.domain}>`;
      if (seg.token === "headers") return "";
      if (seg.token === "click") return `{{click_${seg.link}}}`;
      return `{{${seg.token}}}`;
    })
    .join("");
}

const dateLine = (date: Date | null) => (date ? `Date: ${rfc5322Date(date)}${CRLF}` : "");

/** The template's own Date line, formatted once: most messages carry it. */
const dateLines = new WeakMap<MessageTemplate, string>();
function templateDateLine(t: MessageTemplate): string {
  let line = dateLines.get(t);
  if (line === undefined) {
    line = dateLine(t.date);
    dateLines.set(t, line);
  }
  return line;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** What may sit between "<" and ">" in a header: printable ASCII without spaces, quotes or brackets. */
const URI = /^(https?:\/\/|mailto:)[\x21\x23-\x3b\x3d\x3f-\x7e]+$/i;
/** A header's name (RFC 5322 §3.6.8), and what a per-message header's value may hold. */
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,60}$/;
const HEADER_VALUE = /^[\x20-\x7e]{1,900}$/;

function refuse(what: string, value: string): never {
  throw new SummaError(
    "input.invalid",
    `${what} cannot go into an email: ${JSON.stringify(value.slice(0, 80))}`,
  );
}

function checkedUrl(what: string, url: string): string {
  if (!URI.test(url) || url.length > 900) refuse(what, url);
  return url;
}

/** A tracked link's or the open pixel's value for this reader; a message without tracking cannot fill one. */
function trackedValue(p: Personalisation, seg: Slot): string {
  if (!p.tracking) refuse("A tracked link", `${seg.token} ${seg.link ?? ""} without the reader's redirects`);
  if (seg.token === "open_url") return checkedUrl("The open pixel", p.tracking.openUrl());
  return checkedUrl("A tracked link", p.tracking.clickUrl(seg.link ?? 0));
}

/** Checks every value and gives each token its raw (unencoded) value. */
function tokenValues(t: MessageTemplate, p: Personalisation): Record<Token, string> {
  if (!isEmailAddress(p.email)) refuse("The address", p.email);
  if (CONTROLS.test(p.name)) refuse("The name", p.name);
  for (const [what, url] of [
    ["The unsubscribe link", p.unsubscribeUrl],
    ["The preferences link", p.preferencesUrl],
    ["The mailto unsubscribe link", p.unsubscribeMailto],
  ] as const)
    if (!URI.test(url) || url.length > 900) refuse(what, url);
  if (p.surveyToken && !/^[A-Za-z0-9_-]{1,200}$/.test(p.surveyToken))
    refuse("The survey token", p.surveyToken);
  if (!/^[A-Za-z0-9.-]{1,64}$/.test(p.messageIdSuffix)) refuse("The Message-ID suffix", p.messageIdSuffix);
  if (p.date && Number.isNaN(p.date.getTime())) refuse("The date", String(p.date));
  let headers = "";
  for (const [name, value] of p.headers ?? []) {
    if (!HEADER_NAME.test(name)) refuse("The header name", name);
    if (!HEADER_VALUE.test(value)) refuse(`The ${name} header`, value);
    headers += `${foldHeader(name, value.split(" "))}${CRLF}`;
  }
  return {
    // formatMailbox encodes a non-ASCII name and quotes specials; folding keeps lines short.
    to: foldHeader("To", formatMailbox(p.name, p.email)).slice("To: ".length),
    email: p.email,
    unsubscribe_url: p.unsubscribeUrl,
    preferences_url: p.preferencesUrl,
    unsubscribe_mailto: p.unsubscribeMailto,
    survey_token: p.surveyToken ?? "",
    // Filled where they sit (trackedValue): only a send's tracked templates have them.
    open_url: "",
    click: "",
    message_id: `<${messageIdFor(t, p.messageIdSuffix)}>`,
    date: p.date ? dateLine(p.date) : templateDateLine(t),
    headers,
  };
}

/**
 * The message's pieces in order: a number is the template's fixed segment of that index, as
 * is; a string is encoded text (a value, a soft line break, a fixed part that had to change).
 */
function pieces(t: MessageTemplate, p: Personalisation): (number | string)[] {
  const values = tokenValues(t, p);
  const out: (number | string)[] = [];
  let column = 0; // characters on the current output line so far
  let afterQp = false; // the previous segment was a quoted-printable value
  t.segments.forEach((seg, index) => {
    if (typeof seg === "string") {
      const nl = seg.indexOf("\r\n");
      // The rest of the line after a value must still fit; else it moves to a new line.
      if (afterQp && column + (nl < 0 ? seg.length : nl) > QP_MAX_LINE) {
        out.push("=\r\n");
        column = 0;
        // A line starting with "." is one a careless relay could swallow.
        out.push(seg.startsWith(".") ? `=2E${seg.slice(1)}` : index);
      } else out.push(index);
      const lastNl = seg.lastIndexOf("\r\n");
      column = lastNl < 0 ? column + seg.length : seg.length - lastNl - 2;
      afterQp = false;
    } else if (seg.context === "header") {
      out.push(values[seg.token]);
      column += values[seg.token].length;
    } else {
      const tracked = seg.token === "click" || seg.token === "open_url";
      const value = tracked ? trackedValue(p, seg) : values[seg.token];
      const raw = seg.context === "html" ? escapeHtml(value) : value;
      const encoded = encodeQpValue(raw, column);
      out.push(encoded.text);
      column = encoded.column;
      afterQp = true;
    }
  });
  return out;
}

/** One reader's message: the template with every slot filled, encoded for its place. */
export function personaliseMessage(t: MessageTemplate, p: Personalisation): string {
  return pieces(t, p)
    .map((x) => (typeof x === "number" ? (t.segments[x] as string) : x))
    .join("");
}

/** Memory a sender lends for a message's bytes, to use again for its next one. */
export interface MessageMemory {
  /** `size` bytes to write into (their content is whatever was there before). */
  take(size: number): Buffer;
}

/**
 * The same message as bytes, what a transport is handed: the fixed parts were encoded once per
 * template, so a message costs one copy instead of encoding 50 KB of text again (and a Buffer
 * streams through nodemailer's dot-stuffing much faster than a fresh string). With `memory`,
 * the bytes are written into memory it lends instead of a new buffer.
 */
export function personaliseMessageBytes(
  t: MessageTemplate,
  p: Personalisation,
  memory?: MessageMemory,
): Buffer {
  const parts = pieces(t, p);
  let size = 0;
  for (const x of parts) size += typeof x === "number" ? t.bytes[x]!.length : Buffer.byteLength(x, "utf8");
  const out = memory ? memory.take(size) : Buffer.allocUnsafe(size);
  let at = 0;
  for (const x of parts) {
    if (typeof x === "number") {
      out.set(t.bytes[x]!, at);
      at += t.bytes[x]!.length;
    } else at += out.write(x, at, "utf8");
  }
  return out;
}

/** The Message-ID a message personalised with `suffix` carries, without its angle brackets. */
export function messageIdFor(t: MessageTemplate, suffix: string): string {
  return `${t.messageId.local}.${suffix}@${t.messageId.domain}`;
}

/** MAIL FROM for this message: its own envelope sender, checked, else the template's. */
export function envelopeSender(t: MessageTemplate, p: Pick<Personalisation, "envelopeFrom">): string {
  // The template's own was checked when it was built (it is the From address).
  if (p.envelopeFrom === undefined) return t.envelopeFrom;
  if (!isEmailAddress(p.envelopeFrom)) refuse("The envelope sender", p.envelopeFrom);
  return p.envelopeFrom;
}
