import { readFeedbackReport } from "./arf.ts";
import { readDeliveryStatus } from "./dsn.ts";
import { field, type MimePart, parseMime, walkParts } from "./mime.ts";
import { type BounceReport, cleanDetail } from "./types.ts";

const STATUS_TYPES = new Set(["message/delivery-status", "message/global-delivery-status"]);

/** "Content-Type text/plain, Subject "Hello"": enough for a person to find a skipped message. */
function describe(root: MimePart): string {
  const subject = cleanDetail(field(root.headers, "subject")).slice(0, 80);
  return `Content-Type ${root.type}${subject ? `, Subject "${subject}"` : ""}`;
}

/**
 * Reads one message from a bounce mailbox: a DSN (multipart/report;
 * report-type=delivery-status, RFC 3464), a complaint (report-type=feedback-report,
 * RFC 5965), or anything else, skipped with the reason. The report may sit inside another
 * multipart (some gateways wrap it); quoted messages (message/rfc822) are not searched.
 * `options.recipient`: whom the report is about when the envelope says so (a VERP address), used
 * where the report leaves the recipient out or redacts it.
 */
export function parseBounceReport(text: string, options: { recipient?: string } = {}): BounceReport {
  if (text.trim() === "") return { type: "skipped", reason: "an empty message" };
  const root = parseMime(text);
  const report = walkParts(root).find((p) => p.type === "multipart/report");
  if (!report) return { type: "skipped", reason: `not a bounce or complaint report (${describe(root)})` };
  const reportType = (report.params["report-type"] ?? "").toLowerCase();
  const status = report.parts.find((p) => STATUS_TYPES.has(p.type));
  const feedback = report.parts.find((p) => p.type === "message/feedback-report");
  if (reportType === "delivery-status" || (!reportType && status)) {
    if (!status)
      return { type: "invalid", problem: "a delivery-status report without a message/delivery-status part" };
    return readDeliveryStatus(report, status, root.headers, options.recipient);
  }
  if (reportType === "feedback-report" || (!reportType && feedback)) {
    if (!feedback)
      return { type: "invalid", problem: "a feedback report without a message/feedback-report part" };
    return readFeedbackReport(report, feedback, root.headers, options.recipient);
  }
  return {
    type: "skipped",
    reason: `a report of type "${cleanDetail(reportType)}", not a bounce or complaint (${describe(root)})`,
  };
}
