import { type ExpressionBuilder, type Insertable, type Kysely, type Selectable, sql } from "kysely";
import type { Database, InboxCandidateTable, InboxStatus } from "../schema.ts";
import { visibleEntry } from "../visible.ts";

type Db = Kysely<Database>;

export type InboxCandidateRow = Selectable<InboxCandidateTable>;
export type NewInboxCandidateRow = Insertable<InboxCandidateTable>;

export async function insertInboxCandidate(db: Db, row: NewInboxCandidateRow): Promise<number> {
  const { id } = await db
    .insertInto("inbox_candidates")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export function getInboxCandidate(db: Db, id: number): Promise<InboxCandidateRow | undefined> {
  return db.selectFrom("inbox_candidates").selectAll().where("id", "=", id).executeTakeFirst();
}

export function getInboxCandidates(db: Db, ids: readonly number[]): Promise<InboxCandidateRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("inbox_candidates")
    .selectAll()
    .where("id", "in", [...new Set(ids)])
    .orderBy("id")
    .execute();
}

/** What intake matches a new item against: every candidate's keys (the inbox is thousands, not millions). */
export function inboxCandidateKeys(db: Db) {
  return db
    .selectFrom("inbox_candidates")
    .select(["id", "source", "external_id", "url_key", "title_key", "title", "also_from"])
    .orderBy("id")
    .execute();
}

export interface InboxListFilter {
  statuses?: readonly InboxStatus[];
  /** Brought by this source: the first to deliver the item, or one named in its also_from. */
  source?: string;
  /** Published on or after this day (YYYY-MM-DD). */
  from?: string;
  /** Published on or before this day. */
  to?: string;
}

/**
 * A candidate brought by this source: its first `source`, or a name in `also_from`, the JSON
 * list intake writes with JSON.stringify (no spaces). One query for both databases, matched on
 * the JSON text rather than with SQLite's json_each or PostgreSQL's jsonb operators: the list's
 * brackets become commas (`,"a","b",`) and the name is looked for as `,"name",`, its quotes and
 * backslashes escaped as JSON escapes them. Inside a JSON string a quote is always escaped
 * (`\"`), so an unescaped `,"` only starts an element and the match is a whole element, never
 * part of one; `replace()` compares exactly on both databases, where SQLite's LIKE would ignore
 * ASCII case and "Zotero" would match "zotero". A table of (candidate, source) rows would be
 * indexable, but it would be a second copy of also_from to keep in step, for an inbox of
 * thousands of rows.
 */
function fromSource(source: string) {
  return (eb: ExpressionBuilder<Database, "inbox_candidates">) => {
    const list = sql<string>`(',' || substr(also_from, 2, length(also_from) - 2) || ',')`;
    const element = `,${JSON.stringify(source)},`;
    return eb.or([eb("source", "=", source), eb(sql`replace(${list}, ${element}, '')`, "<>", list)]);
  };
}

/** Candidates by the filter, best score first (unscored last), then newest. */
export function listInboxCandidates(db: Db, filter: InboxListFilter): Promise<InboxCandidateRow[]> {
  let q = db.selectFrom("inbox_candidates").selectAll();
  if (filter.statuses?.length) q = q.where("status", "in", [...filter.statuses]);
  if (filter.source) q = q.where(fromSource(filter.source));
  if (filter.from) q = q.where("published", ">=", filter.from);
  if (filter.to) q = q.where("published", "<=", filter.to);
  return q
    .orderBy((eb) => eb.case().when("score", "is", null).then(1).else(0).end())
    .orderBy("score", "desc")
    .orderBy("published", "desc")
    .orderBy("id", "desc")
    .execute();
}

/** How many candidates each status has under the filter's source and dates (its statuses ignored). */
export async function countInboxByStatus(
  db: Db,
  filter: Omit<InboxListFilter, "statuses">,
): Promise<Partial<Record<InboxStatus, number>>> {
  let q = db
    .selectFrom("inbox_candidates")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("status");
  if (filter.source) q = q.where(fromSource(filter.source));
  if (filter.from) q = q.where("published", ">=", filter.from);
  if (filter.to) q = q.where("published", "<=", filter.to);
  const out: Partial<Record<InboxStatus, number>> = {};
  for (const r of await q.execute()) out[r.status as InboxStatus] = Number(r.n);
  return out;
}

/**
 * What a lookup of a title-less suggestion's address found, written only while the candidate
 * still has its address as its title (an editor's own title, or an earlier lookup, wins). False
 * when it no longer had.
 */
export async function fillInboxCandidate(
  db: Db,
  id: number,
  url: string,
  set: Pick<InboxCandidateRow, "title" | "title_key" | "authors" | "abstract" | "venue" | "published">,
): Promise<boolean> {
  const r = await db
    .updateTable("inbox_candidates")
    .set({ ...set, lookup_error: null, score: null })
    .where("id", "=", id)
    .where("title", "=", url)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * The sources the inbox holds, for the desk's filter: those that brought a candidate first and
 * those named only in also_from (a source whose every item another had brought already).
 */
export async function inboxSources(db: Db): Promise<string[]> {
  const first = await db.selectFrom("inbox_candidates").select("source").distinct().execute();
  const also = await db
    .selectFrom("inbox_candidates")
    .select("also_from")
    .distinct()
    .where("also_from", "<>", "[]")
    .execute();
  const names = new Set(first.map((r) => r.source));
  for (const r of also) for (const name of JSON.parse(r.also_from) as string[]) names.add(name);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function updateInboxCandidate(
  db: Db,
  id: number,
  set: Partial<
    Pick<
      InboxCandidateRow,
      | "status"
      | "snoozed_until"
      | "entry_id"
      | "decided_by"
      | "decided_at"
      | "hat_tip"
      | "lookup_error"
      | "also_from"
      | "duplicate_candidate_id"
    >
  >,
): Promise<void> {
  await db.updateTable("inbox_candidates").set(set).where("id", "=", id).execute();
}

/**
 * The candidates linked to this one as possible copies, still to triage: those marked as
 * duplicates of it, and the one it is marked as a duplicate of.
 */
export function openCopiesOf(db: Db, row: Pick<InboxCandidateRow, "id" | "duplicate_candidate_id">) {
  return db
    .selectFrom("inbox_candidates")
    .select(["id", "duplicate_candidate_id"])
    .where((eb) =>
      eb.or([
        eb("duplicate_candidate_id", "=", row.id),
        ...(row.duplicate_candidate_id === null ? [] : [eb("id", "=", row.duplicate_candidate_id)]),
      ]),
    )
    .where("status", "in", ["new", "snoozed"])
    .where("id", "!=", row.id)
    .orderBy("id")
    .execute();
}

/** Candidates set aside as duplicates of this one when it was decided. */
export async function copiesSetAsideFor(db: Db, id: number): Promise<number[]> {
  const rows = await db
    .selectFrom("inbox_candidates")
    .select("id")
    .where("duplicate_candidate_id", "=", id)
    .where("status", "=", "duplicate")
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/** Ids of the candidates marked as possible copies of each of these, by the candidate they copy. */
export async function copiesOfCandidates(db: Db, ids: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom("inbox_candidates")
    .select(["id", "duplicate_candidate_id"])
    .where("duplicate_candidate_id", "in", [...new Set(ids)])
    .orderBy("id")
    .execute();
  for (const r of rows) {
    const of = r.duplicate_candidate_id!;
    out.set(of, [...(out.get(of) ?? []), r.id]);
  }
  return out;
}

/** Titles and statuses of these candidates, by id (what "duplicate of #N" names). */
export async function candidateTitles(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { title: string; status: InboxStatus }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("inbox_candidates")
    .select(["id", "title", "status"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { title: r.title, status: r.status }]));
}

/** Snoozed candidates whose time has come go back to "new". */
export async function wakeSnoozedCandidates(db: Db, now: string): Promise<number> {
  const r = await db
    .updateTable("inbox_candidates")
    .set({ status: "new", snoozed_until: null })
    .where("status", "=", "snoozed")
    .where("snoozed_until", "<=", now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function setInboxScore(
  db: Db,
  id: number,
  score: { score: number | null; explain: string; categories: string },
): Promise<void> {
  await db
    .updateTable("inbox_candidates")
    .set({ score: score.score, score_explain: score.explain, suggested_categories: score.categories })
    .where("id", "=", id)
    .execute();
}

/** The decided candidates a model learns from: picked, passed over and dismissed. */
export function decidedInboxCandidates(db: Db): Promise<InboxCandidateRow[]> {
  return db
    .selectFrom("inbox_candidates")
    .selectAll()
    .where("status", "in", ["picked", "passed", "dismissed"])
    .orderBy("id")
    .execute();
}

/** Desk decisions (picks and dismissals) made after a time: what triggers a retraining. */
export async function countInboxDecisionsSince(db: Db, since: string | null): Promise<number> {
  let q = db
    .selectFrom("inbox_candidates")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "in", ["picked", "dismissed"])
    .where("decided_at", "is not", null);
  if (since) q = q.where("decided_at", ">", since);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertInboxModel(
  db: Db,
  row: { model: string; trained_at: string; decisions: number; positives: number },
): Promise<number> {
  const { id } = await db.insertInto("inbox_models").values(row).returning("id").executeTakeFirstOrThrow();
  return id;
}

export function latestInboxModel(db: Db) {
  return db.selectFrom("inbox_models").selectAll().orderBy("id", "desc").limit(1).executeTakeFirst();
}

/** Every visible entry's title and issue: what intake matches titles against, and what trains the models. */
export function entriesForInbox(db: Db) {
  return db
    .selectFrom("entries")
    .select([
      "id",
      "title",
      "title_key",
      "url",
      "authors",
      "venue",
      "category",
      "summary",
      "issue_label",
      "issue_number",
      "status",
      "created_at",
    ])
    .where(visibleEntry())
    .orderBy("id")
    .execute();
}

/**
 * A summarizer's queue: drafts picked from the inbox and assigned to them (the entry's
 * created_by, which is what makes an entry theirs on the desk), oldest pick first.
 */
export function queuedEntriesOf(db: Db, userId: number) {
  return db
    .selectFrom("inbox_candidates")
    .innerJoin("entries", "entries.id", "inbox_candidates.entry_id")
    .select([
      "entries.id as entryId",
      "entries.title as title",
      "entries.category as category",
      "inbox_candidates.url as url",
      "inbox_candidates.hat_tip as hatTip",
      "inbox_candidates.decided_by as pickedBy",
      "inbox_candidates.decided_at as pickedAt",
    ])
    .where("entries.created_by", "=", userId)
    .where("entries.status", "=", "draft")
    .orderBy("inbox_candidates.decided_at")
    .execute();
}
