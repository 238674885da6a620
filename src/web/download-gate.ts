import { SummaError } from "../domain/errors.ts";

export interface DownloadGateOptions {
  /** Files built at once: each build is ~1 s of CPU, so one keeps a core free for pages. */
  concurrent?: number;
  /** Requests that may wait for a turn; past that they are told to come back (503). */
  queued?: number;
  /** What Retry-After says, in seconds. */
  retryAfterSeconds?: number;
}

/**
 * Turns for building downloads (the database as xlsx, CSV, BibTeX). A build is a second of CPU
 * on the one thread that also serves every page: six at once made the home page take 1.9 s
 * instead of 0.05 s. At most `concurrent` run; `queued` more wait in order; the rest get
 * server.busy (503 with Retry-After) at once, costing nothing. Per process, like the CPU it guards.
 */
export class DownloadGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly concurrent: number;
  private readonly queued: number;
  private readonly retryAfterSeconds: number;

  constructor(options: DownloadGateOptions = {}) {
    this.concurrent = options.concurrent ?? 1;
    this.queued = options.queued ?? 2;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
  }

  /** Runs `build` in its turn, or throws server.busy when too many are already waiting. */
  async run<T>(build: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrent) {
      if (this.waiting.length >= this.queued)
        throw new SummaError(
          "server.busy",
          `Too many downloads are being prepared; try again in ${this.retryAfterSeconds} seconds.`,
          { retryAfterSeconds: this.retryAfterSeconds },
        );
      // The finishing build hands its turn over (running stays counted), so no one jumps the queue.
      await new Promise<void>((turn) => this.waiting.push(turn));
    } else {
      this.running++;
    }
    try {
      return await build();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
