import type { ClaimedDelivery } from "../store/index.ts";
import { Lane, type LaneContext, type MessageResult, type PreparedSend } from "./message.ts";
import type { Pacer } from "./pacer.ts";
import type { SendCache } from "./send-cache.ts";

/** What a worker has done since it started. */
export interface WorkerStats {
  sent: number;
  retried: number;
  failed: number;
  /** Left out at claim time: the subscriber unsubscribed, paused or was suppressed. */
  skipped: number;
}

/** The worker as a batch sees it: what its lanes need, and the worker's state. */
export interface BatchRunner extends LaneContext {
  concurrency: number;
  sends: SendCache;
  /** After a send could not be prepared (no site URL, issue unpublished), its rows wait this long. */
  prepareBackoffMs: number;
  stopping(): boolean;
  /** Aborts when the worker stops (wakes lanes waiting for their pace). */
  signal: AbortSignal;
  stats: WorkerStats;
}

const unique = <T>(values: readonly T[]) => [...new Set(values)];
const editionKey = (row: ClaimedDelivery) => `${row.sendId}:${row.edition}`;

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
  const prepared = await prepareSends(w, rows);
  const ready = rows.filter((r) => prepared.has(editionKey(r)));
  const unprepared = rows.filter((r) => !prepared.has(editionKey(r))).map((r) => r.id);
  await w.queue.release(unprepared, "queued", new Date(Date.now() + w.prepareBackoffMs));

  const pacers = new Map<number, Pacer>();
  for (const id of unique(ready.map((r) => r.sendId))) pacers.set(id, await w.sends.pace(id));

  const leftovers: ClaimedDelivery[] = [];
  let next = 0;
  const lane = async () => {
    const lane = new Lane(w);
    try {
      while (next < ready.length) {
        const row = ready[next++]!;
        if (!(await stillOn(w, row))) {
          leftovers.push(row);
          continue;
        }
        await pacers.get(row.sendId)!.wait(w.signal);
        // A slow pace can make a lane wait long: the send may have been paused meanwhile.
        if (!(await stillOn(w, row))) {
          leftovers.push(row);
          continue;
        }
        count(w.stats, await lane.send(prepared.get(editionKey(row))!, row));
      }
    } finally {
      await lane.finish();
    }
  };
  await Promise.all(Array.from({ length: Math.min(w.concurrency, ready.length) }, lane));
  await handBack(w, leftovers);
}

/** Rows whose subscriber is no longer active are suppressed or cancelled, never sent. */
async function leaveOutDeparted(w: BatchRunner, batch: readonly ClaimedDelivery[]) {
  const statuses = await w.queue.subscriberStatuses(unique(batch.map((r) => r.subscriberId)));
  const keep: ClaimedDelivery[] = [];
  const suppressed: number[] = [];
  const cancelled: number[] = [];
  for (const row of batch) {
    const status = statuses.get(row.subscriberId);
    if (status === "active") keep.push(row);
    else (status === "suppressed" ? suppressed : cancelled).push(row.id);
  }
  await w.queue.release(suppressed, "suppressed");
  await w.queue.release(cancelled, "cancelled");
  w.stats.skipped += suppressed.length + cancelled.length;
  return keep;
}

/** Each send's edition rendered (once per process) with its links; one that fails is left out. */
async function prepareSends(w: BatchRunner, rows: readonly ClaimedDelivery[]) {
  const prepared = new Map<string, PreparedSend>();
  for (const key of unique(rows.map(editionKey))) {
    const row = rows.find((r) => editionKey(r) === key)!;
    try {
      const [template, links, bounces] = await Promise.all([
        w.sends.template(row.sendId, row.edition),
        w.sends.links(row.sendId),
        w.sends.bounces(row.sendId),
      ]);
      prepared.set(key, { template, links, bounces });
    } catch (err) {
      w.log(
        `send ${row.sendId} (${row.edition}) cannot be prepared: ${err instanceof Error ? err.message : err}`,
      );
    }
  }
  return prepared;
}

/** Whether a row may still go out: the worker is not stopping and its send is not paused or cancelled. */
async function stillOn(w: BatchRunner, row: ClaimedDelivery): Promise<boolean> {
  return !w.stopping() && (await w.sends.claimable(row.sendId));
}

function count(stats: WorkerStats, result: MessageResult): void {
  if (result === "sent") stats.sent++;
  else if (result === "retry") stats.retried++;
  else if (result === "failed") stats.failed++;
}

/** Unsent rows go back: cancelled with their send, else to the queue for whoever runs next. */
async function handBack(w: BatchRunner, rows: readonly ClaimedDelivery[]): Promise<void> {
  const cancelled = rows.filter((r) => w.sends.row(r.sendId)?.status === "cancelled").map((r) => r.id);
  const queued = rows.filter((r) => w.sends.row(r.sendId)?.status !== "cancelled").map((r) => r.id);
  await w.queue.release(queued, "queued");
  await w.queue.release(cancelled, "cancelled");
}
