import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, InboxFetchRunTable } from "../schema.ts";

type Db = Kysely<Database>;
export type InboxFetchRunRow = Selectable<InboxFetchRunTable>;

/** Runs kept: the desk shows the newest; the few before it say whether a failure is new. */
const KEPT_RUNS = 20;

/** Records a finished fetch of the sources and lets the oldest runs go; its id. */
export async function insertInboxFetchRun(db: Db, row: Insertable<InboxFetchRunTable>): Promise<number> {
  const { id } = await db
    .insertInto("inbox_fetch_runs")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .deleteFrom("inbox_fetch_runs")
    .where("id", "<=", id - KEPT_RUNS)
    .execute();
  return id;
}

/** The newest finished fetch, if any. */
export function latestInboxFetchRun(db: Db): Promise<InboxFetchRunRow | undefined> {
  return db.selectFrom("inbox_fetch_runs").selectAll().orderBy("id", "desc").limit(1).executeTakeFirst();
}
