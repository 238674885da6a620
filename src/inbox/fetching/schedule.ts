import type { Store } from "../../store/index.ts";
import { type FetchSourcesOptions, fetchSources, type SourceReport } from "./fetch-sources.ts";

export interface SourceSchedule {
  /** Stops the schedule; resolves once a fetch under way has finished (nothing is cut off). */
  stop(): Promise<void>;
}

export interface ScheduleOptions extends FetchSourcesOptions {
  /** Time from the end of one run to the start of the next. */
  everyMs: number;
  /** Each run's reports (serve logs the errors). */
  onReports?: (reports: SourceReport[]) => void;
  /** A run that failed as a whole (the database unreachable). The schedule goes on. */
  onError?: (err: unknown) => void;
}

/**
 * `summa serve`'s hook: fetchSources now and then every `everyMs` after each run ends, so two
 * runs never overlap, however slow the sources. One process should hold the schedule (several
 * serve processes on one PostgreSQL would each fetch: the intake's dedup keeps that correct,
 * the sources' servers would see more requests than needed).
 */
export function scheduleSourceFetches(store: Store, options: ScheduleOptions): SourceSchedule {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const runOnce = async () => {
    try {
      options.onReports?.(await fetchSources(store, options));
    } catch (err) {
      options.onError?.(err);
    }
  };
  const tick = () => {
    if (stopped) return;
    running = runOnce().then(() => {
      if (!stopped) timer = setTimeout(tick, options.everyMs);
    });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
