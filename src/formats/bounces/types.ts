/**
 * What a bounce or complaint report says, as the policy needs it. The kinds are the store's
 * bounce kinds (hard | soft | complaint); formats sit below the store, so they are spelled here.
 */
export type BounceKind = "hard" | "soft" | "complaint";

/** One recipient's bounce or complaint, read from one report. */
export interface BounceNotice {
  /** The recipient, lowercased. */
  email: string;
  kind: BounceKind;
  /** For people: "5.1.1 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown". */
  detail: string;
  /** ISO 8601 time of the report (its Date, else the recipient's Last-Attempt-Date, else Arrival-Date); null when it has none. */
  at: string | null;
  /** Message-ID (without <>) of the message that bounced, when the report quotes it; else "". */
  messageId: string;
  /**
   * What makes this notice the same notice when it is read again: the report's own
   * Message-ID and the recipient, else the report's fields for that recipient.
   */
  key: string;
}

/**
 * A message from a bounce mailbox: a delivery status notification (RFC 3464), a complaint
 * (ARF, RFC 5965), something else (skipped, with the reason), or a report too broken to read.
 */
export type BounceReport =
  | { type: "dsn" | "complaint"; notices: BounceNotice[] }
  | { type: "skipped"; reason: string }
  | { type: "invalid"; problem: string };

/** Longest detail kept: enough for an SMTP reply, short enough for a suppression reason. */
export const MAX_DETAIL = 300;

/** Control characters out, whitespace collapsed, cut to MAX_DETAIL: details reach terminals and pages. */
export function cleanDetail(text: string): string {
  const flat = text
    .replace(/\p{Cc}/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 1)}…` : flat;
}

/** An address as a bounce report may carry it: something@somewhere, no spaces or brackets. */
export function looksLikeAddress(value: string): boolean {
  return value.length <= 254 && /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]+$/.test(value);
}
