import { type Kysely, sql } from "kysely";
import type { Database, EngagementKind } from "../schema.ts";

type Db = Kysely<Database>;

/** What a send counts: frozen when its email is first rendered, so every worker agrees. */
export interface SendTrackingFlags {
  clicks: boolean;
  opens: boolean;
}

/**
 * The send's tracking flags: the first caller's `flags` are stored (the settings when the send
 * began to go out) and every later caller gets those, whatever the settings say by then.
 */
export async function freezeSendTracking(
  db: Db,
  sendId: number,
  flags: SendTrackingFlags,
  now: string,
): Promise<SendTrackingFlags> {
  await db
    .insertInto("send_tracking")
    .values({
      send_id: sendId,
      clicks_on: flags.clicks ? 1 : 0,
      opens_on: flags.opens ? 1 : 0,
      started_at: now,
    })
    .onConflict((oc) => oc.column("send_id").doNothing())
    .execute();
  const row = await db
    .selectFrom("send_tracking")
    .select(["clicks_on", "opens_on"])
    .where("send_id", "=", sendId)
    .executeTakeFirstOrThrow();
  return { clicks: row.clicks_on === 1, opens: row.opens_on === 1 };
}

/** Adds the issue's links to its link table (kept as they are when present); every link's id by URL. */
export async function saveTrackedLinks(
  db: Db,
  issueNumber: number,
  links: readonly { url: string; entryId: number | null }[],
): Promise<Map<string, number>> {
  // A few dozen links an issue: one small insert each keeps under any parameter limit.
  for (const link of links)
    await db
      .insertInto("tracked_links")
      .values({ issue_number: issueNumber, url: link.url, entry_id: link.entryId })
      .onConflict((oc) => oc.columns(["issue_number", "url"]).doNothing())
      .execute();
  const rows = await db
    .selectFrom("tracked_links")
    .select(["id", "url"])
    .where("issue_number", "=", issueNumber)
    .execute();
  return new Map(rows.map((r) => [r.url, r.id]));
}

/** Where a click goes: the link of the delivery's own issue, or undefined (another issue's link, none). */
export async function findClickTarget(
  db: Db,
  deliveryId: number,
  linkId: number,
): Promise<{ url: string; sendId: number } | undefined> {
  return db
    .selectFrom("deliveries")
    .innerJoin("tracked_links", "tracked_links.issue_number", "deliveries.issue_number")
    .select(["tracked_links.url as url", "deliveries.send_id as sendId"])
    .where("deliveries.id", "=", deliveryId)
    .where("tracked_links.id", "=", linkId)
    .executeTakeFirst();
}

/** The send of a delivery (an open names only its delivery). */
export async function findDeliverySend(db: Db, deliveryId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom("deliveries")
    .select("send_id")
    .where("id", "=", deliveryId)
    .executeTakeFirst();
  return row?.send_id;
}

async function hasEvent(db: Db, deliveryId: number, kind: EngagementKind, linkId?: number): Promise<boolean> {
  let q = db
    .selectFrom("engagement_events")
    .select("id")
    .where("delivery_id", "=", deliveryId)
    .where("kind", "=", kind);
  if (linkId !== undefined) q = q.where("link_id", "=", linkId);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

/**
 * One click or open, in the caller's transaction: the reader's row, and the totals (per send;
 * per link for a click). A reader counts once among the clickers or openers, as far as their
 * rows are kept (a reader whose rows were pruned counts again).
 */
export async function insertEngagement(
  db: Db,
  event: { sendId: number; deliveryId: number; kind: EngagementKind; linkId: number | null; at: string },
): Promise<void> {
  const firstOfReader = !(await hasEvent(db, event.deliveryId, event.kind));
  const firstOnLink =
    event.linkId !== null &&
    (firstOfReader || !(await hasEvent(db, event.deliveryId, "click", event.linkId)));
  await db
    .insertInto("engagement_events")
    .values({
      send_id: event.sendId,
      delivery_id: event.deliveryId,
      kind: event.kind,
      link_id: event.linkId,
      at: event.at,
    })
    .execute();
  const [total, unique] =
    event.kind === "click" ? (["clicks", "clickers"] as const) : (["opens", "openers"] as const);
  await db
    .updateTable("send_tracking")
    .set((eb) => ({
      [total]: eb(total, "+", 1),
      [unique]: eb(unique, "+", firstOfReader ? 1 : 0),
    }))
    .where("send_id", "=", event.sendId)
    .execute();
  if (event.linkId !== null)
    await db
      .updateTable("tracked_links")
      .set((eb) => ({ clicks: eb("clicks", "+", 1), clickers: eb("clickers", "+", firstOnLink ? 1 : 0) }))
      .where("id", "=", event.linkId)
      .execute();
}

/** Drops the per-reader rows older than `before` (ISO time); the totals stay. Returns how many. */
export async function deleteEngagementBefore(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom("engagement_events").where("at", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A send's engagement totals and what it counted; undefined when its email was never rendered for sending. */
export interface SendEngagementRow {
  clicksOn: boolean;
  opensOn: boolean;
  clicks: number;
  clickers: number;
  opens: number;
  openers: number;
}

export async function sendEngagementRow(db: Db, sendId: number): Promise<SendEngagementRow | undefined> {
  const row = await db
    .selectFrom("send_tracking")
    .selectAll()
    .where("send_id", "=", sendId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    clicksOn: row.clicks_on === 1,
    opensOn: row.opens_on === 1,
    clicks: Number(row.clicks),
    clickers: Number(row.clickers),
    opens: Number(row.opens),
    openers: Number(row.openers),
  };
}

/** An issue's links with their totals, in the order they were first seen. */
export async function trackedLinkRows(db: Db, issueNumber: number) {
  const rows = await db
    .selectFrom("tracked_links")
    .select(["id", "url", "entry_id", "clicks", "clickers"])
    .where("issue_number", "=", issueNumber)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    entryId: r.entry_id,
    clicks: Number(r.clicks),
    clickers: Number(r.clickers),
  }));
}

/** How many per-reader rows there are (tests, `send status`): what pruning leaves. */
export async function countEngagementEvents(db: Db, sendId?: number): Promise<number> {
  let q = db.selectFrom("engagement_events").select(sql<number>`count(*)`.as("n"));
  if (sendId !== undefined) q = q.where("send_id", "=", sendId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
