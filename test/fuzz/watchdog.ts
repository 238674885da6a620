import { Worker } from "node:worker_threads";

/**
 * Notices an input that never finishes. The per-input time is measured after the call returns,
 * which a synchronous endless loop (or a promise that never settles) never does: this thread
 * watches a counter the fuzzer bumps per input, and when it stands still for `limitMs` it saves
 * the input it was given (shared memory, so no message from the stuck thread is needed), says
 * where on stderr, and ends the process, so CI fails with the input instead of waiting forever.
 */
export interface Watchdog {
  /** Called before each input. */
  begin(label: string, input: Uint8Array): void;
  /** Called after each input. */
  end(): void;
  stop(): Promise<void>;
}

const WORKER = `
const { workerData } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const { state, input, label, limitMs, dir } = workerData;
let seen = -1;
let since = Date.now();
setInterval(() => {
  const seq = Atomics.load(state, 0);
  if (seq !== seen || Atomics.load(state, 3) === 0) {
    seen = seq;
    since = Date.now();
    return;
  }
  if (Date.now() - since < limitMs) return;
  const name = Buffer.from(label.subarray(0, Atomics.load(state, 2))).toString("utf8");
  const file = path.join(dir, "hang-" + name.replace(/[^A-Za-z0-9_.-]/g, "_"));
  fs.writeFileSync(file, input.subarray(0, Atomics.load(state, 1)));
  fs.writeSync(2, "\\nfuzz: " + name + " ran for more than " + limitMs + " ms without finishing; input saved at " + file + "\\n");
  process.kill(process.pid, "SIGKILL");
}, 200);
`;

export function startWatchdog(limitMs: number, dir: string, maxBytes: number): Watchdog {
  // [sequence, input length, label length, running]
  const state = new Int32Array(new SharedArrayBuffer(16));
  const input = new Uint8Array(new SharedArrayBuffer(maxBytes));
  const label = new Uint8Array(new SharedArrayBuffer(512));
  const worker = new Worker(WORKER, { eval: true, workerData: { state, input, label, limitMs, dir } });
  worker.unref();
  return {
    begin(name, bytes) {
      const n = Math.min(bytes.length, input.length);
      input.set(bytes.subarray(0, n));
      const { written } = new TextEncoder().encodeInto(name, label);
      Atomics.store(state, 1, n);
      Atomics.store(state, 2, written);
      Atomics.add(state, 0, 1);
      Atomics.store(state, 3, 1);
    },
    end() {
      Atomics.store(state, 3, 0);
    },
    async stop() {
      await worker.terminate();
    },
  };
}
