import type { MailTransport } from "../mail/index.ts";
import {
  type ClaimedDelivery,
  type DeliveryStatus,
  releaseDeliveries,
  type Store,
  subscriberStatuses,
} from "../store/index.ts";
import { type SendContext, sendDelivery } from "./message.ts";
import type { Pacer } from "./pacer.ts";
import type { RetryPolicy } from "./policy.ts";
import type { AttemptRecorder } from "./recorder.ts";
import { Scratch } from "./scratch.ts";
import type { SendCache } from "./send-cache.ts";

/** What a worker has done since it started. */
export interface WorkerStats {
  sent: number;
  retried: number;
  failed: number;
  /** Left out at claim time: the subscriber unsubscribed, paused or was suppressed. */
  skipped: number;
}

/** The worker as a batch sees it. */
export interface BatchRunner {
  store: Store;
  transport: MailTransport;
  worker: string;
  /** MAIL FROM. */
  from: string;
  concurrency: number;
  retry: RetryPolicy;
  recorder: AttemptRecorder;
  sends: SendCache;
  /** After a send could not be prepared (no site URL, issue unpublished), its rows wait this long. */
  prepareBackoffMs: number;
  stopping(): boolean;
  /** Aborts when the worker stops (wakes lanes waiting for their pace). */
  signal: AbortSignal;
  log(line: string): void;
  stats: WorkerStats;
}

const unique = (values: number[]) => [...new Set(values)];

/**
 * Sends one claimed batch: leaves out readers who left since the audience froze, prepares each
 * send's editions, then runs `concurrency` lanes that each take the next row, wait for the
 * send's pace, send and record. Before every message a lane checks the send is still on (its
 * row at most a second old), so pause and cancel stop a batch mid-way; whatever was not sent is
 * handed back (cancelled, or queued again).
 */
export async function processBatch(w: BatchRunner, batch: readonly ClaimedDelivery[]): Promise<void> {
  const rows = await leaveOutDeparted(w, batch);
  await w.sends.load(unique(rows.map((r) => r.sendId)));

  const contexts = new Map<string, SendContext>();
  for (const key of unique(rows.map((r) => r.sendId))) {
    for (const edition of new Set(rows.filter((r) => r.sendId === key).map((r) => r.edition))) {
      try {
        const [template, links] = await Promise.all([w.sends.template(key, edition), w.sends.links(key)]);
        contexts.set(`${key}:${edition}`, { ...w, links, template });
      } catch (err) {
        w.log(`send ${key} (${edition}) cannot be prepared: ${err instanceof Error ? err.message : err}`);
      }
    }
  }
  const ready = rows.filter((r) => contexts.has(`${r.sendId}:${r.edition}`));
  const unprepared = rows.filter((r) => !contexts.has(`${r.sendId}:${r.edition}`)).map((r) => r.id);
  const later = new Date(Date.now() + w.prepareBackoffMs).toISOString();
  await releaseDeliveries(w.store.db, w.worker, unprepared, "queued", later);

  const pacers = new Map<number, Pacer>();
  for (const id of unique(ready.map((r) => r.sendId))) pacers.set(id, await w.sends.pace(id));

  const leftovers: ClaimedDelivery[] = [];
  let next = 0;
  const couldNotRecord = (err: unknown) =>
    w.log(`could not record a result: ${err instanceof Error ? err.message : err}`);
  const lane = async () => {
    // The commit of this lane's last result: its next message's end waits for it (message.ts),
    // and the lane ends only once it is in.
    let recorded: Promise<void> = Promise.resolve();
    const scratch = new Scratch();
    try {
      while (next < ready.length) {
        const row = ready[next++]!;
        if (w.stopping() || !(await w.sends.claimable(row.sendId))) {
          leftovers.push(row);
          continue;
        }
        await pacers.get(row.sendId)!.wait(w.signal);
        // A slow pace can make a lane wait long: the send may have been paused meanwhile.
        if (w.stopping() || !(await w.sends.claimable(row.sendId))) {
          leftovers.push(row);
          continue;
        }
        try {
          const sent = await sendDelivery(
            contexts.get(`${row.sendId}:${row.edition}`)!,
            row,
            recorded,
            scratch,
          );
          recorded = sent.recorded;
          if (sent.result === "sent") w.stats.sent++;
          else if (sent.result === "retry") w.stats.retried++;
          else w.stats.failed++;
        } catch (err) {
          // Only recording can throw here (the previous result's, so this message was dropped
          // before its end): both rows stay "sending" and are retried after their lease.
          couldNotRecord(err);
          w.log(`delivery ${row.id}: not sent, left for its lease to run out`);
          recorded = Promise.resolve();
        }
      }
    } finally {
      await recorded.catch(couldNotRecord);
    }
  };
  await Promise.all(Array.from({ length: Math.min(w.concurrency, ready.length) }, lane));
  await handBack(w, leftovers);
}

/** Rows whose subscriber is no longer active are suppressed or cancelled, never sent. */
async function leaveOutDeparted(w: BatchRunner, batch: readonly ClaimedDelivery[]) {
  const statuses = await subscriberStatuses(w.store.db, unique(batch.map((r) => r.subscriberId)));
  const keep: ClaimedDelivery[] = [];
  const suppressed: number[] = [];
  const cancelled: number[] = [];
  for (const row of batch) {
    const status = statuses.get(row.subscriberId);
    if (status === "active") keep.push(row);
    else (status === "suppressed" ? suppressed : cancelled).push(row.id);
  }
  await releaseDeliveries(w.store.db, w.worker, suppressed, "suppressed");
  await releaseDeliveries(w.store.db, w.worker, cancelled, "cancelled");
  w.stats.skipped += suppressed.length + cancelled.length;
  return keep;
}

/** Unsent rows go back: cancelled with their send, else to the queue for whoever runs next. */
async function handBack(w: BatchRunner, rows: readonly ClaimedDelivery[]): Promise<void> {
  const by = new Map<DeliveryStatus, number[]>();
  for (const row of rows) {
    const status = w.sends.row(row.sendId)?.status === "cancelled" ? "cancelled" : "queued";
    by.set(status, [...(by.get(status) ?? []), row.id]);
  }
  for (const [status, ids] of by)
    await releaseDeliveries(w.store.db, w.worker, ids, status as "queued" | "cancelled");
}
