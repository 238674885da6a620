import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type { Database, InboxSourceTable } from "../schema.ts";

type Db = Kysely<Database>;
export type InboxSourceRow = Selectable<InboxSourceTable>;

/** Adds a source; its id. The name is unique (a second one fails on the constraint). */
export async function insertInboxSource(db: Db, row: Insertable<InboxSourceTable>): Promise<number> {
  const inserted = await db.insertInto("inbox_sources").values(row).returning("id").executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function findInboxSourceByName(db: Db, name: string): Promise<InboxSourceRow | undefined> {
  return db.selectFrom("inbox_sources").selectAll().where("name", "=", name).executeTakeFirst();
}

/** Every source, in the order they were added. */
export async function listInboxSourceRows(db: Db): Promise<InboxSourceRow[]> {
  return db.selectFrom("inbox_sources").selectAll().orderBy("id").execute();
}

/** Deletes a source by name; whether there was one. */
export async function deleteInboxSource(db: Db, name: string): Promise<boolean> {
  const result = await db.deleteFrom("inbox_sources").where("name", "=", name).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Records a fetch's outcome on a source (its validators and cursor only when the caller says so). */
export async function updateInboxSource(
  db: Db,
  id: number,
  changes: Updateable<InboxSourceTable>,
): Promise<void> {
  await db.updateTable("inbox_sources").set(changes).where("id", "=", id).execute();
}
