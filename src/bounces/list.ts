import { listBounceEvents, type Store } from "../store/index.ts";

/** A recorded bounce or complaint, as `summa bounces list` shows it. */
export interface BounceRecord {
  at: string;
  email: string;
  kind: "hard" | "soft" | "complaint";
  source: string;
  detail: string;
  /** Whether the address was a subscriber's when the event arrived (else: recorded only). */
  subscriber: boolean;
}

/** The latest recorded events, newest first, optionally for one address. */
export async function recentBounces(
  store: Store,
  options: { email?: string; limit?: number } = {},
): Promise<BounceRecord[]> {
  const email = options.email?.trim().toLowerCase();
  const rows = await listBounceEvents(store.db, { email, limit: options.limit ?? 50 });
  return rows.map((r) => ({
    at: r.at,
    email: r.email,
    kind: r.kind,
    source: r.source,
    detail: r.detail,
    subscriber: r.subscriber_id !== null,
  }));
}
