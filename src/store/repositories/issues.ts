import type { Kysely } from "kysely";
import { publicDay } from "../../domain/publication.ts";
import { selectInBatches } from "../parameter-limit.ts";
import type { Database, IssueStatus } from "../schema.ts";
import { publicIssue, visibleEntry } from "../visible.ts";

/** An issue a sheet names: its address, and the subject that address holds (null: none). */
export interface SheetIssue {
  number: number;
  url: string;
  /** Absent when the sheet gave no address (a CSV): the subject is then left as it is. */
  subject?: string | null;
}

/**
 * Adds issues not yet known, takes the sheet's issue URL when it has one, and the subject that
 * URL holds unless the editor wrote one (subject_source "editor"). Returns how many were added.
 */
export async function upsertIssues(db: Kysely<Database>, issues: SheetIssue[]): Promise<number> {
  if (issues.length === 0) return 0;
  const existing = await selectInBatches(
    db,
    issues.map((i) => i.number),
    (batch) =>
      db
        .selectFrom("issues")
        .select(["number", "url", "subject", "subject_source"])
        .where("number", "in", batch)
        .execute(),
  );
  const known = new Map(existing.map((i) => [i.number, i]));
  const added = issues.filter((i) => !known.has(i.number));
  if (added.length) {
    await db
      .insertInto("issues")
      .values(
        added.map((i) => ({
          number: i.number,
          url: i.url,
          date: null,
          subject: i.subject ?? "",
          subject_source: i.subject ? ("slug" as const) : ("none" as const),
        })),
      )
      .execute();
  }
  for (const i of issues) {
    const row = known.get(i.number);
    if (!row) continue;
    const set: { url?: string; subject?: string; subject_source?: "slug" | "none" } = {};
    if (i.url && row.url !== i.url) set.url = i.url;
    if (i.subject !== undefined && row.subject_source !== "editor" && row.subject !== (i.subject ?? "")) {
      set.subject = i.subject ?? "";
      set.subject_source = i.subject ? "slug" : "none";
    }
    if (Object.keys(set).length)
      await db.updateTable("issues").set(set).where("number", "=", i.number).execute();
  }
  return added.length;
}

export interface IssueSummary {
  number: number;
  url: string;
  date: string | null;
  subject: string;
  status: IssueStatus;
  entries: number;
}

export interface ListIssuesOptions {
  /**
   * The public archive: published issues not dated after today (store/visible.ts publicIssue),
   * counting only their published entries.
   */
  publishedOnly?: boolean;
  /** The day public reads are for (YYYY-MM-DD, UTC); today when absent. */
  asOf?: string;
  /** A page of the list: at most `limit` issues after skipping `offset`. */
  limit?: number;
  offset?: number;
}

/** Issues, newest first, with their entry counts; `publishedOnly` for the public archive. */
export async function listIssues(
  db: Kysely<Database>,
  options: ListIssuesOptions = {},
): Promise<IssueSummary[]> {
  const published = options.publishedOnly === true;
  let query = db.selectFrom("issues").leftJoin("entries", (join) => {
    const on = join.onRef("entries.issue_number", "=", "issues.number").on(visibleEntry());
    return published ? on.on("entries.status", "=", "published") : on;
  });
  if (published) query = query.where(publicIssue(options.asOf ?? publicDay()));
  let ordered = query
    .select([
      "issues.number",
      "issues.url",
      "issues.date",
      "issues.subject",
      "issues.status",
      (eb) => eb.fn.count<number>("entries.id").as("entries"),
    ])
    .groupBy(["issues.number", "issues.url", "issues.date", "issues.subject", "issues.status"])
    .orderBy("issues.number", "desc");
  if (options.limit !== undefined) ordered = ordered.limit(options.limit).offset(options.offset ?? 0);
  const rows = await ordered.execute();
  return rows.map((r) => ({ ...r, entries: Number(r.entries) }));
}

/** How many issues there are (public ones only with `publishedOnly`): the archive's page count. */
export async function countIssues(
  db: Kysely<Database>,
  options: { publishedOnly?: boolean; asOf?: string } = {},
): Promise<number> {
  let query = db.selectFrom("issues").select((eb) => eb.fn.countAll<number>().as("n"));
  if (options.publishedOnly) query = query.where(publicIssue(options.asOf ?? publicDay()));
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The public issues just before and after `number` (null at either end): an issue page's links. */
export async function adjacentPublishedIssues(
  db: Kysely<Database>,
  number: number,
  asOf: string = publicDay(),
): Promise<{ previous: number | null; next: number | null }> {
  const published = db.selectFrom("issues").where(publicIssue(asOf));
  const previous = await published
    .select((eb) => eb.fn.max<number | null>("number").as("n"))
    .where("number", "<", number)
    .executeTakeFirst();
  const next = await published
    .select((eb) => eb.fn.min<number | null>("number").as("n"))
    .where("number", ">", number)
    .executeTakeFirst();
  const n = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return { previous: n(previous?.n), next: n(next?.n) };
}

/** Of these issue numbers, those of issues dated after `day` (YYYY-MM-DD): not public yet. */
export async function issuesDatedAfter(
  db: Kysely<Database>,
  numbers: readonly number[],
  day: string,
): Promise<Set<number>> {
  if (numbers.length === 0) return new Set();
  const rows = await db
    .selectFrom("issues")
    .select("number")
    .where("number", "in", [...new Set(numbers)])
    .where("date", ">", day)
    .execute();
  return new Set(rows.map((r) => r.number));
}

export async function getIssue(db: Kysely<Database>, number: number) {
  return db.selectFrom("issues").selectAll().where("number", "=", number).executeTakeFirst();
}

/** The entries of one issue, with the editor's layout columns; `publishedOnly` for the public site. */
export async function issueEntryRows(
  db: Kysely<Database>,
  number: number,
  options: { publishedOnly?: boolean } = {},
) {
  let query = db.selectFrom("entries").selectAll().where("issue_number", "=", number).where(visibleEntry());
  if (options.publishedOnly) query = query.where("status", "=", "published");
  return query.orderBy("id").execute();
}

export interface IssueMetaUpdate {
  subject?: string;
  date?: string | null;
  intro?: string;
  url?: string;
}

/** Changes what the editor writes about an issue (creating the issue if it is new); a subject written here is the editor's. */
export async function saveIssueMeta(
  db: Kysely<Database>,
  number: number,
  update: IssueMetaUpdate,
): Promise<void> {
  const existing = await db
    .selectFrom("issues")
    .select("number")
    .where("number", "=", number)
    .executeTakeFirst();
  if (!existing) {
    await db
      .insertInto("issues")
      .values({
        number,
        url: update.url ?? "",
        date: update.date ?? null,
        subject: update.subject ?? "",
        subject_source: update.subject ? "editor" : "none",
        intro: update.intro ?? "",
      })
      .execute();
    return;
  }
  const set: Record<string, unknown> = Object.fromEntries(
    Object.entries(update).filter(([, v]) => v !== undefined),
  );
  // A subject the editor writes (even an empty one) is theirs: imports leave it alone from now on.
  if (update.subject !== undefined) set.subject_source = "editor";
  if (Object.keys(set).length) await db.updateTable("issues").set(set).where("number", "=", number).execute();
}

/**
 * The editor's order: entries listed get positions 1, 2, 3... (each keeps its subsection;
 * the order applies within it). Returns the ids that are not in this issue.
 */
export async function setIssueOrder(
  db: Kysely<Database>,
  number: number,
  entryIds: number[],
): Promise<number[]> {
  const rows = await db
    .selectFrom("entries")
    .select("id")
    .where("issue_number", "=", number)
    .where(visibleEntry())
    .execute();
  const inIssue = new Set(rows.map((r) => r.id));
  const foreign = entryIds.filter((id) => !inIssue.has(id));
  if (foreign.length) return foreign;
  // A new order replaces the old one whole: entries left out fall back to the sheet's order.
  await db.updateTable("entries").set({ issue_position: null }).where("issue_number", "=", number).execute();
  for (const [i, id] of entryIds.entries()) {
    await db
      .updateTable("entries")
      .set({ issue_position: i + 1 })
      .where("id", "=", id)
      .execute();
  }
  return [];
}

/** Each issue's published URL, for the numbers given. */
export async function issueUrls(db: Kysely<Database>, numbers: number[]): Promise<Map<number, string>> {
  const rows = await selectInBatches(db, numbers, (batch) =>
    db.selectFrom("issues").select(["number", "url"]).where("number", "in", batch).execute(),
  );
  return new Map(rows.map((r) => [r.number, r.url]));
}

/**
 * When the public archive last changed: the latest issue published on the desk or import
 * published, whichever is later (ISO); null before either ever happened. Atom's `updated` for
 * issues without a date.
 */
export async function archiveChangedAt(db: Kysely<Database>): Promise<string | null> {
  const published = await db
    .selectFrom("issues")
    .select((eb) => eb.fn.max<string | null>("published_at").as("at"))
    .executeTakeFirst();
  const imported = await db
    .selectFrom("imports")
    .select((eb) => eb.fn.max<string | null>("finished_at").as("at"))
    .where("state", "=", "published")
    .executeTakeFirst();
  const times = [published?.at, imported?.at].filter((t): t is string => typeof t === "string" && t !== "");
  return times.length ? times.sort().at(-1)! : null;
}

/**
 * The titles of each issue's highlights (in the sheet's order), for the numbers given: what
 * names an issue without a subject in lists. `publishedOnly` counts published entries only.
 */
export async function highlightTitles(
  db: Kysely<Database>,
  numbers: number[],
  options: { publishedOnly?: boolean } = {},
): Promise<Map<number, string[]>> {
  const rows = await selectInBatches(db, numbers, (batch) => {
    let query = db
      .selectFrom("entries")
      .select(["issue_number", "title"])
      .where("issue_number", "in", batch)
      .where("highlight", "=", 1)
      .where(visibleEntry());
    if (options.publishedOnly) query = query.where("status", "=", "published");
    return query
      .orderBy("issue_number")
      .orderBy("issue_position")
      .orderBy("sheet_row")
      .orderBy("id")
      .execute();
  });
  const out = new Map<number, string[]>();
  for (const r of rows) {
    if (r.issue_number === null) continue;
    out.set(r.issue_number, [...(out.get(r.issue_number) ?? []), r.title]);
  }
  return out;
}
