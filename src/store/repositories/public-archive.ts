import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { visibleEntry } from "../visible.ts";

/**
 * Reads only the public site needs (its sitemap): every published entry, by id, with when it
 * last changed. Issues have their own queries in issues.ts.
 */
export async function publishedEntryStamps(
  db: Kysely<Database>,
): Promise<{ id: number; updatedAt: string }[]> {
  const rows = await db
    .selectFrom("entries")
    .select(["id", "updated_at"])
    .where("status", "=", "published")
    .where(visibleEntry())
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, updatedAt: r.updated_at }));
}
