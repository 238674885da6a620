import { type SelectQueryBuilder, sql } from "kysely";
import { categoryKey } from "../../domain/taxonomy.ts";
import type { Database } from "../schema.ts";
import type { SearchFilters } from "./search-index.ts";

type EntriesQuery<O> = SelectQueryBuilder<Database, "entries", O>;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function containsIgnoreCase(column: "entries.authors" | "entries.venue", needle: string) {
  const pattern = `%${escapeLike(needle.toLowerCase())}%`;
  // An explicit ESCAPE makes `\` the escape character on both SQLite and PostgreSQL.
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/** Applies search filters to a query over `entries`; written once for both dialects. */
export function applyFilters<O>(q: EntriesQuery<O>, f: SearchFilters): EntriesQuery<O> {
  let out = q;
  if (f.categories?.length) {
    const keys = f.categories.map(categoryKey);
    out = out.where(sql`lower(entries.category)`, "in", keys);
  }
  if (f.section) {
    const section = f.section;
    out = out.where((eb) =>
      eb(
        sql`lower(entries.category)`,
        "in",
        eb
          .selectFrom("categories")
          .innerJoin("sections", "sections.id", "categories.section_id")
          .select("categories.name_key")
          .where(sql`lower(sections.name)`, "=", categoryKey(section)),
      ),
    );
  }
  if (f.summarizer) {
    const name = f.summarizer.trim().toLowerCase();
    out = out.where((eb) =>
      eb.exists(
        eb
          .selectFrom("entry_summarizers")
          .innerJoin("people", "people.id", "entry_summarizers.person_id")
          .select("entry_summarizers.entry_id")
          .whereRef("entry_summarizers.entry_id", "=", "entries.id")
          .where(sql`lower(people.name)`, "=", name),
      ),
    );
  }
  if (f.author) out = out.where(containsIgnoreCase("entries.authors", f.author));
  if (f.venue) out = out.where(containsIgnoreCase("entries.venue", f.venue));
  if (f.venues?.length) {
    const venues = f.venues.map((v) => v.toLowerCase());
    out = out.where(sql`lower(entries.venue)`, "in", venues);
  }
  if (f.yearFrom !== undefined) out = out.where("entries.year", ">=", f.yearFrom);
  if (f.yearTo !== undefined) out = out.where("entries.year", "<=", f.yearTo);
  if (f.issueFrom !== undefined) out = out.where("entries.issue_number", ">=", f.issueFrom);
  if (f.issueTo !== undefined) out = out.where("entries.issue_number", "<=", f.issueTo);
  if (f.highlightsOnly) out = out.where("entries.highlight", "=", 1);
  if (f.statuses?.length) out = out.where("entries.status", "in", f.statuses);
  if (f.visibleOn) {
    const day = f.visibleOn;
    out = out.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("issues")
            .select("issues.number")
            .whereRef("issues.number", "=", "entries.issue_number")
            .where("issues.date", ">", day),
        ),
      ),
    );
  }
  return out;
}
