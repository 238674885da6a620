import { SummaError } from "../domain/errors.ts";

export interface DownloadGateOptions {
  /** Files built at once: each build is ~1 s of CPU, so one keeps a core free for pages. */
  concurrent?: number;
  /** Requests that may wait for a turn; past that they are told to come back (503). */
  queued?: number;
  /** What Retry-After says, in seconds. */
  retryAfterSeconds?: number;
  /** Downloads one client (address) may start per window: a reader needs a few, a loop many. */
  perClient?: { limit: number; windowMs: number };
}

/** Clients remembered at most; past that the oldest are forgotten (memory, not accuracy). */
const MAX_CLIENTS = 10_000;

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
  private readonly perClient: { limit: number; windowMs: number };
  /** Each client's recent download starts (ms), oldest first; Map order is first-seen order. */
  private readonly starts = new Map<string, number[]>();

  constructor(options: DownloadGateOptions = {}) {
    this.concurrent = options.concurrent ?? 1;
    this.queued = options.queued ?? 2;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
    this.perClient = options.perClient ?? { limit: 10, windowMs: 60_000 };
  }

  /**
   * Counts a download for `client`, or throws download.rate_limited (429) when it has started
   * its limit within the window. Queuing alone left the one build at a time busy for anyone who
   * asked in a loop; this keeps one client from taking every turn. Per process.
   */
  admit(client: string, now = Date.now()): void {
    const since = now - this.perClient.windowMs;
    const recent = (this.starts.get(client) ?? []).filter((t) => t > since);
    if (recent.length >= this.perClient.limit) {
      this.starts.set(client, recent);
      const retryAfterSeconds = Math.max(1, Math.ceil((recent[0]! - since) / 1000));
      throw new SummaError(
        "download.rate_limited",
        `Too many downloads from your address; try again in ${retryAfterSeconds} seconds.`,
        { retryAfterSeconds },
      );
    }
    recent.push(now);
    this.starts.delete(client);
    this.starts.set(client, recent);
    for (const oldest of this.starts.keys()) {
      if (this.starts.size <= MAX_CLIENTS) break;
      this.starts.delete(oldest);
    }
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
