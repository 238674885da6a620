import type { Kysely, Selectable } from "kysely";
import type { Database, EntryRevisionTable, RevisionAction } from "../schema.ts";

type Db = Kysely<Database>;

/** One save of an entry, as the history shows it. */
export interface EntryRevision {
  id: number;
  entryId: number;
  version: number;
  userId: number | null;
  userName: string;
  at: string;
  action: RevisionAction;
  /** The fields this save changed, as text before and after. */
  changes: Record<string, [string, string]>;
  /** Every field as text after this save. */
  fields: Record<string, string>;
}

export interface EntryComment {
  id: number;
  entryId: number;
  userId: number | null;
  userName: string;
  at: string;
  kind: string;
  body: string;
}

export async function insertRevision(db: Db, revision: Omit<EntryRevision, "id">): Promise<number> {
  const { id } = await db
    .insertInto("entry_revisions")
    .values({
      entry_id: revision.entryId,
      version: revision.version,
      user_id: revision.userId,
      user_name: revision.userName,
      at: revision.at,
      action: revision.action,
      changes: JSON.stringify(revision.changes),
      fields: JSON.stringify(revision.fields),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

type RevisionRow = Selectable<EntryRevisionTable>;

function toRevision(r: RevisionRow): EntryRevision {
  return {
    id: r.id,
    entryId: r.entry_id,
    version: r.version,
    userId: r.user_id,
    userName: r.user_name,
    at: r.at,
    action: r.action,
    changes: JSON.parse(r.changes),
    fields: JSON.parse(r.fields),
  };
}

/** An entry's revisions, newest first. */
export async function listRevisions(db: Db, entryId: number, limit = 200): Promise<EntryRevision[]> {
  const rows = await db
    .selectFrom("entry_revisions")
    .selectAll()
    .where("entry_id", "=", entryId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toRevision);
}

export async function getRevision(db: Db, entryId: number, id: number): Promise<EntryRevision | undefined> {
  const row = await db
    .selectFrom("entry_revisions")
    .selectAll()
    .where("entry_id", "=", entryId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toRevision(row) : undefined;
}

/** The revisions saved after `version` (what another person changed since a form was loaded). */
export async function revisionsSince(db: Db, entryId: number, version: number): Promise<EntryRevision[]> {
  const rows = await db
    .selectFrom("entry_revisions")
    .selectAll()
    .where("entry_id", "=", entryId)
    .where("version", ">", version)
    .orderBy("id")
    .execute();
  return rows.map(toRevision);
}

export async function insertComment(db: Db, comment: Omit<EntryComment, "id">): Promise<number> {
  const { id } = await db
    .insertInto("entry_comments")
    .values({
      entry_id: comment.entryId,
      user_id: comment.userId,
      user_name: comment.userName,
      at: comment.at,
      kind: comment.kind,
      body: comment.body,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** An entry's comments, oldest first (a conversation reads down). */
export async function listComments(db: Db, entryId: number): Promise<EntryComment[]> {
  const rows = await db
    .selectFrom("entry_comments")
    .selectAll()
    .where("entry_id", "=", entryId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    entryId: r.entry_id,
    userId: r.user_id,
    userName: r.user_name,
    at: r.at,
    kind: r.kind,
    body: r.body,
  }));
}
