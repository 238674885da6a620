import type { Kysely, Transaction } from "kysely";
import { referencedTitleKeys } from "../domain/crossref.ts";
import { type EntryFieldColumns, LINK_CARRIERS } from "../domain/entry-fields.ts";
import { entryLinks, LINK_SOURCE_COLUMNS } from "../domain/entry-links.ts";
import { AN_TAXONOMY } from "../domain/taxonomy.ts";
import { urlKey } from "../domain/url-key.ts";
import { replaceEntryLinks } from "./repositories/links.ts";
import { replaceEntryReferences } from "./repositories/references.ts";
import { replaceTaxonomy } from "./repositories/taxonomy.ts";
import type { Database } from "./schema.ts";

/**
 * Work that follows a migration but needs the code of the version running, not the frozen
 * literals of the migration: a new database's default taxonomy (the domain's), and the tables
 * derived from the entries' texts (references, links, URL keys), computed as this version
 * computes them. A migration records its step as pending (a `store.pending.NAME` setting) in
 * its own transaction; each step runs in one transaction with the removal of its mark, so a
 * crash between the two leaves the step pending, and the next start does it.
 */
const STEPS: Record<string, (db: Transaction<Database>) => Promise<void>> = {
  default_taxonomy: (db) => replaceTaxonomy(db, AN_TAXONOMY),
  entry_references: backfillReferences,
  entry_links: backfillLinks,
};

const PREFIX = "store.pending.";

/** Runs the steps migrations left pending, in the order above. */
export async function runPendingSteps(db: Kysely<Database>): Promise<void> {
  const rows = await db.selectFrom("settings").select("key").where("key", "like", `${PREFIX}%`).execute();
  const pending = new Set(rows.map((r) => r.key.slice(PREFIX.length)));
  for (const [name, step] of Object.entries(STEPS)) {
    if (!pending.has(name)) continue;
    await db.transaction().execute(async (trx) => {
      await step(trx);
      await trx.deleteFrom("settings").where("key", "=", `${PREFIX}${name}`).execute();
    });
  }
}

/** Fills entry_references for entries written before the table existed. */
async function backfillReferences(db: Transaction<Database>): Promise<void> {
  const rows = await db
    .selectFrom("entries")
    .select(["id", ...REFERENCE_COLUMNS])
    .where((eb) => eb.or(REFERENCE_COLUMNS.map((c) => eb(c, "like", "%<@%"))))
    .execute();
  await replaceEntryReferences(
    db,
    rows.map((r) => ({
      entryId: r.id,
      keys: referencedTitleKeys(REFERENCE_COLUMNS.map((c) => String(r[c] ?? ""))),
    })),
    false,
  );
}

/** The texts that may hold <@cross-references@>. */
const REFERENCE_COLUMNS = LINK_CARRIERS.map((f) => f.column as keyof EntryFieldColumns);

/**
 * Fills entry_links for entries written before the table existed, and brings their url_key up
 * to the keys of this version (forum posts and DOIs gained identifier keys), in pages by id.
 */
async function backfillLinks(db: Transaction<Database>): Promise<void> {
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom("entries")
      .select(["id", "url", "url_key", ...LINK_SOURCE_COLUMNS])
      .where("id", ">", after)
      .orderBy("id")
      .limit(2000)
      .execute();
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
    await replaceEntryLinks(
      db,
      rows.map((r) => ({ entryId: r.id, links: entryLinks(r) })),
      false,
    );
    for (const r of rows) {
      const key = urlKey(r.url);
      if (key !== r.url_key)
        await db.updateTable("entries").set({ url_key: key }).where("id", "=", r.id).execute();
    }
  }
}
