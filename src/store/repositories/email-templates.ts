import type { Kysely, Selectable } from "kysely";
import type { Database, EmailTemplateTable } from "../schema.ts";

type Db = Kysely<Database>;
export type EmailTemplateRow = Selectable<EmailTemplateTable>;

/** The template saved under this name, if any. */
export async function findEmailTemplate(db: Db, name: string): Promise<EmailTemplateRow | undefined> {
  return db.selectFrom("email_templates").selectAll().where("name", "=", name).executeTakeFirst();
}

/** Saves (inserts or replaces) a template. */
export async function saveEmailTemplate(db: Db, row: EmailTemplateRow): Promise<void> {
  const { name, ...rest } = row;
  await db
    .insertInto("email_templates")
    .values(row)
    .onConflict((oc) => oc.column("name").doUpdateSet(rest))
    .execute();
}
