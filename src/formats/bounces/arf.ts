import { field, type HeaderFields, isoDate, type MimePart, parseHeaderFields } from "./mime.ts";
import { originalMessage, reportDate, reportId } from "./original.ts";
import { type BounceNotice, type BounceReport, cleanDetail, looksLikeAddress } from "./types.ts";

/**
 * Complaints in the Abuse Reporting Format (RFC 5965): a multipart/report whose
 * message/feedback-report part says what kind of feedback it is, with the original message
 * (or its headers) quoted after it. Feedback-Type "abuse" (the reader pressed "this is spam")
 * is a complaint; other types (fraud, virus, not-spam, auth-failure, other) are not about
 * the reader's wishes and are skipped.
 */

/** Every address in a header value ("Ann <a@x.org>, b@y.org"), lowercased. */
function addressesIn(value: string): string[] {
  const found: string[] = [];
  for (const m of value.matchAll(/<([^<>\s]+)>|([^\s<>,;"()]+@[^\s<>,;"()]+)/g)) {
    const address = (m[1] ?? m[2] ?? "").toLowerCase();
    if (looksLikeAddress(address) && !found.includes(address)) found.push(address);
  }
  return found;
}

/**
 * Reads the complaint in `report`; `top` is the whole message's headers. `recipient`, when the
 * envelope already says whom the report is about (a VERP address), stands in for a redacted one.
 */
export function readFeedbackReport(
  report: MimePart,
  feedback: MimePart,
  top: HeaderFields,
  recipient?: string,
): BounceReport {
  const fields = parseHeaderFields(feedback.body.replace(/\r\n?/g, "\n").replace(/^\n+/, ""));
  const type = field(fields, "feedback-type").toLowerCase();
  if (!type) return { type: "invalid", problem: "the feedback report has no Feedback-Type" };
  if (type !== "abuse")
    return { type: "skipped", reason: `a feedback report of type "${cleanDetail(type)}", not a complaint` };
  const original = originalMessage(report);
  // Original-Rcpt-To is the envelope recipient; providers that omit it still quote the To.
  const rcpt = (fields.get("original-rcpt-to") ?? []).flatMap(addressesIn);
  const quoted = rcpt.length > 0 ? rcpt : addressesIn(original.to);
  const recipients = quoted.length === 0 && recipient ? [recipient] : quoted;
  if (recipients.length === 0)
    return { type: "skipped", reason: "a complaint that does not say who complained (recipient redacted)" };
  const at =
    reportDate(top) ?? isoDate(field(fields, "arrival-date")) ?? isoDate(field(fields, "received-date"));
  const agent = field(fields, "user-agent");
  const id = reportId(top);
  const notices: BounceNotice[] = recipients.map((email) => ({
    email,
    kind: "complaint",
    detail: cleanDetail(agent ? `abuse report from ${agent}` : "abuse report"),
    at,
    messageId: original.messageId,
    key: id ? `arf|${id}|${email}` : ["arf", email, at ?? "", original.messageId].join("|"),
  }));
  return { type: "complaint", notices };
}
