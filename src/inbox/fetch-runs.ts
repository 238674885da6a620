import { insertInboxFetchRun, latestInboxFetchRun, type Store } from "../store/index.ts";
import type { SourceReport } from "./fetching/index.ts";

/** Who started a fetch of the sources: the desk's "Fetch now", `summa inbox fetch`, serve's schedule. */
export type FetchStartedBy = "desk" | "command line" | "schedule";

/** A fetch of the sources: which ones (null: every one that is on), by whom, since when. */
export interface SourcesFetchRun {
  only: string[] | null;
  startedBy: FetchStartedBy;
  startedAt: string;
}

/** How a fetch ended: a report per source, or the error that stopped it before any ran. */
export interface SourcesFetchResult extends SourcesFetchRun {
  finishedAt: string;
  report: SourceReport[];
  error: string | null;
}

const STARTED_BY: readonly string[] = ["desk", "command line", "schedule"];

/**
 * Keeps a finished fetch in the database, whoever started it, so the desk's "last fetch" is the
 * same after a restart and whether the run came from the desk, the command line or the schedule.
 */
export async function recordFetchRun(store: Store, result: SourcesFetchResult): Promise<void> {
  await insertInboxFetchRun(store.db, {
    started_by: result.startedBy,
    only_sources: result.only ? JSON.stringify(result.only) : null,
    started_at: result.startedAt,
    finished_at: result.finishedAt,
    report: JSON.stringify(result.report),
    error: result.error,
  });
}

/** The newest finished fetch of the sources, from any process (null before the first). */
export async function lastFetchRun(store: Store): Promise<SourcesFetchResult | null> {
  const row = await latestInboxFetchRun(store.db);
  if (!row) return null;
  return {
    only: row.only_sources === null ? null : (JSON.parse(row.only_sources) as string[]),
    startedBy: (STARTED_BY.includes(row.started_by) ? row.started_by : "command line") as FetchStartedBy,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    report: JSON.parse(row.report) as SourceReport[],
    error: row.error,
  };
}
