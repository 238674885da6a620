import type { InboxJobs } from "./background.ts";
import type { SourcesFetchResult } from "./fetch-runs.ts";

export interface InboxFetchSchedule {
  /** No run starts after this; one under way finishes (the server's close waits for the jobs). */
  stop(): void;
}

/**
 * `summa serve --fetch-inbox-every`: the sources fetched through the process's inbox jobs, the
 * same ones the desk's "Fetch now" uses, so a scheduled fetch and a desk fetch never run at
 * once. The first run starts now; the next `everyMs` after any fetch ends (the desk's too), so
 * runs never overlap however slow the sources. `onFetched` hears of every run's end.
 */
export function scheduleInboxFetches(
  jobs: InboxJobs,
  options: { everyMs: number; onFetched?: (result: SourcesFetchResult) => void },
): InboxFetchSchedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // A run the desk started when the timer fired ends with "fetched" too, which sets the next.
  const tick = () => {
    if (!stopped) jobs.fetchSourcesSoon({ startedBy: "schedule" });
  };
  const fetched = (result: SourcesFetchResult) => {
    options.onFetched?.(result);
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, options.everyMs);
  };
  jobs.events.on("fetched", fetched);
  tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      jobs.events.off("fetched", fetched);
    },
  };
}
