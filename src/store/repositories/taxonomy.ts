import type { Kysely, Transaction } from "kysely";
import { categoryKey, type Taxonomy, UNSORTED_SECTION } from "../../domain/taxonomy.ts";
import type { Database } from "../schema.ts";

type Db = Kysely<Database>;

export async function getTaxonomy(db: Db): Promise<Taxonomy> {
  const rows = await db
    .selectFrom("sections")
    .leftJoin("categories", "categories.section_id", "sections.id")
    .select([
      "sections.name as section",
      "sections.position as sp",
      "categories.name as category",
      "categories.position as cp",
    ])
    .orderBy("sections.position")
    .orderBy("categories.position")
    .execute();
  const out: Taxonomy = [];
  for (const r of rows) {
    let section = out[out.length - 1];
    if (!section || section.name !== r.section) {
      section = { name: r.section, categories: [] };
      out.push(section);
    }
    if (r.category !== null) section.categories.push(r.category);
  }
  return out;
}

/** Replaces the whole taxonomy (callers validate it first and hold a transaction). */
/** Deletes and rewrites both tables: only inside a transaction, so no reader sees them empty. */
export async function replaceTaxonomy(db: Transaction<Database>, taxonomy: Taxonomy): Promise<void> {
  await db.deleteFrom("categories").execute();
  await db.deleteFrom("sections").execute();
  for (const [i, section] of taxonomy.entries()) {
    const { id } = await db
      .insertInto("sections")
      .values({ name: section.name, position: i })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (section.categories.length) {
      await db
        .insertInto("categories")
        .values(
          section.categories.map((name, position) => ({
            section_id: id,
            name,
            name_key: categoryKey(name),
            position,
          })),
        )
        .execute();
    }
  }
}

/**
 * Makes sure every category name is in the taxonomy; unknown ones go to the Unsorted section
 * (created last when needed), so an import never drops or rejects a row for its category.
 * Returns the names it added.
 */
export async function ensureCategories(db: Db, names: Iterable<string>): Promise<string[]> {
  const wanted = new Map<string, string>();
  for (const n of names)
    if (n.trim() !== "" && !wanted.has(categoryKey(n))) wanted.set(categoryKey(n), n.trim());
  if (wanted.size === 0) return [];
  const known = await db
    .selectFrom("categories")
    .select("name_key")
    .where("name_key", "in", [...wanted.keys()])
    .execute();
  for (const k of known) wanted.delete(k.name_key);
  if (wanted.size === 0) return [];
  let section = await db
    .selectFrom("sections")
    .select("id")
    .where("name", "=", UNSORTED_SECTION)
    .executeTakeFirst();
  if (!section) {
    const last = await db
      .selectFrom("sections")
      .select((eb) => eb.fn.max("position").as("p"))
      .executeTakeFirst();
    section = await db
      .insertInto("sections")
      .values({ name: UNSORTED_SECTION, position: Number(last?.p ?? -1) + 1 })
      .returning("id")
      .executeTakeFirstOrThrow();
  }
  const count = await db
    .selectFrom("categories")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("section_id", "=", section.id)
    .executeTakeFirstOrThrow();
  const added = [...wanted.entries()];
  await db
    .insertInto("categories")
    .values(
      added.map(([key, name], i) => ({
        section_id: section.id,
        name,
        name_key: key,
        position: Number(count.n) + i,
      })),
    )
    .execute();
  return added.map(([, name]) => name);
}
