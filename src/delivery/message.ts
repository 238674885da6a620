import { setTimeout as sleep } from "node:timers/promises";
import type { AttemptOutcome, ClaimedDelivery, Store } from "../store/index.ts";
import type { LinkConfig } from "../subscribers/index.ts";
import { subscriberLinks } from "../subscribers/index.ts";
import { decideFailure, describeFailure, type RetryPolicy } from "./policy.ts";
import type { AttemptRecorder } from "./recorder.ts";
import { type MessageTemplate, messageIdFor, personaliseMessageBytes } from "./template.ts";
import { type MailTransport, type SmtpAcceptance, smtpFailure } from "./transport.ts";

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

/**
 * Sends one delivery and records the outcome at once: the only window for a duplicate is
 * between the server's "250 OK" and that record's commit. A record that fails (the database
 * briefly away) is tried again a few times before giving up, since a sent message left
 * "sending" would be sent again when its lease runs out.
 */
export async function sendDelivery(ctx: SendContext, row: ClaimedDelivery): Promise<MessageResult> {
  const attempt = row.attempts + 1;
  const suffix = deliverySuffix(row.id);
  const record = (result: AttemptOutcome) => withRetries(() => ctx.recorder.record(row.id, result));
  let raw: Buffer;
  try {
    const links = subscriberLinks(ctx.links, { id: row.subscriberId, email: row.email });
    raw = personaliseMessageBytes(ctx.template, {
      email: row.email,
      name: row.name,
      ...links,
      messageIdSuffix: suffix,
    });
  } catch (err) {
    // An address or name no header can carry: no server would ever take it.
    await record({ outcome: "failed", reply: `not sent: ${err instanceof Error ? err.message : err}` });
    return "failed";
  }
  let accepted: SmtpAcceptance;
  try {
    accepted = await ctx.transport.sendRaw({ from: ctx.from, to: row.email, raw });
  } catch (err) {
    const failure = smtpFailure(err);
    const decision = decideFailure(ctx.retry, failure, attempt);
    const reply = describeFailure(failure);
    if (decision.retry) {
      const nextAttemptAt = new Date(Date.now() + decision.delayMs).toISOString();
      await record({ outcome: "retry", reply, nextAttemptAt });
      return "retry";
    }
    await record({ outcome: "failed", reply });
    return "failed";
  }
  // Outside the try above: a record that cannot be written is not an SMTP failure to retry.
  await record({ outcome: "sent", reply: accepted.response, messageId: messageIdFor(ctx.template, suffix) });
  return "sent";
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
