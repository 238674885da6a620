import { setTimeout as sleep } from "node:timers/promises";
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDeliveries,
  extendLeases,
  releaseDeliveries,
  type Store,
  type SubscriberStatus,
  settleSends,
  subscriberStatuses,
} from "../store/index.ts";
import { AttemptRecorder } from "./recorder.ts";

/**
 * The deliveries as a worker sees them: the one narrow interface to the database on its send
 * path (the other is the mail transport), so the worker's loop reads as what it does. The SQL
 * is the store's (store/repositories/deliveries.ts, delivery-attempts.ts); when to sweep for
 * expired leases, group commits and retried records are this module's, hidden from the worker.
 */
export interface DeliveryQueue {
  /**
   * Claims up to `limit` due rows under a lease: queued rows whose time has come, and now and
   * then (and whenever nothing else is due) rows whose worker died with them.
   */
  claim(limit: number): Promise<ClaimedDelivery[]>;
  /** Renews the leases on every row this worker holds (its heartbeat). */
  extend(): Promise<void>;
  /** Gives rows back without an attempt: to the queue (not before `notBefore`), or cancelled / suppressed. */
  release(
    ids: readonly number[],
    status: "queued" | "cancelled" | "suppressed",
    notBefore?: Date,
  ): Promise<void>;
  /**
   * Records one attempt's result; resolves once it is committed. Results share commits, and a
   * commit that fails is tried again a few times before this rejects.
   */
  record(id: number, result: AttemptOutcome): Promise<void>;
  /** Marks finished sends done, unless that was done less than `maxAgeMs` ago. */
  settle(maxAgeMs?: number): Promise<void>;
  /** Subscribers' statuses now (the audience froze earlier: some may have left since). */
  subscriberStatuses(ids: readonly number[]): Promise<Map<number, SubscriberStatus>>;
}

export interface QueueOptions {
  /** Names this worker in claimed_by. */
  worker: string;
  /** How long a claim lasts without a heartbeat. */
  leaseMs: number;
  /** A commit starts once this many results wait (the worker's lanes)... */
  groupSize: number;
  /** ...or once the first of them has waited this long. */
  maxWaitMs: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The queue over Summa's own tables, for one worker. */
export function storeQueue(store: Store, options: QueueOptions): DeliveryQueue {
  const { worker, leaseMs } = options;
  const recorder = new AttemptRecorder(store, worker, options);
  // A dead worker's rows wait out their lease anyway: looking for them a few times per lease
  // (not before every batch) delays them by a fraction of it, and spares a search that walks
  // every row in "sending" (on PostgreSQL, the index entries of every row that ever was).
  const sweepMs = Math.min(5000, leaseMs / 4);
  let sweptAt = 0;
  let settledAt = 0;

  const take = (now: number, limit: number, expired: boolean) => {
    if (expired) sweptAt = now;
    return claimDeliveries(store.db, store.dialect, {
      worker,
      limit,
      now: iso(now),
      leaseUntil: iso(now + leaseMs),
      expired,
    });
  };

  return {
    async claim(limit) {
      const now = Date.now();
      const batch = await take(now, limit, now - sweptAt >= sweepMs);
      // Nothing due: look for expired leases now, unless that was just done.
      if (batch.length === 0 && sweptAt !== now) return take(now, limit, true);
      return batch;
    },
    extend: () => extendLeases(store.db, worker, iso(Date.now() + leaseMs)),
    release: (ids, status, notBefore) =>
      releaseDeliveries(store.db, worker, ids, status, notBefore?.toISOString()),
    record: (id, result) => withRetries(() => recorder.record(id, result)),
    async settle(maxAgeMs = 0) {
      const now = Date.now();
      if (now - settledAt < maxAgeMs) return;
      await settleSends(store.db, iso(now));
      settledAt = Date.now();
    },
    subscriberStatuses: (ids) => subscriberStatuses(store.db, ids),
  };
}

/** The database briefly away (a restart, a failover) should not cost a message its record. */
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
