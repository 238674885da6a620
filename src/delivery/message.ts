import { type BounceAddressing, verpAddress } from "../bounces/index.ts";
import {
  envelopeSender,
  type MessageTemplate,
  messageIdFor,
  type Personalisation,
  personaliseMessageBytes,
} from "../formats/render/email-template.ts";
import {
  decideFailure,
  describeFailure,
  type MailTransport,
  type MessageSigner,
  type RetryPolicy,
  type SmtpAcceptance,
  smtpFailure,
} from "../mail/index.ts";
import type { AttemptOutcome, ClaimedDelivery } from "../store/index.ts";
import { type LinkConfig, subscriberLinks } from "../subscribers/index.ts";
import { readerTracking } from "../tracking/index.ts";
import type { DeliveryQueue } from "./queue.ts";
import { Scratch } from "./scratch.ts";

/** What a lane needs besides the rows: the worker's two interfaces and its policies. */
export interface LaneContext {
  queue: DeliveryQueue;
  transport: MailTransport;
  retry: RetryPolicy;
  /** Runs on each personalised message before it is sent. */
  sign: MessageSigner;
  log(line: string): void;
}

/** A send made ready once per batch: its edition's template, its link settings and bounce addressing. */
export interface PreparedSend {
  template: MessageTemplate;
  links: LinkConfig;
  /** Per-delivery envelope senders (VERP); null: the template's (the From address). */
  bounces: BounceAddressing | null;
}

/** "dropped": not sent, because the lane's previous result could not be recorded. */
export type MessageResult = "sent" | "retry" | "failed" | "dropped";

/** This delivery's Message-ID suffix: the row id, so the message can be traced back to it. */
export const deliverySuffix = (deliveryId: number) => `d${deliveryId}`;

/**
 * One of a worker's concurrent senders: it sends its rows one at a time and records each
 * outcome. The only window for a duplicate is between the server's "250 OK" and that record's
 * commit, and a lane overlaps that commit with its next message: the envelope and body go out
 * at once, and only the end of the data (the moment the server takes the message) waits for the
 * commit. So a lane never has more than one accepted message unrecorded, as when it waited
 * before sending at all, but the commit's latency no longer adds to every message's. A record
 * that still fails after the queue's retries abandons the next message before its end, and both
 * rows stay "sending" until their lease runs out. Each lane writes its messages into one buffer
 * it reuses (scratch.ts).
 */
export class Lane {
  /** The commit of this lane's last result: its next message's end waits for it. */
  #recorded: Promise<void> = Promise.resolve();
  readonly #memory = new Scratch();

  constructor(private readonly ctx: LaneContext) {}

  /** Sends one delivery; resolves once the server answered (its record may still be committing). */
  async send(send: PreparedSend, row: ClaimedDelivery): Promise<MessageResult> {
    try {
      const sent = await this.#send(send, row);
      this.#recorded = sent.recorded;
      return sent.result;
    } catch (err) {
      // Only the previous result's record throws here, so this message was dropped before its
      // end: both rows stay "sending" and are retried after their lease.
      this.#couldNotRecord(err);
      this.ctx.log(`delivery ${row.id}: not sent, left for its lease to run out`);
      this.#recorded = Promise.resolve();
      return "dropped";
    }
  }

  /** Resolves once the lane's last result is committed (or known not to be). */
  async finish(): Promise<void> {
    await this.#recorded.catch((err) => this.#couldNotRecord(err));
  }

  #couldNotRecord(err: unknown): void {
    this.ctx.log(`could not record a result: ${err instanceof Error ? err.message : err}`);
  }

  async #send(
    send: PreparedSend,
    row: ClaimedDelivery,
  ): Promise<{ result: MessageResult; recorded: Promise<void> }> {
    const previousRecorded = this.#recorded;
    const suffix = deliverySuffix(row.id);
    const record = (result: AttemptOutcome): Promise<void> => {
      const recorded = Promise.all([previousRecorded, this.ctx.queue.record(row.id, result)]).then(
        () => undefined,
      );
      // Awaited later (by the next message's end, or the lane's); meanwhile not "unhandled".
      recorded.catch(() => undefined);
      return recorded;
    };
    let raw: Buffer;
    let from: string;
    try {
      // The links name the send, so an unsubscribe with them is attributed to this issue.
      const links = subscriberLinks(send.links, { id: row.subscriberId, email: row.email }, row.sendId);
      const reader: Personalisation = {
        email: row.email,
        name: row.name,
        ...links,
        messageIdSuffix: suffix,
        // Dated now, when it is made, not when its send started: a message retried or paced
        // hours later must not arrive hours "in the past" (SpamAssassin's DATE_IN_PAST_*).
        date: new Date(),
        // Filled only where the send's template tracks a link or carries the open pixel.
        tracking: readerTracking(send.links, row.id),
      };
      if (send.bounces) reader.envelopeFrom = verpAddress(send.bounces, row.id);
      from = envelopeSender(send.template, reader);
      raw = this.ctx.sign(personaliseMessageBytes(send.template, reader, this.#memory));
    } catch (err) {
      // An address or name no header can carry: no server would ever take it.
      return {
        result: "failed",
        recorded: record({
          outcome: "failed",
          reply: `not sent: ${err instanceof Error ? err.message : err}`,
        }),
      };
    }
    let previousFailed = false;
    const holdEndUntil = previousRecorded.catch((err: unknown) => {
      previousFailed = true;
      throw err;
    });
    let accepted: SmtpAcceptance;
    try {
      accepted = await this.ctx.transport.sendRaw({ from, to: row.email, raw, holdEndUntil });
    } catch (err) {
      // A socket may still be writing these bytes: the lane's next message gets new memory.
      this.#memory.abandon();
      // Not an SMTP failure: the previous record could not be written, so this one was dropped.
      if (previousFailed) throw err;
      const failure = smtpFailure(err);
      const decision = decideFailure(this.ctx.retry, failure, row.attempts + 1);
      const reply = describeFailure(failure);
      if (decision.retry) {
        const nextAttemptAt = new Date(Date.now() + decision.delayMs).toISOString();
        return { result: "retry", recorded: record({ outcome: "retry", reply, nextAttemptAt }) };
      }
      return { result: "failed", recorded: record({ outcome: "failed", reply }) };
    }
    return {
      result: "sent",
      recorded: record({
        outcome: "sent",
        reply: accepted.response,
        messageId: messageIdFor(send.template, suffix),
      }),
    };
  }
}
