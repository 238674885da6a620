import { CompiledQuery, type Insertable, type Kysely } from "kysely";
import { selectInBatches } from "../parameter-limit.ts";
import type { Database } from "../schema.ts";

type Db = Kysely<Database>;

/**
 * Many rows in one INSERT, its SQL compiled once per shape (table, columns, row count,
 * RETURNING) and reused with fresh parameters. Kysely builds a node per value: for a 1,000-row
 * entries INSERT that is ~25,000 nodes, and compiling them took ~2 s of a 100k-row import's
 * main thread, during which the bulk writer's worker sat idle. The SQL text is what Kysely
 * compiles for the same rows (so both databases get their own placeholders); the parameters are
 * the rows' values, column by column, which is what Kysely would bind.
 *
 * Rows that do not all carry the same columns in the same order go through Kysely as usual (it
 * fills a column a row lacks: DEFAULT on PostgreSQL, NULL on SQLite).
 */
export async function insertMany<TB extends keyof Database, R = never>(
  db: Db,
  table: TB,
  rows: readonly Insertable<Database[TB]>[],
  returning: readonly string[] = [],
): Promise<R[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  if (!rows.every((r) => sameKeys(r, columns))) {
    const q = db.insertInto(table).values(rows as never);
    return (returning.length ? await q.returning(returning as never).execute() : await q.execute()) as R[];
  }
  const sql = compiledInsert(db, table, columns, rows.length, returning);
  const params: unknown[] = new Array(rows.length * columns.length);
  let i = 0;
  for (const row of rows) for (const c of columns) params[i++] = (row as Record<string, unknown>)[c];
  const result = await db.executeQuery<R>(CompiledQuery.raw(sql, params));
  return result.rows as R[];
}

/** Bound parameters per INSERT: under SQLite's limit (32,766) and PostgreSQL's (65,535). */
const MAX_PARAMETERS = 30_000;

/** insertMany in as many statements as the parameter limit needs. */
export async function insertChunked<TB extends keyof Database>(
  db: Db,
  table: TB,
  rows: readonly Insertable<Database[TB]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += perInsert) await insertMany(db, table, rows.slice(i, i + perInsert));
}

/** The tables whose rows belong to one entry each (entry_id) and are written with it. */
type EntryRowTable = "entry_links" | "entry_references" | "entry_summarizers";

/**
 * Writes rows that belong to entries (links, references, summarizers). The entries in
 * `replacing` lose their earlier rows first (edited entries); new entries have none to remove.
 */
export async function writeEntryRows<TB extends EntryRowTable>(
  db: Db,
  table: TB,
  rows: readonly Insertable<Database[TB]>[],
  replacing: readonly number[] = [],
): Promise<void> {
  await selectInBatches(db, replacing, async (batch) => {
    await db
      .deleteFrom(table as EntryRowTable)
      .where("entry_id", "in", batch)
      .execute();
    return [];
  });
  await insertChunked(db, table, rows);
}

function sameKeys(row: object, columns: readonly string[]): boolean {
  const keys = Object.keys(row);
  if (keys.length !== columns.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== columns[i]) return false;
  return true;
}

/**
 * Compiled SQL by shape, per adapter (one per database kind and connection pool: a transaction
 * shares its database's adapter). Shapes are few (batch sizes and a last partial batch), and the
 * texts are bounded by the caller's batch size.
 */
const compiled = new WeakMap<object, Map<string, string>>();
const SHAPES_KEPT = 64;

function compiledInsert(
  db: Db,
  table: string,
  columns: readonly string[],
  count: number,
  returning: readonly string[],
): string {
  const adapter = db.getExecutor().adapter;
  let byShape = compiled.get(adapter);
  if (!byShape) {
    byShape = new Map();
    compiled.set(adapter, byShape);
  }
  const key = `${table}\u0000${columns.join(",")}\u0000${count}\u0000${returning.join(",")}`;
  const hit = byShape.get(key);
  if (hit !== undefined) return hit;
  // Placeholder values: any non-null value compiles to a bound parameter.
  const template = Object.fromEntries(columns.map((c) => [c, 0]));
  let q = db
    .insertInto(table as keyof Database)
    .values(Array.from({ length: count }, () => template) as never);
  if (returning.length) q = q.returning(returning as never) as unknown as typeof q;
  const { sql, parameters } = q.compile();
  if (parameters.length !== count * columns.length)
    throw new Error(
      `insertMany: ${table} compiled to ${parameters.length} parameters, not ${count * columns.length}`,
    );
  if (byShape.size >= SHAPES_KEPT) byShape.delete(byShape.keys().next().value as string);
  byShape.set(key, sql);
  return sql;
}
