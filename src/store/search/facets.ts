import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "../schema.ts";
import { countMatching, type MatchCondition, matchingEntries } from "./browse.ts";
import type { Facet, FacetCounts, FacetName, FacetRequest, SearchFilters } from "./search-index.ts";

/** The most values an expanded facet lists ("show all" on a venue list of thousands stays a page). */
export const MAX_FACET_VALUES = 500;

/** The filters minus a facet's own, so the facet shows what choosing each value would give. */
export function filtersWithout(filters: SearchFilters, facet: FacetName): SearchFilters {
  const f = { ...filters };
  if (facet === "section") delete f.section;
  if (facet === "category") delete f.categories;
  if (facet === "summarizer") delete f.summarizer;
  if (facet === "year") {
    delete f.yearFrom;
    delete f.yearTo;
  }
  if (facet === "venue") delete f.venues;
  if (facet === "highlight") delete f.highlightsOnly;
  return f;
}

/**
 * The filters with a facet's own filter set to exactly one value: the result set whose size
 * that value's count is (test/store/facets.case.ts holds every count to it).
 */
export function withFacetValue(filters: SearchFilters, facet: FacetName, value: string): SearchFilters {
  const f = filtersWithout(filters, facet);
  if (facet === "section") f.section = value;
  if (facet === "category") f.categories = [value];
  if (facet === "summarizer") f.summarizer = value;
  if (facet === "year") f.yearFrom = f.yearTo = Number(value);
  if (facet === "venue") f.venues = [value];
  if (facet === "highlight") f.highlightsOnly = true;
  return f;
}

interface GroupRow {
  label: string | number;
  n: number | string;
  groups: number | string;
}

/**
 * Reads a grouped query selecting `label`, `n` (its count) and `groups` (a window count of
 * the groups, computed before LIMIT: the facet's distinct values in one round trip).
 */
// biome-ignore lint/suspicious/noExplicitAny: any joined source; the selection is what matters.
async function readGroups(q: SelectQueryBuilder<any, any, GroupRow>, limit: number): Promise<Facet> {
  const rows = await q.orderBy("n", "desc").orderBy("label").limit(limit).execute();
  return {
    values: rows.map((r) => ({ value: String(r.label), label: String(r.label), count: Number(r.n) })),
    distinct: Number(rows[0]?.groups ?? 0),
  };
}

const GROUPS = sql<number>`count(*) over ()`.as("groups");
const COUNT = sql<number>`count(*)`.as("n");

/**
 * Counts every facet of a result set, written once for both dialects on the index's match
 * condition. Case-insensitive values (categories, venues, people) are grouped by their
 * lowercase form, as the filters compare them, and shown in one of their spellings.
 */
export async function countFacets(
  db: Kysely<Database>,
  match: MatchCondition,
  request: FacetRequest,
): Promise<FacetCounts> {
  const { filters } = request;
  const limitOf = (facet: FacetName) =>
    request.expand?.includes(facet) ? MAX_FACET_VALUES : Math.max(1, request.limit);
  const base = (facet: FacetName) => matchingEntries(db, match, filtersWithout(filters, facet));

  const section = readGroups(
    base("section")
      .innerJoin("categories", (j) => j.on(sql`lower(entries.category)`, "=", sql.ref("categories.name_key")))
      .innerJoin("sections", "sections.id", "categories.section_id")
      .select([sql<string>`sections.name`.as("label"), COUNT, GROUPS])
      .groupBy(["sections.id", "sections.name"]),
    limitOf("section"),
  );
  const category = readGroups(
    base("category")
      .where("entries.category", "<>", "")
      .select([sql<string>`min(entries.category)`.as("label"), COUNT, GROUPS])
      .groupBy(sql`lower(entries.category)`),
    limitOf("category"),
  );
  const summarizer = readGroups(
    base("summarizer")
      .innerJoin("entry_summarizers", "entry_summarizers.entry_id", "entries.id")
      .innerJoin("people", "people.id", "entry_summarizers.person_id")
      // Two spellings of one name credited on one entry still count it once.
      .select([
        sql<string>`min(people.name)`.as("label"),
        sql<number>`count(distinct entries.id)`.as("n"),
        GROUPS,
      ])
      .groupBy(sql`lower(people.name)`),
    limitOf("summarizer"),
  );
  const year = readGroups(
    base("year")
      .where("entries.year", "is not", null)
      .select([sql<number>`entries.year`.as("label"), COUNT, GROUPS])
      .groupBy("entries.year"),
    limitOf("year"),
  );
  const venue = readGroups(
    base("venue")
      .where("entries.venue", "<>", "")
      .select([sql<string>`min(entries.venue)`.as("label"), COUNT, GROUPS])
      .groupBy(sql`lower(entries.venue)`),
    limitOf("venue"),
  );
  const highlight = countMatching(db, match, {
    ...filtersWithout(filters, "highlight"),
    highlightsOnly: true,
  });

  const [s, c, p, y, v, h] = await Promise.all([section, category, summarizer, year, venue, highlight]);
  return {
    section: s,
    category: c,
    summarizer: p,
    year: y,
    venue: v,
    highlight: {
      values: h > 0 ? [{ value: "1", label: "Highlights", count: h }] : [],
      distinct: h > 0 ? 1 : 0,
    },
  };
}
