/**
 * Bounce and complaint reports as they arrive by mail: mailbox files split into messages,
 * and each message read as a DSN (RFC 3464), a complaint (ARF, RFC 5965) or something to skip;
 * and the token of a mailto unsubscribe request.
 * Pure functions of the text.
 */
export { bounceKindOf } from "./dsn.ts";
export { type MailboxMessage, splitMailbox } from "./mbox.ts";
export { parseBounceReport } from "./report.ts";
export {
  type BounceKind,
  type BounceNotice,
  type BounceReport,
  cleanDetail,
  looksLikeAddress,
} from "./types.ts";
export { decodeEncodedWords, unsubscribeTokenIn } from "./unsubscribe-request.ts";
