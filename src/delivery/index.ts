/**
 * Delivery: sending an issue to its subscribers. A send freezes the audience as one delivery row
 * per (issue, subscriber); workers claim due rows under a lease, send them over pooled SMTP at
 * the send's pace, and record each server reply the moment it arrives, so a crash loses no one
 * and can duplicate at most a message whose acceptance was not yet recorded.
 */

export {
  type MessageTemplate,
  messageIdFor,
  type Personalisation,
  personaliseMessage,
  personaliseMessageBytes,
} from "../formats/render/email-template.ts";
// The worker's transport, re-exported for the faces that start one (src/mail is its home).
export {
  backoffDelay,
  DEFAULT_RETRY,
  decideFailure,
  describeFailure,
  type MailTransport,
  openTransport,
  type RetryPolicy,
  type SmtpAcceptance,
  type SmtpFailure,
  smtpFailure,
  type TransportOptions,
} from "../mail/index.ts";
export { type BatchRunner, processBatch, type WorkerStats } from "./batch.ts";
export { type ComplianceOptions, checkSendCompliance } from "./compliance.ts";
export { highlightsEdition, renderEdition, renderEditionParts } from "./editions.ts";
export { formatRate, SEND_THRESHOLDS, type SendAlert, type SendFigures, sendFigures } from "./figures.ts";
export { deliverySuffix, Lane, type LaneContext, type MessageResult, type PreparedSend } from "./message.ts";
export { Pacer } from "./pacer.ts";
export { type DeliveryQueue, type QueueOptions, storeQueue } from "./queue.ts";
export {
  audienceSize,
  cancelSend,
  DELIVERY_STATUSES,
  findSendProgress,
  listSends,
  MAX_RATE,
  pauseSend,
  resumeSend,
  type SendSummary,
  type StartedSend,
  type StartSendRequest,
  sendProgress,
  startSend,
} from "./sends.ts";
export {
  sendTestCopies,
  sendTestMessage,
  type TestListResult,
  type TestSendRequest,
  type TestSendResult,
} from "./test-send.ts";
export { type DeliveryWorker, defaultWorkerId, startWorker, type WorkerOptions } from "./worker.ts";
