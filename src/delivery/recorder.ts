import { type AttemptOutcome, type AttemptRecord, recordAttempts, type Store } from "../store/index.ts";

/** How results are gathered into commits. */
export interface RecorderOptions {
  /** A commit starts as soon as this many results wait (the worker's lanes: one each at most). */
  groupSize: number;
  /** ...or once the first of them has waited this long. */
  maxWaitMs: number;
}

/**
 * Writes attempt results for one worker in group commits, as databases do with their logs; the
 * delivery queue (queue.ts) keeps it out of the worker's sight. When results wait and no commit
 * runs, a commit starts once every lane has one waiting (`groupSize`) or the first has waited
 * `maxWaitMs`; results that arrive while a commit runs go together in the next one, started as
 * soon as it ends. Waiting a little is nearly free: a lane
 * does not wait for its result's commit before sending its next message, only before that
 * message's end (message.ts), and sending a message takes longer than the wait. Each lane still
 * has at most one accepted message unrecorded, so a crash duplicates at most one message per
 * lane; what grouping saves is statements and commits (on PostgreSQL, a round trip, a plan and a
 * WAL flush each), which on a CPU-bound machine is throughput.
 */
export class AttemptRecorder {
  #pending: (AttemptRecord & { done(err?: unknown): void })[] = [];
  #flushing = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly worker: string,
    private readonly options: RecorderOptions,
  ) {}

  /** Records one result; resolves once it is committed. */
  record(id: number, result: AttemptOutcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({
        id,
        result,
        at: new Date().toISOString(),
        done: (err) => (err === undefined ? resolve() : reject(err)),
      });
      if (this.#flushing) return; // the running flush takes it next
      if (this.#pending.length >= this.options.groupSize) this.#start();
      else this.#timer ??= setTimeout(() => this.#start(), this.options.maxWaitMs);
    });
  }

  #start(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#flushing) return;
    this.#flushing = true;
    // setImmediate: results delivered in the same turn of the event loop join this commit.
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const group = this.#pending.splice(0);
        try {
          await recordAttempts(this.store.db, this.worker, group);
          for (const r of group) r.done();
        } catch (err) {
          for (const r of group) r.done(err ?? new Error("recording failed"));
        }
      }
    } finally {
      this.#flushing = false;
    }
  }
}
