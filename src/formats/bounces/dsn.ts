import { field, type HeaderFields, isoDate, type MimePart, parseHeaderFields } from "./mime.ts";
import { originalMessage, reportDate, reportId } from "./original.ts";
import {
  type BounceKind,
  type BounceNotice,
  type BounceReport,
  cleanDetail,
  looksLikeAddress,
} from "./types.ts";

/**
 * Delivery status notifications (RFC 3464): the message/delivery-status part of a
 * multipart/report holds one block of per-message fields, then one block per recipient
 * (Final-Recipient, Action, Status, Diagnostic-Code, ...), separated by empty lines.
 */

/** Actions that report a delivery, not a failure: such recipients are not bounces. */
const DELIVERED = new Set(["delivered", "relayed", "expanded"]);

/** "rfc822; Bob@Example.org" -> "bob@example.org"; other address types give "". */
function recipientAddress(value: string): string {
  if (!value) return "";
  const semi = value.indexOf(";");
  const type = semi < 0 ? "rfc822" : value.slice(0, semi).trim().toLowerCase();
  // utf-8 is RFC 6533's type for internationalised addresses; both are mail addresses.
  if (type !== "rfc822" && type !== "utf-8") return "";
  return value
    .slice(semi + 1)
    .trim()
    .replace(/^<(.*)>$/, "$1")
    .toLowerCase();
}

/** The blocks of a delivery-status body: per-message first, then those about recipients. */
function statusBlocks(body: string): { perMessage: HeaderFields; recipients: HeaderFields[] } {
  const blocks = body
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((b) => parseHeaderFields(b))
    .filter((b) => b.size > 0);
  const aboutRecipient = (b: HeaderFields) =>
    b.has("final-recipient") || b.has("original-recipient") || b.has("action");
  // Some MTAs write everything in one block: its fields then serve both purposes.
  return { perMessage: blocks[0] ?? new Map(), recipients: blocks.filter(aboutRecipient) };
}

/**
 * The kind of bounce an Action and Status make: failed is hard unless the status is a 4.x.x
 * (a temporary problem that ran out of retries), delayed is soft, and delivered, relayed and
 * expanded are no bounce (null). Without an Action, the Status class decides.
 */
export function bounceKindOf(action: string, status: string): BounceKind | null | "unknown" {
  if (action === "failed") return status.startsWith("4") ? "soft" : "hard";
  if (action === "delayed") return "soft";
  if (DELIVERED.has(action)) return null;
  if (action === "" && status.startsWith("5")) return "hard";
  if (action === "" && status.startsWith("4")) return "soft";
  return "unknown";
}

/** "smtp; 550 5.1.1 user unknown" -> "550 5.1.1 user unknown". */
function diagnosticText(value: string): string {
  return value.replace(/^[a-z0-9-]+\s*;\s*/i, "");
}

/**
 * Reads the DSN in `report` (a multipart/report); `top` is the whole message's headers.
 * `recipient`, when the envelope already says whom the report is about (a VERP address), stands
 * in for a Final-Recipient that is missing or redacted.
 */
export function readDeliveryStatus(
  report: MimePart,
  status: MimePart,
  top: HeaderFields,
  recipient?: string,
): BounceReport {
  const { perMessage, recipients } = statusBlocks(status.body);
  if (recipients.length === 0)
    return { type: "invalid", problem: "the delivery-status part names no recipient (no Final-Recipient)" };
  const original = originalMessage(report);
  const id = reportId(top);
  const envelopeId = field(perMessage, "original-envelope-id");
  const notices: BounceNotice[] = [];
  const ignored: string[] = [];
  for (const [i, r] of recipients.entries()) {
    const final = field(r, "final-recipient");
    const named = recipientAddress(final) || recipientAddress(field(r, "original-recipient"));
    const email = recipient && !looksLikeAddress(named) ? recipient : named;
    if (!looksLikeAddress(email))
      return {
        type: "invalid",
        problem: `recipient ${i + 1}: ${final ? `Final-Recipient "${cleanDetail(final)}"` : "no Final-Recipient"} is not an email address`,
      };
    const action = field(r, "action").split(/[\s(]/)[0]!.toLowerCase();
    const code = /^\d\.\d{1,3}\.\d{1,3}/.exec(field(r, "status"))?.[0] ?? "";
    const kind = bounceKindOf(action, code);
    if (kind === "unknown")
      return {
        type: "invalid",
        problem: `recipient ${i + 1} (${email}): Action "${cleanDetail(field(r, "action"))}" is not one of failed, delayed, delivered, relayed, expanded`,
      };
    if (kind === null) {
      ignored.push(`${email} (${action})`);
      continue;
    }
    const diagnostic = diagnosticText(field(r, "diagnostic-code"));
    const at =
      reportDate(top) ?? isoDate(field(r, "last-attempt-date")) ?? isoDate(field(perMessage, "arrival-date"));
    const key = id
      ? `dsn|${id}|${email}`
      : ["dsn", email, action, code, at ?? "", envelopeId, original.messageId, diagnostic].join("|");
    notices.push({
      email,
      kind,
      detail: cleanDetail([code, diagnostic].filter(Boolean).join(" ") || action),
      at,
      messageId: original.messageId,
      key,
    });
  }
  if (notices.length === 0)
    return { type: "skipped", reason: `a delivery report without failures: ${ignored.join(", ")}` };
  return { type: "dsn", notices };
}
