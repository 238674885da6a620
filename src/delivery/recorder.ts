import { type AttemptOutcome, type AttemptRecord, recordAttempts, type Store } from "../store/index.ts";

/**
 * Writes attempt results for one worker, each as soon as it can: a result starts a commit in
 * the same turn of the event loop (setImmediate: after the other replies that arrived with it),
 * and results that arrive while a commit runs go together in the next one (group commit, as
 * databases do with their logs). Nothing waits on a timer, so a result is never held back
 * longer than one commit, and every lane waits for its own result's commit before it sends
 * again: a crash can still only duplicate messages accepted but not yet committed, at most one
 * per lane. One commit of several results writes each page once (SQLite's commit is
 * synchronous, hence setImmediate: without it, every commit would hold a single result).
 */
export class AttemptRecorder {
  #pending: (AttemptRecord & { done(err?: unknown): void })[] = [];
  #flushing = false;

  constructor(
    private readonly store: Store,
    private readonly worker: string,
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
      if (!this.#flushing) {
        this.#flushing = true;
        setImmediate(() => void this.#flush());
      }
    });
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
