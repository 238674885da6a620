import { setTimeout as sleep } from "node:timers/promises";
import {
  type MessageTemplate,
  messageIdFor,
  personaliseMessageBytes,
} from "../formats/render/email-template.ts";
import { type MailTransport, type SmtpAcceptance, smtpFailure } from "../mail/index.ts";
import type { AttemptOutcome, ClaimedDelivery, Store } from "../store/index.ts";
import type { LinkConfig } from "../subscribers/index.ts";
import { subscriberLinks } from "../subscribers/index.ts";
import { decideFailure, describeFailure, type RetryPolicy } from "./policy.ts";
import type { AttemptRecorder } from "./recorder.ts";
import type { Scratch } from "./scratch.ts";

/** What sending one delivery needs besides the row: set up once per send by the worker. */
export interface SendContext {
  store: Store;
  transport: MailTransport;
  worker: string;
  /** The envelope sender (MAIL FROM), where bounces go. */
  from: string;
  links: LinkConfig;
  template: MessageTemplate;
  retry: RetryPolicy;
  /** Commits each result as soon as it can (recorder.ts). */
  recorder: AttemptRecorder;
}

export type MessageResult = "sent" | "retry" | "failed";

/** This delivery's Message-ID suffix: the row id, so the message can be traced back to it. */
export const deliverySuffix = (deliveryId: number) => `d${deliveryId}`;

/** What sending one delivery came to, and its record's commit. */
export interface SentDelivery {
  result: MessageResult;
  /** Settles once this result, and every earlier one of the same lane, is committed. */
  recorded: Promise<void>;
}

/**
 * Sends one delivery and records the outcome: the only window for a duplicate is between the
 * server's "250 OK" and that record's commit. A lane overlaps that commit with its next
 * message: it passes the previous result's `recorded` here, the envelope and body go out at
 * once, and only the end of the data (the moment the server takes the message) waits for the
 * commit. So a lane never has more than one accepted message unrecorded, as when it waited
 * before sending at all, but the commit's latency no longer adds to every message's.
 * A record that fails (the database briefly away) is tried again a few times; if it still
 * fails, the next message is abandoned before its end (this throws) and both rows stay
 * "sending" until their lease runs out.
 */
export async function sendDelivery(
  ctx: SendContext,
  row: ClaimedDelivery,
  previousRecorded: Promise<void> = Promise.resolve(),
  scratch?: Scratch,
): Promise<SentDelivery> {
  const attempt = row.attempts + 1;
  const suffix = deliverySuffix(row.id);
  const record = (result: AttemptOutcome): Promise<void> => {
    const recorded = Promise.all([
      previousRecorded,
      withRetries(() => ctx.recorder.record(row.id, result)),
    ]).then(() => undefined);
    // Awaited later (by the next message's end, or the lane's); meanwhile not "unhandled".
    recorded.catch(() => undefined);
    return recorded;
  };
  let raw: Buffer;
  try {
    const links = subscriberLinks(ctx.links, { id: row.subscriberId, email: row.email });
    raw = personaliseMessageBytes(
      ctx.template,
      {
        email: row.email,
        name: row.name,
        ...links,
        messageIdSuffix: suffix,
      },
      scratch,
    );
  } catch (err) {
    // An address or name no header can carry: no server would ever take it.
    return {
      result: "failed",
      recorded: record({ outcome: "failed", reply: `not sent: ${err instanceof Error ? err.message : err}` }),
    };
  }
  let previousFailed = false;
  const holdEndUntil = previousRecorded.catch((err: unknown) => {
    previousFailed = true;
    throw err;
  });
  let accepted: SmtpAcceptance;
  try {
    accepted = await ctx.transport.sendRaw({ from: ctx.from, to: row.email, raw, holdEndUntil });
  } catch (err) {
    // A socket may still be writing these bytes: the lane's next message gets new memory.
    scratch?.abandon();
    // Not an SMTP failure: the previous record could not be written, so this one was dropped.
    if (previousFailed) throw err;
    const failure = smtpFailure(err);
    const decision = decideFailure(ctx.retry, failure, attempt);
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
      messageId: messageIdFor(ctx.template, suffix),
    }),
  };
}

async function withRetries(work: () => Promise<void>, tries = 4): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (err) {
      if (i >= tries) throw err;
      await sleep(100 * 2 ** i);
    }
  }
}
