import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type {
  BounceKind,
  Database,
  DeliveryStatus,
  Edition,
  SubscriberStatus,
  UnsubscribeVia,
} from "../schema.ts";
import type { SubscriberRow } from "./subscribers.ts";

type Db = Kysely<Database>;

/** What the desk's subscriber list is narrowed to: words in the address or name, a status, an edition. */
export interface SubscriberFilter {
  text?: string;
  status?: SubscriberStatus;
  edition?: Edition;
}

/** `%text%` for LIKE, with the user's own %, _ and \ matched literally (ESCAPE '\'). */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function applyFilter<O>(
  query: SelectQueryBuilder<Database, "subscribers", O>,
  filter: SubscriberFilter,
): SelectQueryBuilder<Database, "subscribers", O> {
  let q = query;
  if (filter.status) q = q.where("status", "=", filter.status);
  if (filter.edition) q = q.where("edition", "=", filter.edition);
  const text = filter.text?.trim();
  if (text) {
    // Addresses are stored lowercased; names are lowercased here (ASCII only on SQLite).
    const pattern = containsPattern(text);
    q = q.where(sql<boolean>`(email like ${pattern} escape '\\' or lower(name) like ${pattern} escape '\\')`);
  }
  return q;
}

/** A page of subscribers matching the filter, newest first, and how many match in all. */
export async function searchSubscribers(
  db: Db,
  filter: SubscriberFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: SubscriberRow[]; total: number }> {
  const counted = await applyFilter(db.selectFrom("subscribers"), filter)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  const rows = await applyFilter(db.selectFrom("subscribers").selectAll(), filter)
    .orderBy("id", "desc")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows, total: Number(counted?.n ?? 0) };
}

/** One issue sent (or being sent) to a subscriber. */
export interface SubscriberDeliveryRow {
  id: number;
  send_id: number;
  issue_number: number;
  edition: Edition;
  status: DeliveryStatus;
  attempts: number;
  last_reply: string;
  sent_at: string | null;
}

/** The subscriber's deliveries, newest first (at most `limit`). */
export async function listSubscriberDeliveries(
  db: Db,
  subscriberId: number,
  limit: number,
): Promise<SubscriberDeliveryRow[]> {
  return db
    .selectFrom("deliveries")
    .select(["id", "send_id", "issue_number", "edition", "status", "attempts", "last_reply", "sent_at"])
    .where("subscriber_id", "=", subscriberId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** A bounce or complaint counted for a subscriber (or received for its address). */
export interface SubscriberBounceRow {
  id: number;
  kind: BounceKind;
  source: string;
  detail: string;
  at: string;
}

/** Bounces and complaints for this subscriber or its address, newest first. */
export async function listSubscriberBounces(
  db: Db,
  subscriber: { id: number; email: string },
  limit: number,
): Promise<SubscriberBounceRow[]> {
  return db
    .selectFrom("bounce_events")
    .select(["id", "kind", "source", "detail", "at"])
    .where((eb) => eb.or([eb("subscriber_id", "=", subscriber.id), eb("email", "=", subscriber.email)]))
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** One unsubscribe of a subscriber: when, how, and the send whose email was used. */
export interface SubscriberUnsubscribeRow {
  id: number;
  at: string;
  via: UnsubscribeVia;
  send_id: number | null;
}

/** The subscriber's unsubscribes, newest first. */
export async function listSubscriberUnsubscribes(
  db: Db,
  subscriberId: number,
  limit: number,
): Promise<SubscriberUnsubscribeRow[]> {
  return db
    .selectFrom("unsubscribe_events")
    .select(["id", "at", "via", "send_id"])
    .where("subscriber_id", "=", subscriberId)
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** How many subscribers receive each edition (editions with none are left out). */
export async function countSubscribersByEdition(db: Db): Promise<Partial<Record<Edition, number>>> {
  const rows = await db
    .selectFrom("subscribers")
    .select(["edition", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("edition")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.edition, Number(r.n)]));
}
