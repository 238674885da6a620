import { deleteEngagementBefore, readNewsletterSettings, type Store } from "../store/index.ts";

/** How long who clicked or opened is kept, unless tracking.keep_subscriber_rows is on. */
export const SUBSCRIBER_ROWS_DAYS = 30;

/**
 * Drops per-reader click and open rows older than 30 days, unless the editor keeps them
 * (tracking.keep_subscriber_rows); the totals per send, link and entry are counters and stay.
 * Returns how many rows went. Workers run it on their loop (at most hourly).
 */
export async function pruneEngagement(store: Store, now = new Date()): Promise<number> {
  const settings = await readNewsletterSettings(store.db);
  if (settings.tracking.keepSubscriberRows) return 0;
  const before = new Date(now.getTime() - SUBSCRIBER_ROWS_DAYS * 24 * 60 * 60 * 1000);
  return deleteEngagementBefore(store.db, before.toISOString());
}
