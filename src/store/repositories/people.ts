import type { Kysely } from "kysely";
import { selectInBatches } from "../parameter-limit.ts";
import type { Database } from "../schema.ts";
import { visibleEntry } from "../visible.ts";

/** Ids for people by name, creating those not yet known (as summarizers). */
export async function ensurePeople(db: Kysely<Database>, names: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(names)];
  const ids = new Map<string, number>();
  if (unique.length === 0) return ids;
  const existing = await selectInBatches(db, unique, (batch) =>
    db.selectFrom("people").select(["id", "name"]).where("name", "in", batch).execute(),
  );
  for (const p of existing) ids.set(p.name, p.id);
  const missing = unique.filter((n) => !ids.has(n));
  if (missing.length) {
    const created = await db
      .insertInto("people")
      .values(missing.map((name) => ({ name, full_name: "", email: "", role: "summarizer" as const })))
      .returning(["id", "name"])
      .execute();
    for (const p of created) ids.set(p.name, p.id);
  }
  return ids;
}

export async function listPeople(db: Kysely<Database>) {
  return (
    db
      .selectFrom("people")
      // Credits on entries readers cannot see yet (a staged import) do not count.
      .leftJoin("entry_summarizers", (join) =>
        join
          .onRef("entry_summarizers.person_id", "=", "people.id")
          .on((eb) =>
            eb(
              "entry_summarizers.entry_id",
              "in",
              eb.selectFrom("entries").select("entries.id").where(visibleEntry()),
            ),
          ),
      )
      .select([
        "people.name",
        "people.full_name",
        "people.role",
        (eb) => eb.fn.count<number>("entry_summarizers.entry_id").as("entries"),
      ])
      .groupBy(["people.id", "people.name", "people.full_name", "people.role"])
      .orderBy("people.name")
      .execute()
  );
}
