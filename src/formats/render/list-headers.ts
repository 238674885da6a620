import { SummaError } from "../../domain/errors.ts";
import { foldHeader, headerPhrase } from "./mime.ts";

/**
 * The headers that name the list a message belongs to, for the receiving side: List-Id (RFC
 * 2919), which filters and providers' reputation systems group a list's mail by, and Gmail's
 * Feedback-ID, which its feedback loop reports complaint rates by. Pure: values come from the
 * settings, and every value is checked to be one line of printable ASCII before it is written.
 */

/** RFC 2919 list-id: a dot-atom of at least two parts ("label.namespace"), at most 255 characters. */
const LIST_ID = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)+$/;
/** What one field of a Feedback-ID may hold: no colon (the separator), no space. */
const FEEDBACK_FIELD = /^[A-Za-z0-9._-]{1,64}$/;
/** A header value Summa writes: printable ASCII and spaces, one line. */
const PRINTABLE = /^[\x20-\x7e]+$/;

/** "Alignment Newsletter" -> "alignment-newsletter": the list's label ("newsletter" when unnamed). */
export function listLabel(name: string): string {
  const slug = name
    .normalize("NFKD")
    // "é" is "e" and a combining accent after NFKD: the accent goes, the letter stays.
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "newsletter";
}

/** Checks an operator's list id (`mail.list_id`): "label.example.org", angle brackets optional. */
export function parseListId(value: string): string {
  const id = value.trim().replace(/^<(.*)>$/, "$1");
  if (!LIST_ID.test(id) || id.length > 255)
    throw new SummaError(
      "config.invalid",
      `mail.list_id: "${value}" is not a list id (RFC 2919): write it like "news.example.org" or "an.news.example.org"`,
    );
  return id;
}

/** Checks the Feedback-ID sender id (`mail.feedback_id_sender`): letters, digits, ".", "_", "-". */
export function parseFeedbackSender(value: string): string {
  const sender = value.trim();
  if (!FEEDBACK_FIELD.test(sender))
    throw new SummaError(
      "config.invalid",
      `mail.feedback_id_sender: "${value}" must be 1 to 64 letters, digits, ".", "_" or "-" (no colon: it separates Feedback-ID's fields)`,
    );
  return sender;
}

/**
 * The List-Id header's value: the newsletter's name as its phrase, then `<label.domain>`, where
 * the label comes from the name and the domain from the sender's address, unless `override`
 * (the setting mail.list_id) names the id.
 */
export function listIdValue(name: string, fromAddress: string, override = ""): string[] {
  const domain = fromAddress.slice(fromAddress.lastIndexOf("@") + 1).toLowerCase();
  const id = override ? parseListId(override) : parseListId(`${listLabel(name)}.${domain}`);
  return [...headerPhrase(name), `<${id}>`];
}

/** What a Feedback-ID says: which campaign, edition and list a message belongs to, and who sent it. */
export interface FeedbackIdFields {
  /** The number (a send is one issue's). */
  campaign: string;
  /** "full" or "highlights". */
  edition: string;
  list: string;
  /** The sender's fixed id (the setting mail.feedback_id_sender). */
  sender: string;
}

/** Gmail's Feedback-ID: `campaign:edition:list:sender`, each field checked. */
export function feedbackIdValue(fields: FeedbackIdFields): string {
  const parts = [fields.campaign, fields.edition, fields.list, fields.sender];
  for (const part of parts)
    if (!FEEDBACK_FIELD.test(part))
      throw new SummaError("config.invalid", `Feedback-ID: "${part}" cannot be one of its fields`);
  return parts.join(":");
}

/** A whole header line (folded, no CRLF) after checking its value is printable ASCII on one line. */
export function checkedHeader(name: string, words: readonly string[]): string {
  const value = words.join(" ");
  if (!PRINTABLE.test(value) || value.length > 900)
    throw new SummaError(
      "config.invalid",
      `The ${name} header cannot carry ${JSON.stringify(value.slice(0, 80))}`,
    );
  return foldHeader(name, words);
}
