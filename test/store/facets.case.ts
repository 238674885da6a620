import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  ensurePeople,
  FACET_NAMES,
  type FacetName,
  filtersWithout,
  insertEntries,
  parseSearchQuery,
  type SearchFilters,
  type SearchQuery,
  setSummarizers,
  toEntryContent,
  updateEntryColumns,
  withFacetValue,
} from "../../src/store/index.ts";
import type { TestDialect, TestStore } from "../helpers/dialects.ts";
import { entryFields } from "../helpers/factories.ts";
import { FACET_FIXTURE } from "./facets.fixture.ts";

const PUBLISHED: SearchFilters = { statuses: ["published"] };

/**
 * One case file for browsing and facets on every SearchIndex (FTS5 and tsvector): each count
 * must equal the size of the result set that choosing its value gives, on both databases.
 */
export function facetCases(dialect: TestDialect): void {
  describe(`facets and browsing on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: TestStore;
    const ids: Record<string, number> = {};

    before(async () => {
      store = await dialect.open();
      let row = 1;
      for (const [key, overrides, status] of FACET_FIXTURE) {
        // Summaries of their own, so that "reward" matches the titles that say it (and one summary).
        const fields = entryFields({
          summary: `Notes on ${key}.`,
          ...overrides,
        });
        const [stored] = await insertEntries(
          store.db,
          [toEntryContent(fields, row++)],
          new Date().toISOString(),
        );
        ids[key] = stored!.id;
        const people = await ensurePeople(store.db, fields.summarizers);
        await setSummarizers(store.db, [
          { entryId: stored!.id, personIds: fields.summarizers.map((n) => people.get(n)!) },
        ]);
        if (status) await updateEntryColumns(store.db, stored!.id, { status }, new Date().toISOString());
      }
    });
    after(async () => {
      await store?.dispose();
    });

    const count = (query: SearchQuery | null, filters: SearchFilters) =>
      store.search.count({ query, filters });
    const facets = (query: SearchQuery | null, filters: SearchFilters, limit = 50) =>
      store.search.facets({ query, filters, limit });

    test("without a query, the counts are those of the published entries, by hand", async () => {
      const f = await facets(null, PUBLISHED);
      const pairs = (name: FacetName) => f[name].values.map((v) => [v.label.toLowerCase(), v.count]);
      assert.deepEqual(
        new Map(pairs("category") as [string, number][]),
        new Map([
          ["exploration", 2],
          ["learning human intent", 1],
          ["interpretability", 1],
          ["deep learning", 1],
          ["technical agendas and prioritization", 1],
          ["news", 1],
        ]),
      );
      assert.deepEqual(
        pairs("summarizer").slice(0, 1),
        [["rohin", 4]],
        "joint credit and case variants count",
      );
      assert.deepEqual(
        new Map(pairs("venue") as [string, number][]),
        new Map([
          ["neurips", 2],
          ["naacl", 1],
          ["arxiv", 1],
          ["iclr", 1],
          ["blog", 1],
        ]),
      );
      assert.deepEqual(
        new Map(pairs("year") as [string, number][]),
        new Map([
          ["2019", 2],
          ["2020", 2],
          ["2017", 1],
          ["2018", 1],
          ["2021", 1],
        ]),
      );
      assert.deepEqual(pairs("highlight"), [["highlights", 2]]);
      assert.deepEqual(
        new Map(pairs("section") as [string, number][]),
        new Map([
          ["technical ai alignment", 3],
          ["other progress in ai", 3],
          ["news", 1],
        ]),
      );
      for (const name of FACET_NAMES)
        for (const v of f[name].values) {
          assert.notEqual(v.label, "Zed");
          assert.doesNotMatch(v.label, /draft/i, `a draft's ${name} is not public`);
        }
      assert.equal(await count(null, PUBLISHED), 8);
    });

    test("the most frequent values come first, and distinct says how many there are", async () => {
      const f = await facets(null, PUBLISHED, 2);
      assert.equal(f.venue.values.length, 2);
      assert.equal(f.venue.values[0]!.count, 2);
      assert.equal(f.venue.distinct, 5);
      assert.equal(f.summarizer.distinct, 5, "Rohin, Robert, Richard, Flo, Cody");
      const all = await store.search.facets({ query: null, filters: PUBLISHED, limit: 2, expand: ["venue"] });
      assert.equal(all.venue.values.length, 5);
      assert.equal(all.year.values.length, 2, "only the expanded facet lists everything");
    });

    const queries: (string | null)[] = [null, "reward", "reward OR attention", "reward -curiosity"];
    const filterSets: SearchFilters[] = [
      {},
      { categories: ["exploration"] },
      { summarizer: "Rohin" },
      { yearFrom: 2019, yearTo: 2019 },
      { highlightsOnly: true },
      { section: "Technical AI alignment" },
      { venues: ["NEURIPS", "arxiv"] },
      { summarizer: "rohin", section: "Other progress in AI", yearFrom: 2019, yearTo: 2020 },
    ];

    test("every count equals the result count of choosing that value (query and other filters kept)", async () => {
      for (const text of queries)
        for (const chosen of filterSets) {
          const query = text === null ? null : parseSearchQuery(text);
          const filters = { ...chosen, ...PUBLISHED };
          const f = await facets(query, filters);
          for (const name of FACET_NAMES) {
            for (const v of f[name].values) {
              const expected = await count(query, withFacetValue(filters, name, v.value));
              assert.equal(v.count, expected, `${text} ${JSON.stringify(chosen)} ${name}=${v.value}`);
              assert.ok(v.count > 0);
            }
            // Values cover the result set without the facet's filter (single-valued facets).
            if (name === "category" || name === "venue" || name === "year") {
              const sum = f[name].values.reduce((s, v) => s + v.count, 0);
              const withValue = await count(query, {
                ...filtersWithout(filters, name),
                ...(name === "year" ? { yearFrom: 0, yearTo: 9999 } : {}),
              });
              if (name === "year") assert.equal(sum, withValue, `years ${text}`);
              else assert.ok(sum <= withValue);
            }
          }
        }
    });

    test("browsing orders by issue, newest or oldest, unnumbered last, highlights first in an issue", async () => {
      const newest = await store.search.browse({
        query: null,
        filters: PUBLISHED,
        order: "newest",
        limit: 50,
        offset: 0,
      });
      assert.deepEqual(newest, [
        ids.unsorted,
        ids.curiosity,
        ids.explore,
        ids.overfit,
        ids.attention,
        ids.joint,
        ids.irl,
        ids.news,
      ]);
      const oldest = await store.search.browse({
        query: null,
        filters: PUBLISHED,
        order: "oldest",
        limit: 50,
        offset: 0,
      });
      assert.deepEqual(oldest, [
        ids.irl,
        ids.joint,
        ids.overfit,
        ids.attention,
        ids.curiosity,
        ids.explore,
        ids.unsorted,
        ids.news,
      ]);
      const paged = [
        ...(await store.search.browse({
          query: null,
          filters: PUBLISHED,
          order: "newest",
          limit: 3,
          offset: 0,
        })),
        ...(await store.search.browse({
          query: null,
          filters: PUBLISHED,
          order: "newest",
          limit: 3,
          offset: 3,
        })),
      ];
      assert.deepEqual(paged, newest.slice(0, 6));
      const withQuery = await store.search.browse({
        query: parseSearchQuery("reward"),
        filters: PUBLISHED,
        order: "oldest",
        limit: 50,
        offset: 0,
      });
      assert.deepEqual(withQuery, [ids.irl, ids.joint, ids.attention, ids.curiosity, ids.unsorted, ids.news]);
    });

    test("the title scope matches titles only (type-ahead), prefixes and exclusions included", async () => {
      const titles = (text: string) =>
        store.search.browse({
          query: parseSearchQuery(text),
          scope: "title",
          filters: PUBLISHED,
          order: "newest",
          limit: 50,
          offset: 0,
        });
      assert.deepEqual(await titles("attention"), [ids.attention]);
      assert.deepEqual(await titles("weights"), [], "in the summary, not the title");
      assert.deepEqual(await titles("explor*"), [ids.explore]);
      assert.deepEqual(await titles("reward* -curiosity"), [ids.unsorted, ids.joint, ids.irl, ids.news]);
      assert.deepEqual(await titles("secret"), [], "drafts are filtered");
      assert.equal(await count(parseSearchQuery("secret"), {}), 1, "without the status filter it is there");
    });
  });
}
