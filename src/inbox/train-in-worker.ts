import { Worker } from "node:worker_threads";
import { deserialiseInboxModels, type InboxModels } from "./model-json.ts";
import type { TrainingData } from "./train-models.ts";

/**
 * Where the worker's code is: beside this module when running from the sources (through tsx),
 * the build's own entry (dist/inbox-train-worker.js, scripts/build.mjs) in the bundle.
 */
function workerUrl(): URL {
  return import.meta.url.endsWith(".ts")
    ? new URL("./train-worker.ts", import.meta.url)
    : new URL("./inbox-train-worker.js", import.meta.url);
}

/**
 * Trains the inbox's models in a worker thread (a ModelTrainer for trainInbox): seconds of CPU
 * on the real data that would otherwise hold up every request of the web process.
 */
export function trainInWorker(data: TrainingData): Promise<InboxModels> {
  const url = workerUrl();
  // A worker thread does not inherit this process's tsx hooks: from the sources, a small
  // script registers them in the worker before importing its TypeScript.
  const worker = url.pathname.endsWith(".ts")
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`,
        { eval: true, workerData: data },
      )
    : new Worker(url, { workerData: data });
  return new Promise((resolve, reject) => {
    let done = false;
    worker.once("message", (text: string) => {
      done = true;
      try {
        resolve(deserialiseInboxModels(text));
      } catch (err) {
        reject(err);
      }
    });
    worker.once("error", (err) => {
      done = true;
      reject(err);
    });
    worker.once("exit", (code) => {
      if (!done) reject(new Error(`the inbox's training worker stopped (exit code ${code}) without models`));
    });
  });
}
