import {
  field,
  type HeaderFields,
  isoDate,
  type MimePart,
  messageIdOf,
  parseHeaderFields,
  splitHeaderBody,
} from "./mime.ts";

/** Content types a report uses to quote the message it is about (whole, or headers only). */
const ORIGINAL_TYPES = new Set([
  "message/rfc822",
  "text/rfc822-headers",
  "message/rfc822-headers",
  "message/global",
  "message/global-headers",
]);

/** What a report quotes of the message it is about. */
export interface OriginalMessage {
  /** Its Message-ID without <>, or "". */
  messageId: string;
  /** Its To header, as written, or "". */
  to: string;
}

/** The quoted original of a multipart/report (its third part, by RFC 3462), if any. */
export function originalMessage(report: MimePart): OriginalMessage {
  const part = report.parts.find((p) => ORIGINAL_TYPES.has(p.type));
  if (!part) return { messageId: "", to: "" };
  const headers = parseHeaderFields(splitHeaderBody(part.body.replace(/^\n+/, "")).head);
  return { messageId: messageIdOf(field(headers, "message-id")), to: field(headers, "to") };
}

/** The report's own Message-ID: with the recipient, what identifies a notice across imports. */
export function reportId(top: HeaderFields): string {
  return messageIdOf(field(top, "message-id"));
}

/** When the report was written (its Date header), ISO, or null. */
export function reportDate(top: HeaderFields): string | null {
  return isoDate(field(top, "date"));
}
