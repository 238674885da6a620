import { setTimeout as sleep } from "node:timers/promises";

/**
 * Spaces message starts evenly at `perSecond` (null: no limit). Each caller of wait() gets the
 * next free slot, so concurrent lanes of one worker share one pace. There is no stored-up
 * burst: after a pause the next message goes at once and the following ones at the pace.
 */
export class Pacer {
  #interval = 0;
  #next = 0;

  constructor(perSecond: number | null = null) {
    this.setRate(perSecond);
  }

  /** Changes the pace (a worker learns how many others share a send's rate once per batch). */
  setRate(perSecond: number | null): void {
    this.#interval = perSecond && perSecond > 0 ? 1000 / perSecond : 0;
  }

  /** Resolves when the caller may start its message, or at once when `signal` aborts. */
  async wait(signal?: AbortSignal): Promise<void> {
    if (this.#interval === 0) return;
    const now = performance.now();
    const slot = Math.max(now, this.#next);
    this.#next = slot + this.#interval;
    if (slot > now) await sleep(slot - now, undefined, { signal }).catch(() => {});
  }
}
