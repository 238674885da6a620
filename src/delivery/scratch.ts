/**
 * A lane's message memory, used again for each message it sends. A newsletter is some 50 KB per
 * reader; a fresh buffer for each is 50 KB of memory outside the JavaScript heap per message,
 * which V8 answers with full garbage collections, several a second once the process's heap has
 * grown (in a long-running worker, or the benchmark after its baselines: a third of the
 * sender's time, measured in bench/delivery.ts).
 *
 * A message's bytes may be overwritten only once nothing will read them again: after the
 * server accepted the message (every byte was written and answered). After any failure a
 * socket may still hold them in a write queue, so the memory is let go instead (`abandon`).
 */
export class Scratch {
  #memory: Buffer = Buffer.alloc(0);

  /** `size` bytes to write a message into (their content is whatever was there before). */
  take(size: number): Buffer {
    // A little headroom: the next reader's address or name may be a few bytes longer.
    if (this.#memory.length < size) this.#memory = Buffer.allocUnsafeSlow(Math.ceil(size * 1.1));
    return this.#memory.subarray(0, size);
  }

  /** The last message's bytes may still be read: the next one gets new memory. */
  abandon(): void {
    this.#memory = Buffer.alloc(0);
  }
}
