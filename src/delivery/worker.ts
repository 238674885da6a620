import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { MailTransport } from "../mail/index.ts";
import { claimDeliveries, extendLeases, getSettings, type Store, settleSends } from "../store/index.ts";
import { type BatchRunner, processBatch, type WorkerStats } from "./batch.ts";
import { DEFAULT_RETRY, type RetryPolicy } from "./policy.ts";
import { AttemptRecorder } from "./recorder.ts";
import { SendCache } from "./send-cache.ts";

/** How a worker runs; every interval is configurable so tests can use short ones. */
export interface WorkerOptions {
  /** Names this worker in claimed_by; default host:pid:random, unique per run. */
  id?: string;
  /** Messages in flight at once (match the transport's connections). Default 4. */
  concurrency?: number;
  /** Rows per claim. Default 100. */
  batchSize?: number;
  /** How long a claim lasts without a heartbeat; a dead worker's rows return after it. Default 60 s. */
  leaseMs?: number;
  /** The wait when there is nothing to send. Default 1 s. */
  pollMs?: number;
  /** How old a send's status may be when a lane checks it (pause/cancel latency). Default 1 s. */
  refreshMs?: number;
  retry?: RetryPolicy;
  /** Progress and problems, one line each (default: nowhere). */
  log?: (line: string) => void;
}

/** A running worker. */
export interface DeliveryWorker {
  readonly id: string;
  readonly stats: WorkerStats;
  /**
   * Stops claiming, lets messages in flight finish and be recorded, hands back the rest of the
   * batch, and resolves when the loop has ended. The transport is the caller's to close.
   */
  stop(): Promise<void>;
  /** Resolves when the loop ends (after stop()). */
  readonly finished: Promise<void>;
}

/**
 * How long a result may wait for the other lanes' before its commit starts (recorder.ts): well
 * under the time one message takes to send, which the wait overlaps.
 */
const RECORD_WAIT_MS = 2;

/** host:pid:random: unique per run, and says where the worker is when a row looks stuck. */
export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/**
 * Starts a delivery worker on `store`, sending through `transport` until stop(). The loop:
 * housekeeping (scheduled sends that are due start, finished ones are marked done), claim a
 * batch of due rows under a lease, send it (batch.ts), repeat; when nothing is due, wait
 * `pollMs`. A heartbeat renews the leases every third of `leaseMs`, so a slow batch keeps its
 * rows and a dead worker's rows come back one lease later.
 */
export function startWorker(
  store: Store,
  transport: MailTransport,
  options: WorkerOptions = {},
): DeliveryWorker {
  const id = options.id ?? defaultWorkerId();
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 100;
  // A dead worker's rows wait out their lease anyway: looking for them a few times per lease
  // (not before every batch) delays them by a fraction of it.
  const sweepMs = Math.min(5000, leaseMs / 4);
  const log = options.log ?? (() => {});
  const abort = new AbortController();
  const stats: WorkerStats = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  const iso = (ms = Date.now()) => new Date(ms).toISOString();

  const heartbeat = setInterval(
    () => extendLeases(store.db, id, iso(Date.now() + leaseMs)).catch((err) => log(`heartbeat: ${err}`)),
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  heartbeat.unref();

  const idle = (ms: number) => sleep(ms, undefined, { signal: abort.signal }).catch(() => {});

  async function run(): Promise<void> {
    const settings = await getSettings(store.db);
    const concurrency = Math.max(1, options.concurrency ?? 4);
    const runner: BatchRunner = {
      store,
      transport,
      worker: id,
      from: settings["newsletter.from_address"],
      concurrency,
      retry: options.retry ?? DEFAULT_RETRY,
      recorder: new AttemptRecorder(store, id, { groupSize: concurrency, maxWaitMs: RECORD_WAIT_MS }),
      sends: new SendCache(store, options.refreshMs ?? 1000),
      prepareBackoffMs: Math.max(pollMs, 30_000),
      stopping: () => abort.signal.aborted,
      signal: abort.signal,
      log,
      stats,
    };
    let settledAt = 0;
    let sweptAt = 0;
    const claim = (now: number, expired: boolean) => {
      if (expired) sweptAt = now;
      return claimDeliveries(store.db, store.dialect, {
        worker: id,
        limit: batchSize,
        now: iso(now),
        leaseUntil: iso(now + leaseMs),
        expired,
      });
    };
    while (!abort.signal.aborted) {
      try {
        if (Date.now() - settledAt >= pollMs) {
          await settleSends(store.db, iso());
          settledAt = Date.now();
        }
        const now = Date.now();
        // Rows a dead worker left are looked for every `sweepMs`, and whenever the queue is empty.
        let batch = await claim(now, now - sweptAt >= sweepMs);
        if (batch.length === 0 && sweptAt !== now) batch = await claim(now, true);
        if (batch.length === 0) {
          // Nothing due: the last rows may just have been sent, so settle before waiting.
          if (settledAt < now) await settleSends(store.db, iso());
          settledAt = Date.now();
          await idle(pollMs);
          continue;
        }
        await processBatch(runner, batch);
      } catch (err) {
        log(`worker ${id}: ${err instanceof Error ? err.message : err}`);
        await idle(pollMs);
      }
    }
  }

  const finished = run().finally(() => clearInterval(heartbeat));
  return {
    id,
    stats,
    finished,
    async stop() {
      abort.abort();
      await finished;
    },
  };
}
