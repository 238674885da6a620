import { type Kysely, sql } from "kysely";
import type { Entry, EntryStatus } from "../../domain/entry.ts";
import { entryLinks } from "../../domain/entry-links.ts";
import { selectInBatches } from "../parameter-limit.ts";
import type { Database } from "../schema.ts";
import { visibleEntry, visibleEntryOrStagedBy } from "../visible.ts";
import { CONTENT_COLUMNS, type EntryContent, toEntry } from "./entry-row.ts";
import { insertMany, writeEntryRows } from "./insert-many.ts";
import { replaceEntryLinks } from "./links.ts";

type Db = Kysely<Database>;

export interface StoredKey {
  id: number;
  title_key: string;
  issue_label: string;
}

/**
 * Existing entries whose title key is among `titleKeys` (callers match the issue label): the
 * visible ones, and those `stagedBy` (an import) staged itself. In batches: a summary may cite
 * tens of thousands of titles.
 */
export async function findByTitleKeys(db: Db, titleKeys: string[], stagedBy?: number) {
  return selectInBatches(db, titleKeys, (batch) =>
    db
      .selectFrom("entries")
      .select([
        "id",
        "title_key",
        "issue_label",
        "sheet_row",
        "url_key",
        "status",
        "import_id",
        ...CONTENT_COLUMNS,
      ])
      .where("title_key", "in", batch)
      .where(stagedBy === undefined ? visibleEntry() : visibleEntryOrStagedBy(stagedBy))
      .execute(),
  );
}

/**
 * Inserts entries and the links they carry (entry_links: what lookups search), so no path
 * that writes an entry can leave its links behind. `importId`: staged by that import
 * (invisible until it publishes).
 */
export async function insertEntries(
  db: Db,
  rows: EntryContent[],
  now: string,
  importId: number | null = null,
): Promise<StoredKey[]> {
  if (rows.length === 0) return [];
  const stored = await insertMany<"entries", StoredKey>(
    db,
    "entries",
    rows.map((r) => ({ ...r, created_at: now, updated_at: now, import_id: importId })),
    ["id", "title_key", "issue_label"],
  );
  // One INSERT ... VALUES returns its rows in the order given, on both databases.
  await replaceEntryLinks(
    db,
    stored.map((s, i) => ({ entryId: s.id, links: entryLinks(rows[i]!) })),
    false,
  );
  return stored;
}

/** Rewrites an entry's content and its links. */
export async function updateEntry(db: Db, id: number, row: EntryContent, now: string): Promise<void> {
  await db
    .updateTable("entries")
    .set({ ...row, updated_at: now, version: sql`version + 1` })
    .where("id", "=", id)
    .execute();
  await replaceEntryLinks(db, [{ entryId: id, links: entryLinks(row) }], true);
}

export async function updateSheetRow(db: Db, id: number, sheetRow: number | null): Promise<void> {
  await db.updateTable("entries").set({ sheet_row: sheetRow }).where("id", "=", id).execute();
}

/** Replaces who summarized an entry (joint credit keeps its order). */
export async function setSummarizers(
  db: Db,
  links: { entryId: number; personIds: number[] }[],
): Promise<void> {
  await writeEntryRows(
    db,
    "entry_summarizers",
    summarizerRows(links),
    links.map((l) => l.entryId),
  );
}

/** Credits summarizers on entries that have none yet (new entries): setSummarizers without the delete. */
export async function addSummarizers(
  db: Db,
  links: { entryId: number; personIds: number[] }[],
): Promise<void> {
  await writeEntryRows(db, "entry_summarizers", summarizerRows(links));
}

function summarizerRows(links: { entryId: number; personIds: number[] }[]) {
  return links.flatMap((l) =>
    [...new Set(l.personIds)].map((personId, position) => ({
      entry_id: l.entryId,
      person_id: personId,
      position,
    })),
  );
}

export async function getEntriesByIds(db: Db, ids: number[]): Promise<Entry[]> {
  const rows = await selectInBatches(db, [...new Set(ids)], (batch) =>
    db.selectFrom("entries").selectAll().where("id", "in", batch).where(visibleEntry()).execute(),
  );
  const byId = new Map(rows.map((r) => [r.id, toEntry(r)]));
  return ids.map((id) => byId.get(id)).filter((e): e is Entry => e !== undefined);
}

export async function getEntry(db: Db, id: number): Promise<Entry | undefined> {
  const row = await db
    .selectFrom("entries")
    .selectAll()
    .where("id", "=", id)
    .where(visibleEntry())
    .executeTakeFirst();
  return row ? toEntry(row) : undefined;
}

export async function findByUrlKey(db: Db, key: string): Promise<Entry[]> {
  const rows = await db
    .selectFrom("entries")
    .selectAll()
    .where("url_key", "=", key)
    .where(visibleEntry())
    .orderBy("id")
    .execute();
  return rows.map(toEntry);
}

export async function findByTitleKey(db: Db, key: string): Promise<Entry[]> {
  const rows = await db
    .selectFrom("entries")
    .selectAll()
    .where("title_key", "=", key)
    .where(visibleEntry())
    .orderBy("id")
    .execute();
  return rows.map(toEntry);
}

/** Every entry in sheet order (entries added outside a sheet last), in pages: exports stream. */
export async function* allEntries(db: Db, pageSize = 1000): AsyncIterable<Entry> {
  let lastRow = -1;
  let lastId = 0;
  // Keyset pagination on (coalesce(sheet_row, huge), id) keeps memory flat on large databases.
  const BIG = 2_000_000_000;
  for (;;) {
    const rows = await db
      .selectFrom("entries")
      .selectAll()
      .where(visibleEntry())
      .where((eb) =>
        eb.or([
          eb(eb.fn.coalesce("sheet_row", eb.val(BIG)), ">", lastRow),
          eb.and([eb(eb.fn.coalesce("sheet_row", eb.val(BIG)), "=", lastRow), eb("id", ">", lastId)]),
        ]),
      )
      .orderBy(sql`coalesce(sheet_row, ${BIG})`)
      .orderBy("id")
      .limit(pageSize)
      .execute();
    for (const r of rows) yield toEntry(r);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    lastRow = last.sheet_row ?? BIG;
    lastId = last.id;
  }
}

export async function countEntries(db: Db): Promise<number> {
  const row = await db
    .selectFrom("entries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(visibleEntry())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The largest sheet row in use, so rows added outside a sheet go after it. */
export async function maxSheetRow(db: Db): Promise<number> {
  const r = await db
    .selectFrom("entries")
    .select((eb) => eb.fn.max("sheet_row").as("m"))
    .where(visibleEntry())
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** An entry's author line in issues when "First Author et al" won't do. */
export async function setAuthorsDisplay(
  db: Db,
  titleKey: string,
  issueLabel: string,
  display: string,
): Promise<void> {
  await db
    .updateTable("entries")
    .set({ authors_display: display })
    .where("title_key", "=", titleKey)
    .where("issue_label", "=", issueLabel)
    .execute();
}

/** Columns an entry typed in (on the desk or through the API) has beyond the sheet's: workflow status, author, the issue's author line. */
export interface WorkflowColumns {
  status: EntryStatus;
  created_by: number | null;
  authors_display: string;
}

/** One entry typed in (not imported); returns its id. */
export async function insertWrittenEntry(
  db: Db,
  row: EntryContent & WorkflowColumns,
  now: string,
): Promise<number> {
  const { id } = await db
    .insertInto("entries")
    .values({ ...row, created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Changes some of an entry's columns (and its updated_at). */
export async function updateEntryColumns(
  db: Db,
  id: number,
  columns: Partial<EntryContent & WorkflowColumns & { issue_position: number | null }>,
  now: string,
): Promise<void> {
  // Every change bumps the version, so a save begun before it is refused (entry.conflict).
  await db
    .updateTable("entries")
    .set({ ...columns, updated_at: now, version: sql`version + 1` })
    .where("id", "=", id)
    .execute();
}

/**
 * updateEntryColumns only if the entry is still at `version` (optimistic locking); false when
 * another save came first. One statement, so no read-then-write race between two saves.
 */
export async function updateEntryAtVersion(
  db: Db,
  id: number,
  version: number,
  columns: Partial<EntryContent & WorkflowColumns>,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable("entries")
    .set({ ...columns, updated_at: now, version: sql`version + 1` })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every visible entry's title, for a reader of past issues to anchor on (formats/parse ParseOptions). */
export async function allEntryTitles(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("entries").select("title").where(visibleEntry()).execute();
  return rows.map((r) => r.title);
}
