import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { visibleEntry } from "../visible.ts";
import { writeEntryRows } from "./insert-many.ts";

type Db = Kysely<Database>;

/**
 * Records what each entry refers to. With `replace`, the entries' earlier references are
 * removed first (an edited entry); new entries have none to remove.
 */
export async function replaceEntryReferences(
  db: Db,
  refs: { entryId: number; keys: string[] }[],
  replace: boolean,
): Promise<void> {
  const rows = refs.flatMap((r) =>
    [...new Set(r.keys)].map((target_key) => ({ entry_id: r.entryId, target_key })),
  );
  await writeEntryRows(db, "entry_references", rows, replace ? refs.map((r) => r.entryId) : []);
}

/** Ids of the entries that refer to a title (by its key), oldest issue first. */
export async function findCitingEntryIds(db: Db, targetKey: string): Promise<number[]> {
  const rows = await db
    .selectFrom("entry_references")
    .innerJoin("entries", "entries.id", "entry_references.entry_id")
    .select("entries.id")
    .where("entry_references.target_key", "=", targetKey)
    .where(visibleEntry())
    .orderBy("entries.issue_number")
    .orderBy("entries.id")
    .execute();
  return rows.map((r) => r.id);
}
