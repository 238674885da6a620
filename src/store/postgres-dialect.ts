import { sql } from "kysely";
import type { StoreDialect } from "./dialect.ts";
import { TsvectorSearchIndex } from "./search/tsvector.ts";

/** PostgreSQL's capabilities; the driver (pg) is loaded only when a store opens one. */
export const postgresDialect: StoreDialect = {
  kind: "postgres",
  serialType: "serial",
  needsAutoIncrement: false,
  skipLocked: true,
  maxParameters: 60_000,
  createSearchIndex: (db) => new TsvectorSearchIndex(db),
  async createSearchObjects(db) {
    // A stored generated column: PostgreSQL keeps the vector in step with the row itself.
    // Weights rank a hit in the title (A) above authors (B), summary (C) and the rest (D).
    // English stemming without English stopwords, as FTS5's porter tokenizer does: a search
    // for "the" or "reward -the" must mean the same on both databases.
    await sql`CREATE TEXT SEARCH DICTIONARY summa_english_stem (TEMPLATE = snowball, LANGUAGE = english)`.execute(
      db,
    );
    await sql`CREATE TEXT SEARCH CONFIGURATION summa_english (COPY = pg_catalog.english)`.execute(db);
    await sql`ALTER TEXT SEARCH CONFIGURATION summa_english ALTER MAPPING REPLACE english_stem WITH summa_english_stem`.execute(
      db,
    );
    await sql`ALTER TABLE entries ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('summa_english'::regconfig, title), 'A') ||
      setweight(to_tsvector('summa_english'::regconfig, authors), 'B') ||
      setweight(to_tsvector('summa_english'::regconfig, summary), 'C') ||
      setweight(to_tsvector('summa_english'::regconfig,
        opinion || ' ' || category || ' ' || venue || ' ' || summarizer || ' ' || hat_tip || ' ' ||
        prerequisites || ' ' || read_more), 'D')
    ) STORED`.execute(db);
    await sql`CREATE INDEX entries_search_idx ON entries USING gin (search_vector)`.execute(db);
  },
};
