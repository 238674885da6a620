import { countRateEvents, deleteRateEventsBefore, recordRateEvent, type Store } from "../store/index.ts";

/** A limit: at most `limit` events per `windowMs`, counted across every process (rate_events). */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/**
 * Counts one event for `key` if the window has room, and says whether it had. Counting and
 * recording are two statements, so processes racing at the very edge may let one or two
 * extra through: a limit against floods, not an exact quota.
 */
export async function takeRateSlot(
  store: Store,
  key: { prefix: string; id: string },
  rule: RateLimit,
  now: Date,
): Promise<boolean> {
  const since = new Date(now.getTime() - rule.windowMs).toISOString();
  const name = `${key.prefix}${key.id}`;
  if ((await countRateEvents(store.db, name, since)) >= rule.limit) return false;
  await recordRateEvent(store.db, name, now.toISOString());
  await prune(store, key.prefix, since, now, rule.windowMs);
  return true;
}

const lastPruned = new Map<string, number>();

/**
 * Events older than the window count for nothing: once a window (per process and prefix) they
 * are deleted for every key of the prefix, so clients seen once do not stay in the table.
 */
async function prune(store: Store, prefix: string, since: string, now: Date, windowMs: number) {
  if (now.getTime() - (lastPruned.get(prefix) ?? 0) < windowMs) return;
  lastPruned.set(prefix, now.getTime());
  await deleteRateEventsBefore(store.db, prefix, since);
}
