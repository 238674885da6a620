import { type Kysely, sql } from "kysely";
import type { Database, ImportState } from "../schema.ts";

type Db = Kysely<Database>;

/** An import's row as its lease reads it. */
export interface ImportRow {
  id: number;
  state: ImportState;
  file: string;
  holder: string;
  started_at: string;
  heartbeat: string;
}

/** Imports still staging (at most one runs; crashed ones stay "staging" until taken over). */
export async function stagingImports(db: Db): Promise<ImportRow[]> {
  return db
    .selectFrom("imports")
    .select(["id", "state", "file", "holder", "started_at", "heartbeat"])
    .where("state", "=", "staging")
    .orderBy("id")
    .execute();
}

/**
 * Starts an import (state "staging"). The unique index on staging imports (0011) lets only one
 * exist at a time on both databases, whichever connection or machine tries: a second insert
 * fails, and the caller turns that into import.busy.
 */
export async function insertImport(
  db: Db,
  row: { file: string; holder: string; now: string },
): Promise<number> {
  const { id } = await db
    .insertInto("imports")
    .values({ state: "staging", file: row.file, holder: row.holder, started_at: row.now, heartbeat: row.now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Renews a staging import's lease; false when it is no longer staging (taken over). */
export async function renewImport(db: Db, id: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable("imports")
    .set({ heartbeat: now })
    .where("id", "=", id)
    .where("state", "=", "staging")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Moves an import from `from` to `to` (staging -> published, staging -> failed); false when it
 * was not in `from` any more (someone else took it over): the caller must not go on.
 * `heartbeat`, when given, must still be the one the caller saw (taking over a stale lease).
 */
export async function moveImport(
  db: Db,
  id: number,
  change: { from: ImportState; to: ImportState; now: string; heartbeat?: string },
): Promise<boolean> {
  let q = db
    .updateTable("imports")
    .set({ state: change.to, finished_at: change.now })
    .where("id", "=", id)
    .where("state", "=", change.from);
  if (change.heartbeat !== undefined) q = q.where("heartbeat", "=", change.heartbeat);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Failed imports whose staged rows are still to be removed. */
export async function failedImportIds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom("imports")
    .select("id")
    .where("state", "=", "failed")
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Deletes up to `limit` rows an import staged (their summarizers, references and links go with
 * them: ON DELETE CASCADE; the full-text index by its trigger); returns how many. Once none are
 * left, the import's row and its staged changes are deleted too.
 */
export async function deleteStagedRows(db: Db, importId: number, limit: number): Promise<number> {
  const r = await db
    .deleteFrom("entries")
    .where("id", "in", db.selectFrom("entries").select("id").where("import_id", "=", importId).limit(limit))
    .executeTakeFirst();
  const n = Number(r.numDeletedRows);
  if (n === 0) {
    await db.deleteFrom("import_changes").where("import_id", "=", importId).execute();
    await db.deleteFrom("imports").where("id", "=", importId).execute();
  }
  return n;
}

/** Stages changes to published entries (applied when the import publishes). */
export async function addImportChanges(
  db: Db,
  importId: number,
  changes: { entryId: number; content: unknown }[],
): Promise<void> {
  if (changes.length === 0) return;
  await db
    .insertInto("import_changes")
    .values(
      changes.map((c) => ({ import_id: importId, entry_id: c.entryId, content: JSON.stringify(c.content) })),
    )
    .execute();
}

/** An import's staged changes, in pages (keyset on id) so a large one never sits in memory at once. */
export async function importChangesAfter(
  db: Db,
  importId: number,
  afterId: number,
  limit: number,
): Promise<{ id: number; entryId: number; content: unknown }[]> {
  const rows = await db
    .selectFrom("import_changes")
    .select(["id", "entry_id", "content"])
    .where("import_id", "=", importId)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, entryId: r.entry_id, content: JSON.parse(r.content) }));
}

/** How many entries an import staged (tests and reports). */
export async function countStagedRows(db: Db, importId: number): Promise<number> {
  const row = await db
    .selectFrom("entries")
    .select(sql<number>`count(*)`.as("n"))
    .where("import_id", "=", importId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
