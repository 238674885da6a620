import { EventEmitter } from "node:events";
import type { Store } from "../store/index.ts";
import type { ReadCandidatesOptions } from "./fetching/index.ts";
import { type LookUpOutcome, lookUpCandidate } from "./look-up.ts";
import { trainInWorker } from "./train-in-worker.ts";
import { retrainIfDue } from "./training.ts";

export interface InboxJobsOptions {
  /**
   * What a retraining is: retrainIfDue with the models computed in a worker thread by default;
   * tests hold one to see the request answer first.
   */
  retrain?: (store: Store, now: string) => Promise<unknown>;
  /** How a suggestion's address is read (tests: a local server with allowPrivate). */
  read?: ReadCandidatesOptions;
  /** Where failures go (stderr by default): nobody waits on these jobs to hear of them. */
  log?: (line: string) => void;
}

/**
 * Events, for tests and anyone watching: "retrained" (what retrain returned), "retrain-failed"
 * (the error), "looked-up" (candidate id, outcome).
 */
export interface InboxJobs {
  readonly events: EventEmitter;
  /** Retrains if due, after the caller's answer has gone; never two at once (a call during one runs once more after it). */
  retrainSoon(now: string): void;
  /** Looks these candidates' addresses up, one after another, after the caller's answer has gone. */
  lookUpSoon(ids: readonly number[]): void;
  /** Resolves once nothing is running or waiting (tests, shutdown). */
  idle(): Promise<void>;
}

/** A turn of the event loop: the job starts after the response that asked for it is written. */
const afterThisTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The inbox's work that a desk or public request triggers but must not wait for: retraining
 * the models (seconds on the real data) every inbox.retrain_every decisions, and looking up a
 * title-less suggestion. One per web process. Two processes on one PostgreSQL may each train
 * once: harmless, the later model is the one used.
 */
export function inboxJobs(store: Store, options: InboxJobsOptions = {}): InboxJobs {
  const events = new EventEmitter();
  const retrain =
    options.retrain ?? ((s: Store, now: string) => retrainIfDue(s, now, { train: trainInWorker }));
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let training: Promise<void> | null = null;
  let again: string | null = null;
  let lookups: Promise<void> = Promise.resolve();
  let waiting = 0;

  const train = (now: string): void => {
    training = (async () => {
      await afterThisTurn();
      try {
        events.emit("retrained", await retrain(store, now));
      } catch (err) {
        log(`summa inbox: retraining failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
        events.emit("retrain-failed", err);
      }
    })().finally(() => {
      training = null;
      if (again !== null) {
        const next = again;
        again = null;
        train(next);
      }
    });
  };

  return {
    events,
    retrainSoon(now) {
      if (training) again = now;
      else train(now);
    },
    lookUpSoon(ids) {
      for (const id of ids) {
        waiting++;
        lookups = lookups
          .then(afterThisTurn)
          .then(() => lookUpCandidate(store, id, options.read))
          .then(
            (outcome: LookUpOutcome) => {
              if (outcome === "failed") log(`summa inbox: looking up candidate #${id} failed (kept as is)`);
              events.emit("looked-up", id, outcome);
            },
            (err: unknown) => log(`summa inbox: looking up candidate #${id}: ${String(err)}`),
          )
          .finally(() => {
            waiting--;
          });
      }
    },
    async idle() {
      while (training || waiting > 0) {
        if (training) await training;
        await lookups;
      }
    },
  };
}
