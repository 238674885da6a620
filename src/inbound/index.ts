/**
 * Mail Summa receives: `summa inbound` (and `summa serve` with INBOUND_SMTP) is the MX of the
 * bounce domain. Which recipients it takes (recipients.ts), the SMTP listener (listener.ts), and
 * the hand-over of each message to the bounce policy or the unsubscribe service (receive.ts).
 */
export {
  INBOUND_MAX_BYTES,
  type InboundListener,
  type InboundOptions,
  startInboundListener,
} from "./listener.ts";
export { receiveInboundMessage } from "./receive.ts";
export {
  classifyRecipient,
  type InboundAddresses,
  type InboundRecipient,
  loadInboundAddresses,
} from "./recipients.ts";
