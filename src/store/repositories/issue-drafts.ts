import { type Kysely, sql, type Transaction } from "kysely";
import { selectInBatches } from "../parameter-limit.ts";
import type { Database, IssueStatus } from "../schema.ts";
import { visibleEntry } from "../visible.ts";

/**
 * The queries of composing an issue on the desk: numbering drafts, moving entries in and out
 * of an issue, publishing. Functions that must see a consistent picture take the transaction
 * the service opened (a Kysely<Database> either way).
 */
type Db = Kysely<Database>;

/** The highest issue number in use, by an issue row or by an entry's issue (0 when none). */
export async function maxIssueNumber(db: Db): Promise<number> {
  const issues = await db
    .selectFrom("issues")
    .select((eb) => eb.fn.max<number | null>("number").as("n"))
    .executeTakeFirst();
  const entries = await db
    .selectFrom("entries")
    .select((eb) => eb.fn.max<number | null>("issue_number").as("n"))
    .where(visibleEntry())
    .executeTakeFirst();
  return Math.max(Number(issues?.n ?? 0), Number(entries?.n ?? 0));
}

/**
 * Inserts a draft issue with this number unless the number is taken (by a concurrent
 * creator); returns whether it was inserted, so the caller can try the next number.
 */
export async function insertDraftIssue(
  db: Db,
  row: { number: number; subject: string; intro: string },
): Promise<boolean> {
  const result = await db
    .insertInto("issues")
    .values({
      ...row,
      subject_source: row.subject ? "editor" : "none",
      url: "",
      date: null,
      status: "draft",
      published_at: null,
    })
    .onConflict((oc) => oc.column("number").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Claims a draft issue for the rest of the transaction: a no-op write that holds the issue's
 * row lock on PostgreSQL (SQLite has one writer anyway), so publishing and composing the same
 * issue cannot interleave. False when the issue is missing or not a draft (once the other
 * transaction has committed).
 */
export async function lockDraftIssue(db: Transaction<Database>, number: number): Promise<boolean> {
  const result = await db
    .updateTable("issues")
    .set({ status: "draft" })
    .where("number", "=", number)
    .where("status", "=", "draft")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** One issue row, or undefined. */
export async function findIssueRow(db: Db, number: number) {
  return db.selectFrom("issues").selectAll().where("number", "=", number).executeTakeFirst();
}

/** What composing needs to know about entries: status, issue, title key, highlight. */
export async function findEntryStates(db: Db, ids: number[]) {
  return selectInBatches(db, ids, (batch) =>
    db
      .selectFrom("entries")
      .select(["id", "title", "title_key", "status", "issue_number", "issue_label", "highlight"])
      .where("id", "in", batch)
      .where(visibleEntry())
      .execute(),
  );
}

/** Entries other than `exceptIds` that have one of these title keys under this issue label. */
export async function findTitleClashes(db: Db, titleKeys: string[], issueLabel: string, exceptIds: number[]) {
  if (titleKeys.length === 0) return [];
  let query = db
    .selectFrom("entries")
    .select(["id", "title", "title_key"])
    .where("title_key", "in", titleKeys)
    .where("issue_label", "=", issueLabel)
    .where(visibleEntry());
  if (exceptIds.length) query = query.where("id", "not in", exceptIds);
  return query.execute();
}

/** Puts entries in an issue: its number, label and URL, status in_issue, at the end of their subsection. */
export async function assignEntriesToIssue(
  db: Db,
  ids: number[],
  issue: { number: number; label: string; url: string },
  now: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("entries")
    .set({
      issue_number: issue.number,
      issue_label: issue.label,
      issue_url: issue.url,
      issue_position: null,
      status: "in_issue",
      updated_at: now,
      version: sql`version + 1`,
    })
    .where("id", "in", ids)
    .execute();
}

/** Takes an entry out of its issue: ready to be picked again, with no issue. */
export async function releaseEntryFromIssue(db: Db, id: number, now: string): Promise<void> {
  await db
    .updateTable("entries")
    .set({
      issue_number: null,
      issue_label: "",
      issue_url: "",
      issue_position: null,
      status: "ready",
      updated_at: now,
      version: sql`version + 1`,
    })
    .where("id", "=", id)
    .execute();
}

export async function setEntryHighlightFlag(db: Db, id: number, highlight: boolean, now: string) {
  await db
    .updateTable("entries")
    .set({ highlight: highlight ? 1 : 0, updated_at: now, version: sql`version + 1` })
    .where("id", "=", id)
    .execute();
}

/** How many entries an issue has. */
export async function countIssueEntries(db: Db, number: number): Promise<number> {
  const row = await db
    .selectFrom("entries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("issue_number", "=", number)
    .where(visibleEntry())
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks an issue published, with its date and URL, and its entries with it. */
export async function markIssuePublished(
  db: Db,
  number: number,
  values: { publishedAt: string; date: string; url: string },
): Promise<void> {
  await db
    .updateTable("issues")
    .set({ status: "published", published_at: values.publishedAt, date: values.date, url: values.url })
    .where("number", "=", number)
    .execute();
  await db
    .updateTable("entries")
    .set({ status: "published", updated_at: values.publishedAt })
    .where("issue_number", "=", number)
    .execute();
  // Entries learn their issue's address only now; an address set by hand is kept.
  if (values.url)
    await db
      .updateTable("entries")
      .set({ issue_url: values.url })
      .where("issue_number", "=", number)
      .where("issue_url", "=", "")
      .execute();
}

export interface IssueDraftRow {
  number: number;
  date: string | null;
  subject: string;
  status: IssueStatus;
  published_at: string | null;
  entries: number;
}

/** Issues with one of these statuses, newest (highest number) first, a page at a time, with entry counts. */
export async function listIssuesByStatus(
  db: Db,
  options: { status: IssueStatus | IssueStatus[]; limit: number; offset?: number },
): Promise<IssueDraftRow[]> {
  const rows = await db
    .selectFrom("issues")
    .leftJoin("entries", (join) =>
      join.onRef("entries.issue_number", "=", "issues.number").on(visibleEntry()),
    )
    .select([
      "issues.number",
      "issues.date",
      "issues.subject",
      "issues.status",
      "issues.published_at",
      (eb) => eb.fn.count<number>("entries.id").as("entries"),
    ])
    .where("issues.status", "in", ([] as IssueStatus[]).concat(options.status))
    .groupBy(["issues.number", "issues.date", "issues.subject", "issues.status", "issues.published_at"])
    .orderBy("issues.number", "desc")
    .limit(options.limit)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map((r) => ({ ...r, entries: Number(r.entries) }));
}

/** How many issues have one of these statuses. */
export async function countIssuesByStatus(db: Db, status: IssueStatus | IssueStatus[]): Promise<number> {
  const row = await db
    .selectFrom("issues")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "in", ([] as IssueStatus[]).concat(status))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface ReadyEntryRow {
  id: number;
  title: string;
  category: string;
  summarizer: string;
  highlight: number;
  summary: string;
}

/**
 * Entries ready to be picked, most recently changed first; `titleContains` matches anywhere in
 * the title, case-insensitively, with `%` and `_` taken literally.
 */
export async function listReadyEntries(
  db: Db,
  options: { titleContains?: string; limit: number },
): Promise<ReadyEntryRow[]> {
  let query = db
    .selectFrom("entries")
    .select(["id", "title", "category", "summarizer", "highlight", "summary"])
    .where("status", "=", "ready")
    .where(visibleEntry());
  const words = options.titleContains?.trim();
  if (words) {
    const pattern = `%${words.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    query = query.where(sql<boolean>`lower(title) like ${pattern} escape '\\'`);
  }
  return query.orderBy("updated_at", "desc").orderBy("id", "desc").limit(options.limit).execute();
}
