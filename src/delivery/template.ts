import { SummaError } from "../domain/errors.ts";
import { escapeHtml } from "../formats/render/html-escape.ts";
import { foldHeader, formatMailbox, isEmailAddress } from "../formats/render/mime.ts";
import type { Scratch } from "./scratch.ts";

/**
 * Render once, personalise late: an issue's email is rendered once per edition, compiled here
 * into literal text and slots for the per-subscriber tokens ({{to}}, {{email}},
 * {{unsubscribe_url}}, {{preferences_url}}, {{unsubscribe_mailto}}) and the Message-ID, and
 * each message is then a concatenation. Every value is encoded for where its slot sits: as is
 * in a header (after checking it cannot break one), quoted-printable in a text part, HTML-escaped
 * and then quoted-printable in the HTML part, keeping quoted-printable lines within 76
 * characters.
 */
export interface MessageTemplate {
  segments: readonly (string | Slot)[];
  /** Each literal segment's bytes (null for slots), encoded once: messages are sent as bytes. */
  bytes: readonly (Buffer | null)[];
  /** The Message-ID, "local@domain" without brackets; each message adds its suffix. */
  messageId: { local: string; domain: string };
}

type Token = "to" | "email" | "unsubscribe_url" | "preferences_url" | "unsubscribe_mailto" | "message_id";
type Context = "header" | "text" | "html";
interface Slot {
  token: Token;
  context: Context;
}

/** What one message carries for its reader. */
export interface Personalisation {
  email: string;
  name: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
  unsubscribeMailto: string;
  /** Makes this message's Message-ID from the issue's: letters, digits, "." and "-" (e.g. "d1234"). */
  messageIdSuffix: string;
}

const TOKENS = /\{\{(to|email|unsubscribe_url|preferences_url|unsubscribe_mailto|message_id)\}\}/g;
const MESSAGE_ID = /^Message-ID: <([^<>@\s]+)@([^<>@\s]+)>$/im;
const QP_LINE = 76;

/** Compiles a rendered issue email (renderIssueEmail's output) into a template. */
export function compileMessage(raw: string): MessageTemplate {
  const headerEnd = raw.indexOf("\r\n\r\n");
  if (headerEnd < 0) throw new SummaError("config.invalid", "The rendered email has no header section");
  const head = raw.slice(0, headerEnd);
  const id = MESSAGE_ID.exec(head);
  if (!id) throw new SummaError("config.invalid", "The rendered email has no Message-ID to derive from");
  // The Message-ID becomes a slot: "<local.SUFFIX@domain>" per message.
  const [local, domain] = [id[1]!, id[2]!];
  const text = `${head.slice(0, id.index)}Message-ID: {{message_id}}${raw.slice(id.index + id[0].length)}`;
  const bodyStart = text.indexOf("\r\n\r\n");
  const boundary = /boundary="([^"]+)"/.exec(text.slice(0, bodyStart))?.[1];
  // Where each body part starts and whether it is HTML, to know how a token in it is encoded.
  const parts: { start: number; html: boolean }[] = [];
  if (boundary) {
    const marker = `--${boundary}\r\n`;
    for (let at = text.indexOf(marker, bodyStart); at >= 0; at = text.indexOf(marker, at + 1)) {
      const partHead = text.slice(at, text.indexOf("\r\n\r\n", at));
      if (!/Content-Transfer-Encoding: quoted-printable/i.test(partHead))
        throw new SummaError("config.invalid", "Every part of the rendered email must be quoted-printable");
      parts.push({ start: at, html: /Content-Type: text\/html/i.test(partHead) });
    }
  }
  const segments: (string | Slot)[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKENS)) {
    const at = m.index!;
    let context: Context = "header";
    if (at > bodyStart) {
      const part = parts.filter((p) => p.start < at).pop();
      // A single-part message would carry its own Content-Transfer-Encoding; ours never is one.
      if (!part) throw new SummaError("config.invalid", "A token sits outside any part of the email");
      context = part.html ? "html" : "text";
    }
    segments.push(text.slice(last, at), { token: m[1] as Token, context });
    last = at + m[0].length;
  }
  segments.push(text.slice(last));
  const bytes = segments.map((seg) => (typeof seg === "string" ? Buffer.from(seg, "utf8") : null));
  return { segments, bytes, messageId: { local, domain } };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** What may sit between "<" and ">" in a header: printable ASCII without spaces, quotes or brackets. */
const URI = /^(https?:\/\/|mailto:)[\x21\x23-\x3b\x3d\x3f-\x7e]+$/i;

function refuse(what: string, value: string): never {
  throw new SummaError(
    "input.invalid",
    `${what} cannot go into an email: ${JSON.stringify(value.slice(0, 80))}`,
  );
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
  if (!/^[A-Za-z0-9.-]{1,64}$/.test(p.messageIdSuffix)) refuse("The Message-ID suffix", p.messageIdSuffix);
  return {
    // formatMailbox encodes a non-ASCII name and quotes specials; folding keeps lines short.
    to: foldHeader("To", formatMailbox(p.name, p.email)).slice("To: ".length),
    email: p.email,
    unsubscribe_url: p.unsubscribeUrl,
    preferences_url: p.preferencesUrl,
    unsubscribe_mailto: p.unsubscribeMailto,
    message_id: `<${messageIdFor(t, p.messageIdSuffix)}>`,
  };
}

/**
 * A value in quoted-printable: printable ASCII as is, anything else (spaces too: a value at
 * the end of a line must not leave trailing whitespace) and "=" as =XX per UTF-8 byte.
 */
function qpEncode(value: string): string {
  return value.replace(/[^\x21-\x3c\x3e-\x7e]/gu, (ch) =>
    [...Buffer.from(ch, "utf8")].map((b) => `=${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
}

/**
 * The message's pieces in order: a number is the template's literal segment of that index, as
 * is; a string is encoded text (a value, a soft line break, a literal that had to change).
 */
function pieces(t: MessageTemplate, p: Personalisation): (number | string)[] {
  const values = tokenValues(t, p);
  const out: (number | string)[] = [];
  let column = 0; // characters on the current output line so far
  let afterQp = false; // the previous segment was a quoted-printable value
  const softBreak = () => {
    out.push("=\r\n");
    column = 0;
  };
  t.segments.forEach((seg, index) => {
    if (typeof seg === "string") {
      const nl = seg.indexOf("\r\n");
      // The rest of the line after a value must still fit; else it moves to a new line.
      if (afterQp && column + (nl < 0 ? seg.length : nl) > QP_LINE) {
        softBreak();
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
      const raw = seg.context === "html" ? escapeHtml(values[seg.token]) : values[seg.token];
      let encoded = qpEncode(raw);
      while (encoded.length > 0) {
        // QP_LINE - 1: room for the soft break's "=".
        if (column >= QP_LINE - 1) softBreak();
        // A line starting with "." is one a careless relay could swallow.
        if (column === 0 && encoded.startsWith(".")) encoded = `=2E${encoded.slice(1)}`;
        let take = Math.min(encoded.length, QP_LINE - 1 - column);
        // Never split an =XX triplet.
        const eq = encoded.lastIndexOf("=", take - 1);
        if (eq >= 0 && eq > take - 3 && eq + 3 > take) take = eq;
        if (take === 0) {
          softBreak();
          continue;
        }
        out.push(encoded.slice(0, take));
        column += take;
        encoded = encoded.slice(take);
      }
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

/**
 * The same message as bytes, what the worker hands to SMTP: the literal parts were encoded once
 * per template, so a message costs one copy instead of encoding 50 KB of text again (and a
 * Buffer streams through nodemailer's dot-stuffing much faster than a fresh string). With
 * `scratch`, the bytes are written into memory it lends (scratch.ts) instead of a new buffer.
 */
export function personaliseMessageBytes(t: MessageTemplate, p: Personalisation, scratch?: Scratch): Buffer {
  const parts = pieces(t, p);
  let size = 0;
  for (const x of parts) size += typeof x === "number" ? t.bytes[x]!.length : Buffer.byteLength(x, "utf8");
  const out = scratch ? scratch.take(size) : Buffer.allocUnsafe(size);
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
