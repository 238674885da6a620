import { EventEmitter } from "node:events";
import type { Store } from "../store/index.ts";
import type { SourcesFetchResult, SourcesFetchRun } from "./fetch-runs.ts";
import type { ReadCandidatesOptions, SourceReport } from "./fetching/index.ts";
import { type FetchIntoInboxOptions, fetchIntoInbox } from "./from-sources.ts";
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
 * (the error), "looked-up" (candidate id, outcome), "fetched" (the SourcesFetchResult, also
 * recorded in the database: fetch-runs.ts).
 */
export interface InboxJobs {
  readonly events: EventEmitter;
  /** Retrains if due, after the caller's answer has gone; never two at once (a call during one runs once more after it). */
  retrainSoon(now: string): void;
  /** Looks these candidates' addresses up, one after another, after the caller's answer has gone. */
  lookUpSoon(ids: readonly number[]): void;
  /**
   * Fetches the sources into the inbox after the caller's answer has gone (arXiv's 3 s between
   * requests makes a fetch last long): the run, or null when one is already running (never two).
   * startedBy: "desk" unless said ("schedule").
   */
  fetchSourcesSoon(options?: FetchIntoInboxOptions): SourcesFetchRun | null;
  /** The fetch under way, if any. */
  fetchRunning(): SourcesFetchRun | null;
  /** Resolves once nothing is running or waiting (tests, shutdown). */
  idle(): Promise<void>;
}

/** A turn of the event loop: the job starts after the response that asked for it is written. */
const afterThisTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The inbox's work that a desk or public request triggers but must not wait for: retraining
 * the models (seconds on the real data) every inbox.retrain_every decisions, looking up a
 * title-less suggestion, and the desk's "Fetch now" of the sources. One per web process. Two processes on one PostgreSQL may each train
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
  let fetching: { run: SourcesFetchRun; done: Promise<void> } | null = null;

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
    fetchSourcesSoon(fetchOptions = {}) {
      if (fetching) return null;
      const clock = fetchOptions.now ?? (() => new Date());
      const run: SourcesFetchRun = {
        only: fetchOptions.only ? [...fetchOptions.only] : null,
        startedBy: fetchOptions.startedBy ?? "desk",
        startedAt: clock().toISOString(),
      };
      const done = (async () => {
        await afterThisTurn();
        let report: SourceReport[] = [];
        let error: string | null = null;
        try {
          report = await fetchIntoInbox(store, { ...fetchOptions, startedBy: run.startedBy });
        } catch (err) {
          // Each source's own failure is in its report; this is one that stopped the whole run.
          error = err instanceof Error ? err.message : String(err);
          log(
            `summa inbox: fetching the sources failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`,
          );
        }
        const result: SourcesFetchResult = { ...run, finishedAt: clock().toISOString(), report, error };
        fetching = null;
        events.emit("fetched", result);
      })();
      fetching = { run, done };
      return run;
    },
    fetchRunning: () => fetching?.run ?? null,
    async idle() {
      while (training || waiting > 0 || fetching) {
        if (training) await training;
        if (fetching) await fetching.done;
        await lookups;
      }
    },
  };
}
