import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

/**
 * The public content's version (migration 0016's counter): it changes, at commit, with every
 * write to entries, issues, the taxonomy, people, links and settings, whoever made it. A string,
 * so both databases' answers compare alike (PostgreSQL returns bigint as text).
 */
export async function readContentVersion(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom("content_version")
    .select("version")
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  return String(row.version);
}
