/**
 * Mail: how a finished message reaches a server. One narrow interface (MailTransport) with two
 * implementations, SMTP and memory. It knows nothing of issues, subscribers or deliveries, so
 * both the delivery worker and the subscription emails use it without depending on each other.
 * Building messages is formats/render/email's; sending many of them is delivery's.
 */
export {
  type AcceptedMessage,
  type MemoryRefusal,
  type MemoryTransport,
  type MemoryTransportOptions,
  memoryTransport,
} from "./memory.ts";
export {
  backoffDelay,
  DEFAULT_RETRY,
  decideFailure,
  describeFailure,
  type FailureDecision,
  type RetryPolicy,
} from "./retry.ts";
export { type MessageSigner, unsigned } from "./sign.ts";
export { openTransport, type TransportOptions } from "./smtp.ts";
export { type MailTransport, type SmtpAcceptance, type SmtpFailure, smtpFailure } from "./transport.ts";
