import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { releaseDueIssues } from "../issues/index.ts";
import {
  DEFAULT_RETRY,
  type MailTransport,
  type MessageSigner,
  type RetryPolicy,
  unsigned,
} from "../mail/index.ts";
import type { Store } from "../store/index.ts";
import { pruneEngagement } from "../tracking/index.ts";
import { type BatchRunner, processBatch, type WorkerStats } from "./batch.ts";
import { storeQueue } from "./queue.ts";
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
  /** Signs each personalised message before it is sent (DKIM, say); default: unsigned. */
  sign?: MessageSigner;
  /** Progress and problems, one line each (default: nowhere). */
  log?: (line: string) => void;
}

/** A running worker. */
export interface DeliveryWorker {
  readonly id: string;
  readonly stats: WorkerStats;
  /**
   * How many times the worker found nothing due and waited: a caller (a test) can tell the
   * worker has looked again, instead of sleeping and hoping it did.
   */
  readonly idleRounds: number;
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
/** How often a worker drops per-reader click and open rows past their 30 days (tracking/prune.ts). */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** host:pid:random: unique per run, and says where the worker is when a row looks stuck. */
export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/**
 * Starts a delivery worker on `store`, sending through `transport` until stop(). The loop:
 * finished sends are marked done, a batch of due rows is claimed under a lease and sent
 * (batch.ts), and when nothing is due the worker waits `pollMs`. A heartbeat renews the leases
 * every third of `leaseMs`, so a slow batch keeps its rows and a dead worker's rows come back
 * one lease later.
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
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const log = options.log ?? (() => {});
  const abort = new AbortController();
  const stats: WorkerStats = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  const queue = storeQueue(store, { worker: id, leaseMs, groupSize: concurrency, maxWaitMs: RECORD_WAIT_MS });
  const runner: BatchRunner = {
    queue,
    transport,
    retry: options.retry ?? DEFAULT_RETRY,
    sign: options.sign ?? unsigned,
    concurrency,
    sends: new SendCache(store, options.refreshMs ?? 1000),
    prepareBackoffMs: Math.max(pollMs, 30_000),
    stopping: () => abort.signal.aborted,
    signal: abort.signal,
    log,
    stats,
  };

  const heartbeat = setInterval(
    () => queue.extend().catch((err) => log(`heartbeat: ${err}`)),
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  heartbeat.unref();
  let idleRounds = 0;
  let releasedAt = 0;
  let prunedAt = 0;
  const idle = (ms: number) => sleep(ms, undefined, { signal: abort.signal }).catch(() => {});

  async function run(): Promise<void> {
    while (!abort.signal.aborted) {
      try {
        await queue.settle(pollMs);
        // A send may be scheduled with its issue: the issue goes public first, so the message
        // links to a page that exists (and renders, as public reads do, only once it is public).
        if (Date.now() - releasedAt >= pollMs) {
          await releaseDueIssues(store);
          releasedAt = Date.now();
        }
        // Who clicked or opened is kept 30 days (unless the editor keeps it): checked hourly.
        if (Date.now() - prunedAt >= PRUNE_EVERY_MS) {
          prunedAt = Date.now();
          const pruned = await pruneEngagement(store);
          if (pruned > 0) log(`worker ${id}: dropped ${pruned} click and open rows older than 30 days`);
        }
        const batch = await queue.claim(batchSize);
        if (batch.length > 0) {
          await processBatch(runner, batch);
          continue;
        }
        // Nothing due: the last rows may just have been sent, so settle before waiting.
        await queue.settle(1);
        idleRounds++;
        await idle(pollMs);
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
    get idleRounds() {
      return idleRounds;
    },
    async stop() {
      abort.abort();
      await finished;
    },
  };
}
