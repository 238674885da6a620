import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import { ENTRY_STATUSES, type Entry, type EntryStatus } from "../../domain/entry.ts";
import { titleKey } from "../../domain/keys.ts";
import type { Database } from "../schema.ts";
import { visibleEntry } from "../visible.ts";
import { toEntry } from "./entry-row.ts";

type Db = Kysely<Database>;

/** What the desk's entry list can be narrowed to. */
export interface EditableEntryFilter {
  status?: EntryStatus;
  /** Only entries this staff user created. */
  createdBy?: number;
  /** Words the title contains (matched on the normalized title, so case does not matter). */
  title?: string;
}

/** One row of the desk's entry list. */
export interface EditableEntryRow {
  id: number;
  title: string;
  status: EntryStatus;
  summarizer: string;
  issueLabel: string;
  createdBy: number | null;
  updatedAt: string;
}

/** An entry with the desk-only columns the Entry type leaves out. */
export interface EditableEntry extends Entry {
  authorsDisplay: string;
  updatedAt: string;
  /** The name of the staff user who created it, when there was one. */
  creatorName: string | null;
}

/**
 * A LIKE pattern for text anywhere in a title key. `%`, `_` and the escape character are
 * escaped so what the user typed is matched literally on both dialects (ESCAPE '\').
 */
function containsPattern(text: string, prefixOnly = false): string {
  const escaped = titleKey(text).replace(/[\\%_]/g, (c) => `\\${c}`);
  return prefixOnly ? `${escaped}%` : `%${escaped}%`;
}

function applyFilter<O>(
  query: SelectQueryBuilder<Database, "entries", O>,
  filter: EditableEntryFilter,
): SelectQueryBuilder<Database, "entries", O> {
  let q = query.where(visibleEntry());
  if (filter.status) q = q.where("entries.status", "=", filter.status);
  if (filter.createdBy !== undefined) q = q.where("entries.created_by", "=", filter.createdBy);
  if (filter.title?.trim())
    q = q.where(sql<boolean>`entries.title_key like ${containsPattern(filter.title)} escape '\\'`);
  return q;
}

/** A page of entries for the desk, most recently changed first, and how many match in all. */
export async function listEditableEntries(
  db: Db,
  filter: EditableEntryFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: EditableEntryRow[]; total: number }> {
  const counted = await applyFilter(db.selectFrom("entries"), filter)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const rows = await applyFilter(db.selectFrom("entries"), filter)
    .select(["id", "title", "status", "summarizer", "issue_label", "created_by", "updated_at"])
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return {
    total: Number(counted.n),
    rows: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      summarizer: r.summarizer,
      issueLabel: r.issue_label,
      createdBy: r.created_by,
      updatedAt: r.updated_at,
    })),
  };
}

/** How many entries are in each status (all entries, or one staff user's). */
export async function countEntriesByStatus(db: Db, createdBy?: number): Promise<Record<EntryStatus, number>> {
  let query = db
    .selectFrom("entries")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where(visibleEntry());
  if (createdBy !== undefined) query = query.where("created_by", "=", createdBy);
  const rows = await query.groupBy("status").execute();
  const out = Object.fromEntries(ENTRY_STATUSES.map((s) => [s, 0])) as Record<EntryStatus, number>;
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/**
 * Titles containing `text`, for the `<@` autocomplete: titles that start with it first, then
 * alphabetically; each with the issue it went out in.
 */
export async function matchTitles(
  db: Db,
  text: string,
  limit: number,
): Promise<{ id: number; title: string; issueLabel: string }[]> {
  const rows = await db
    .selectFrom("entries")
    .select(["id", "title", "issue_label"])
    .where(visibleEntry())
    .where(sql<boolean>`title_key like ${containsPattern(text)} escape '\\'`)
    .orderBy(sql`case when title_key like ${containsPattern(text, true)} escape '\\' then 0 else 1 end`)
    .orderBy("title_key")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, issueLabel: r.issue_label }));
}

/** One entry with its desk columns (author line override, last change, creator's name). */
export async function getEditableEntry(db: Db, id: number): Promise<EditableEntry | undefined> {
  const row = await db
    .selectFrom("entries")
    .leftJoin("users", "users.id", "entries.created_by")
    .selectAll("entries")
    .select("users.name as creator_name")
    .where("entries.id", "=", id)
    .where(visibleEntry())
    .executeTakeFirst();
  if (!row) return undefined;
  const { creator_name, ...entry } = row;
  return {
    ...toEntry(entry),
    authorsDisplay: entry.authors_display,
    updatedAt: entry.updated_at,
    creatorName: creator_name,
  };
}

/** Every category entries use, as spelled, with how many entries use that spelling. */
export async function categoriesInUse(db: Db): Promise<{ category: string; entries: number }[]> {
  const rows = await db
    .selectFrom("entries")
    .select(["category", (eb) => eb.fn.countAll<number>().as("n")])
    .where("category", "<>", "")
    .where(visibleEntry())
    .groupBy("category")
    .orderBy("category")
    .execute();
  return rows.map((r) => ({ category: r.category, entries: Number(r.n) }));
}
