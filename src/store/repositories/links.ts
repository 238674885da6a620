import type { Kysely } from "kysely";
import type { EntryLink, EntryLinkField } from "../../domain/entry-links.ts";
import type { Database } from "../schema.ts";
import { visibleEntry } from "../visible.ts";
import { writeEntryRows } from "./insert-many.ts";

type Db = Kysely<Database>;

/**
 * Records the links each entry carries in its texts (domain/entry-links.ts). With `replace`, the entries'
 * earlier links are removed first (an edited entry); new entries have none to remove.
 */
export async function replaceEntryLinks(
  db: Db,
  links: { entryId: number; links: EntryLink[] }[],
  replace: boolean,
): Promise<void> {
  const rows = links.flatMap((l) =>
    l.links.map((k) => ({ entry_id: l.entryId, url_key: k.key, field: k.field })),
  );
  await writeEntryRows(db, "entry_links", rows, replace ? links.map((l) => l.entryId) : []);
}

/**
 * The entries that carry a link, and where: those whose own URL it is (entries.url_key) first,
 * then those that link to it from their texts (entry_links), each by issue.
 */
export async function findLinkedEntries(
  db: Db,
  key: string,
): Promise<{ entryId: number; field: EntryLinkField }[]> {
  const own = await db
    .selectFrom("entries")
    .select("id")
    .where("url_key", "=", key)
    .where(visibleEntry())
    .orderBy("issue_number")
    .orderBy("id")
    .execute();
  const inTexts = await db
    .selectFrom("entry_links")
    .innerJoin("entries", "entries.id", "entry_links.entry_id")
    .select(["entry_links.entry_id as entryId", "entry_links.field as field"])
    .where("entry_links.url_key", "=", key)
    .where(visibleEntry())
    .orderBy("entries.issue_number")
    .orderBy("entries.id")
    .execute();
  return [
    ...own.map((r) => ({ entryId: r.id, field: "url" as const })),
    ...inTexts.map((r) => ({ entryId: r.entryId, field: r.field as EntryLinkField })),
  ];
}
