import { SummaError } from "../domain/errors.ts";
import {
  cancelUnsentDeliveries,
  changeSendStatus,
  countActiveSubscribers,
  countDeliveries,
  type DeliveryStatus,
  failedDeliveryRows,
  findSendByIssue,
  getIssue,
  insertSendWithAudience,
  listSendRows,
  removeUnsentCancelledSend,
  type SendRow,
  type SendStatus,
  type Store,
  sendAftermath,
} from "../store/index.ts";
import { loadLinkConfig } from "../subscribers/index.ts";
import { engagementFigures, loadSendEngagement } from "../tracking/index.ts";
import { type ComplianceOptions, checkSendCompliance } from "./compliance.ts";
import { type SendFigures, sendFigures } from "./figures.ts";

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  "queued",
  "sending",
  "sent",
  "failed",
  "cancelled",
  "suppressed",
];

/** What `summa send N` and the desk's Send button ask for. */
export interface StartSendRequest extends ComplianceOptions {
  issueNumber: number;
  /** When to start; now when absent. */
  at?: Date;
  /** Messages per second across all workers; unlimited when absent or null. */
  ratePerSecond?: number | null;
  /** Who pressed the button ("cli", or the desk user's address), for the record. */
  createdBy?: string;
}

/** A send and where its deliveries stand. */
export interface SendSummary {
  issueNumber: number;
  status: SendStatus;
  sendAt: string;
  ratePerSecond: number | null;
  createdAt: string;
  createdBy: string;
  finishedAt: string | null;
  counts: Record<DeliveryStatus, number>;
  total: number;
  /** Failed deliveries with the server's last reply (the first `failedLimit`). */
  failed: { email: string; attempts: number; lastReply: string }[];
  /** Delivered, bounced, complaints and unsubscribes, as counts and rates, with warnings (figures.ts). */
  figures: SendFigures;
}

/** A send just started, with what the operator must be told (an http site let through). */
export interface StartedSend extends SendSummary {
  warnings: string[];
}

/** The most a send may be paced at: a sanity bound on the number typed, not a limit on SMTP. */
export const MAX_RATE = 100_000;

/**
 * Starts sending a published issue: creates its send and freezes the audience, every active
 * subscriber at this moment, in one transaction. A send exists once per issue: a second is
 * refused ("conflict"), unless the first was cancelled before it sent anything. Scheduled sends ("at" in the future) are
 * claimed by workers only from then on. A send with nobody to send to is done at once. A send
 * that reaches anyone but testers must meet compliance.ts's rules (postal address, https).
 */
export async function startSend(
  store: Store,
  request: StartSendRequest,
  now = new Date(),
): Promise<StartedSend> {
  const { issueNumber } = request;
  const issue = await getIssue(store.db, issueNumber);
  if (!issue) throw new SummaError("not_found", `There is no issue #${issueNumber}`);
  const at = request.at ?? now;
  if (Number.isNaN(at.getTime())) throw new SummaError("input.invalid", "The send time is not a date");
  if (issue.status === "scheduled") {
    // Scheduled together: the send may start once the issue is public, not before.
    if (issue.publish_at && at.toISOString() < issue.publish_at)
      throw new SummaError(
        "conflict",
        `Issue #${issueNumber} becomes public at ${issue.publish_at}: send it at that time or later (--at)`,
      );
  } else if (issue.status !== "published")
    throw new SummaError(
      "conflict",
      issue.status === "withdrawn"
        ? `Issue #${issueNumber} was withdrawn: it cannot be sent`
        : `Issue #${issueNumber} is a draft: publish it before sending it`,
    );
  const rate = request.ratePerSecond ?? null;
  if (rate !== null && !(Number.isFinite(rate) && rate > 0 && rate <= MAX_RATE))
    throw new SummaError(
      "input.invalid",
      `The rate must be a number of messages per second above 0, at most ${MAX_RATE}`,
    );
  // Every message needs its unsubscribe links: refuse now rather than queue mail no worker can make.
  await loadLinkConfig(store, "Sending an issue (each message's unsubscribe and preferences links)");
  const warnings = await checkSendCompliance(store, request);

  const created = await store.db.transaction().execute(async (trx) => {
    await removeUnsentCancelledSend(trx, issueNumber);
    const result = await insertSendWithAudience(trx, {
      issueNumber,
      status: at > now ? "scheduled" : "sending",
      sendAt: at.toISOString(),
      ratePerSecond: rate,
      createdBy: request.createdBy ?? "",
      now: now.toISOString(),
    });
    if (result?.queued === 0)
      await changeSendStatus(trx, result.sendId, ["scheduled", "sending"], "done", now.toISOString());
    return result;
  });
  if (!created) throw alreadySent(issueNumber, await findSendByIssue(store.db, issueNumber));
  return { ...(await sendProgress(store, issueNumber)), warnings };
}

function alreadySent(issueNumber: number, send: SendRow | undefined): SummaError {
  const when = send ? ` on ${send.created_at.slice(0, 16).replace("T", " ")} UTC (now ${send.status})` : "";
  return new SummaError(
    "conflict",
    `Issue #${issueNumber} already has a send${when}: an issue is sent once. See \`summa send status ${issueNumber}\`.`,
  );
}

async function summary(store: Store, send: SendRow, failedLimit: number): Promise<SendSummary> {
  const byStatus = await countDeliveries(store.db, send.id);
  const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, byStatus.get(s) ?? 0])) as Record<
    DeliveryStatus,
    number
  >;
  const [failed, aftermath, engagement] = await Promise.all([
    failedLimit > 0 ? failedDeliveryRows(store.db, send.id, failedLimit) : [],
    sendAftermath(store.db, send.id),
    loadSendEngagement(store, send.id),
  ]);
  return {
    issueNumber: send.issue_number,
    status: send.status,
    sendAt: send.send_at,
    ratePerSecond: send.rate_per_second,
    createdAt: send.created_at,
    createdBy: send.created_by,
    finishedAt: send.finished_at,
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    failed: failed.map((f) => ({ email: f.email, attempts: f.attempts, lastReply: f.last_reply })),
    figures: sendFigures(counts.sent, counts.failed, aftermath, engagementFigures(engagement, counts.sent)),
  };
}

/** One issue's send and its counts, with up to `failedLimit` failed addresses; not_found when unsent. */
export async function sendProgress(
  store: Store,
  issueNumber: number,
  failedLimit = 50,
): Promise<SendSummary> {
  const send = await findSendByIssue(store.db, issueNumber);
  if (!send) throw new SummaError("not_found", `Issue #${issueNumber} has not been sent`);
  return summary(store, send, failedLimit);
}

/** The send of an issue if there is one (the desk shows a Send form otherwise). */
export async function findSendProgress(store: Store, issueNumber: number): Promise<SendSummary | null> {
  const send = await findSendByIssue(store.db, issueNumber);
  return send ? summary(store, send, 20) : null;
}

/** Every send, newest first, with counts. */
export async function listSends(store: Store): Promise<SendSummary[]> {
  const rows = await listSendRows(store.db);
  return Promise.all(rows.map((row) => summary(store, row, 0)));
}

async function transition(
  store: Store,
  issueNumber: number,
  from: readonly SendStatus[],
  to: (send: SendRow) => SendStatus,
  verb: string,
  now: Date,
): Promise<SendSummary> {
  const send = await findSendByIssue(store.db, issueNumber);
  if (!send) throw new SummaError("not_found", `Issue #${issueNumber} has not been sent`);
  if (!(await changeSendStatus(store.db, send.id, from, to(send), now.toISOString())))
    throw new SummaError("conflict", `Issue #${issueNumber}'s send is ${send.status}: it cannot be ${verb}`);
  if (to(send) === "cancelled") await cancelUnsentDeliveries(store.db, send.id, now.toISOString());
  return sendProgress(store, issueNumber);
}

/** Pauses a send: workers stop within a second, messages already handed to SMTP complete. */
export function pauseSend(store: Store, issueNumber: number, now = new Date()): Promise<SendSummary> {
  return transition(store, issueNumber, ["scheduled", "sending"], () => "paused", "paused", now);
}

/** Resumes a paused send (scheduled again if its time has not come). */
export function resumeSend(store: Store, issueNumber: number, now = new Date()): Promise<SendSummary> {
  const next = (send: SendRow): SendStatus => (new Date(send.send_at) > now ? "scheduled" : "sending");
  return transition(store, issueNumber, ["paused"], next, "resumed", now);
}

/**
 * Cancels a send: what was not sent is marked cancelled. A send cancelled before anything went
 * out may be started again (rescheduled); one that reached anyone may not.
 */
export function cancelSend(store: Store, issueNumber: number, now = new Date()): Promise<SendSummary> {
  return transition(
    store,
    issueNumber,
    ["scheduled", "sending", "paused"],
    () => "cancelled",
    "cancelled",
    now,
  );
}

/** How many subscribers a send started now would reach (the desk's button says so). */
export function audienceSize(store: Store): Promise<number> {
  return countActiveSubscribers(store.db);
}
