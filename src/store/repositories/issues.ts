import type { Kysely } from "kysely";
import type { Database, IssueStatus } from "../schema.ts";

/** Adds issues not yet known and takes the sheet's issue URL when it has one. Returns how many were added. */
export async function upsertIssues(
  db: Kysely<Database>,
  issues: { number: number; url: string }[],
): Promise<number> {
  if (issues.length === 0) return 0;
  const existing = await db
    .selectFrom("issues")
    .select(["number", "url"])
    .where(
      "number",
      "in",
      issues.map((i) => i.number),
    )
    .execute();
  const known = new Map(existing.map((i) => [i.number, i.url]));
  const added = issues.filter((i) => !known.has(i.number));
  if (added.length) {
    await db
      .insertInto("issues")
      .values(added.map((i) => ({ number: i.number, url: i.url, date: null, subject: "" })))
      .execute();
  }
  for (const i of issues) {
    const url = known.get(i.number);
    if (url !== undefined && i.url && url !== i.url) {
      await db.updateTable("issues").set({ url: i.url }).where("number", "=", i.number).execute();
    }
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

/** Issues, newest first, with their entry counts; `publishedOnly` for the public archive. */
export async function listIssues(
  db: Kysely<Database>,
  options: { publishedOnly?: boolean } = {},
): Promise<IssueSummary[]> {
  let query = db.selectFrom("issues");
  if (options.publishedOnly) query = query.where("issues.status", "=", "published");
  const rows = await query
    .leftJoin("entries", "entries.issue_number", "issues.number")
    .select([
      "issues.number",
      "issues.url",
      "issues.date",
      "issues.subject",
      "issues.status",
      (eb) => eb.fn.count<number>("entries.id").as("entries"),
    ])
    .groupBy(["issues.number", "issues.url", "issues.date", "issues.subject", "issues.status"])
    .orderBy("issues.number", "desc")
    .execute();
  return rows.map((r) => ({ ...r, entries: Number(r.entries) }));
}

export async function getIssue(db: Kysely<Database>, number: number) {
  return db.selectFrom("issues").selectAll().where("number", "=", number).executeTakeFirst();
}

/** The entries of one issue, with the editor's layout columns. */
export async function issueEntryRows(db: Kysely<Database>, number: number) {
  return db.selectFrom("entries").selectAll().where("issue_number", "=", number).orderBy("id").execute();
}

export interface IssueMetaUpdate {
  subject?: string;
  date?: string | null;
  intro?: string;
  url?: string;
}

/** Changes what the editor writes about an issue (creating the issue if it is new). */
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
        intro: update.intro ?? "",
      })
      .execute();
    return;
  }
  const set = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
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
  const rows = await db.selectFrom("entries").select("id").where("issue_number", "=", number).execute();
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
  if (numbers.length === 0) return new Map();
  const rows = await db
    .selectFrom("issues")
    .select(["number", "url"])
    .where("number", "in", numbers)
    .execute();
  return new Map(rows.map((r) => [r.number, r.url]));
}
