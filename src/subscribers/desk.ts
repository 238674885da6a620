import { SummaError } from "../domain/errors.ts";
import { EDITIONS, validateEmail } from "../domain/subscriber-input.ts";
import {
  countSubscribersByEdition,
  type Edition,
  findSubscriber,
  findSubscriberById,
  listSubscriberBounces,
  listSubscriberDeliveries,
  listSubscriberUnsubscribes,
  type Store,
  type SubscriberBounceRow,
  type SubscriberDeliveryRow,
  type SubscriberFilter,
  type SubscriberRow,
  type SubscriberStatus,
  type SubscriberUnsubscribeRow,
  searchSubscribers,
} from "../store/index.ts";
import { addSubscriber, SUBSCRIBER_STATUSES, subscriberCounts } from "./operator.ts";
import { changeTesters } from "./testers.ts";

/** The subscriber list as the desk shows it: a page of a search, and the counts beside it. */

/** Rows per page of the desk's list. */
export const SUBSCRIBERS_PER_PAGE = 50;
/** The most history rows of each kind one subscriber's page shows (newest first). */
export const HISTORY_LIMIT = 100;

/** A filter from query parameters: unknown statuses and editions are refused, naming the value. */
export function parseSubscriberFilter(query: {
  q?: string;
  status?: string;
  edition?: string;
}): SubscriberFilter {
  const filter: SubscriberFilter = {};
  const text = (query.q ?? "").trim();
  if (text) filter.text = text.slice(0, 200);
  if (query.status) {
    if (!(SUBSCRIBER_STATUSES as readonly string[]).includes(query.status))
      throw new SummaError("input.invalid", `Unknown status "${query.status.slice(0, 40)}"`, {
        field: "status",
      });
    filter.status = query.status as SubscriberStatus;
  }
  if (query.edition) {
    if (!(EDITIONS as readonly string[]).includes(query.edition))
      throw new SummaError("input.invalid", `Unknown edition "${query.edition.slice(0, 40)}"`, {
        field: "edition",
      });
    filter.edition = query.edition as Edition;
  }
  return filter;
}

export interface SubscriberPage {
  rows: SubscriberRow[];
  /** How many match the filter. */
  total: number;
  page: number;
  pages: number;
  /** The whole list by status and by edition (not narrowed by the filter). */
  counts: Record<SubscriberStatus, number>;
  editions: Record<Edition, number>;
}

/** One page (1-based) of subscribers matching the filter, newest first, with the list's counts. */
export async function browseSubscribers(
  store: Store,
  filter: SubscriberFilter,
  page = 1,
): Promise<SubscriberPage> {
  const wanted = Number.isInteger(page) && page > 0 ? page : 1;
  const { rows, total } = await searchSubscribers(store.db, filter, {
    limit: SUBSCRIBERS_PER_PAGE,
    offset: (wanted - 1) * SUBSCRIBERS_PER_PAGE,
  });
  const byEdition = await countSubscribersByEdition(store.db);
  return {
    rows,
    total,
    page: wanted,
    pages: Math.max(1, Math.ceil(total / SUBSCRIBERS_PER_PAGE)),
    counts: await subscriberCounts(store),
    editions: { full: byEdition.full ?? 0, highlights: byEdition.highlights ?? 0 },
  };
}

/** One subscriber and what happened to them: issues sent, bounces, unsubscribes. */
export interface SubscriberHistory {
  subscriber: SubscriberRow;
  deliveries: SubscriberDeliveryRow[];
  bounces: SubscriberBounceRow[];
  unsubscribes: SubscriberUnsubscribeRow[];
}

/** The subscriber with this id and their history (each list newest first, HISTORY_LIMIT at most). */
export async function subscriberHistory(store: Store, id: number): Promise<SubscriberHistory> {
  const subscriber = await findSubscriberById(store.db, id);
  if (!subscriber) throw new SummaError("not_found", `No subscriber has the id ${id}`);
  return {
    subscriber,
    deliveries: await listSubscriberDeliveries(store.db, id, HISTORY_LIMIT),
    bounces: await listSubscriberBounces(store.db, subscriber, HISTORY_LIMIT),
    unsubscribes: await listSubscriberUnsubscribes(store.db, id, HISTORY_LIMIT),
  };
}

/** Puts the subscriber with this id on the test list, or takes them off it (`summa subscribers tester`). */
export async function setSubscriberTester(store: Store, id: number, tester: boolean): Promise<void> {
  const subscriber = await findSubscriberById(store.db, id);
  if (!subscriber) throw new SummaError("not_found", `No subscriber has the id ${id}`);
  await changeTesters(store, [subscriber.email], tester);
}

/**
 * The desk's add: a new address, active with consent now (the editor vouches that the person
 * asked), edition as chosen, source "desk". An address already on the list is refused (conflict)
 * rather than changed: the form must not quietly resubscribe someone who left or lift a
 * suppression (`summa subscribers add` does that, deliberately).
 */
export async function addSubscriberOnDesk(
  store: Store,
  input: { email: string; name?: string; edition?: Edition },
): Promise<SubscriberRow> {
  const email = validateEmail(input.email);
  const known = await findSubscriber(store.db, email);
  if (known)
    throw new SummaError("conflict", `${email} is already on the list (${known.status})`, { id: known.id });
  return (await addSubscriber(store, { ...input, email, status: "active", source: "desk" })).subscriber;
}
