import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import type { Entry } from "../../src/domain/entry.ts";
import { importFrom } from "../../src/entries/index.ts";
import { allEntries } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import { facetLinks, resultCount, resultIds } from "./database-fixture.ts";

/** The browser on the real AN sheet: ranking, facet counts against the entries themselves, speed. */
const skipData = needAnData();

for (const dialect of DIALECTS) {
  describe(`the database browser on the real AN sheet (${dialect.name})`, {
    skip: dialect.skip || skipData,
  }, () => {
    let store: TestStore;
    let site: TestSite;
    let entries: Entry[];

    before(async () => {
      store = await dialect.open();
      await importFrom(store, anDataFile("an-database-2022.xlsx"));
      site = testSite(store);
      entries = [];
      for await (const e of allEntries(store.db)) entries.push(e);
    });
    after(() => store?.dispose());

    const page = async (path: string) => {
      const started = performance.now();
      const res = await site.get(path);
      assert.equal(res.status, 200, path);
      const html = await res.text();
      return { html, ms: performance.now() - started };
    };

    test('"intrinsic dimension" lists Measuring the Intrinsic Dimension of Objective Landscapes first', async () => {
      const { html } = await page("/database?q=intrinsic+dimension");
      const first = entries.find((e) => e.id === resultIds(html)[0]);
      assert.equal(first?.title, "Measuring the Intrinsic Dimension of Objective Landscapes");
    });

    test("facet counts match the entries themselves", async () => {
      const { html, ms } = await page("/database");
      assert.equal(resultCount(html), 1958);
      const links = facetLinks(html);
      const count = (facet: string, label: string) =>
        links.find((l) => l.facet === facet && l.label.toLowerCase() === label.toLowerCase())?.count;
      const byRohin = entries.filter((e) => e.summarizers.some((s) => s.toLowerCase() === "rohin")).length;
      assert.ok(byRohin > 500, `Rohin summarized ${byRohin}`);
      assert.equal(count("summarizer", "Rohin"), byRohin);
      assert.equal(count("highlight", "Highlights only"), entries.filter((e) => e.highlight).length);
      for (const link of links.filter((l) => l.facet === "category" || l.facet === "year")) {
        const expected = entries.filter((e) =>
          link.facet === "year"
            ? String(e.year) === link.label
            : e.category.toLowerCase() === link.label.toLowerCase(),
        ).length;
        assert.equal(link.count, expected, `${link.facet} ${link.label}`);
      }
      assert.equal(links.filter((l) => l.facet === "category").length, 12, "the top 12, then 'show all'");
      const more =
        /<a class="facet-more" href="([^"]*)">Show all (\d+)<span class="visually-hidden"> category values/.exec(
          html,
        );
      assert.ok(more, "a 'show all' link");
      const expanded = facetLinks((await page(more[1]!.replace(/&amp;/g, "&"))).html);
      assert.equal(expanded.filter((l) => l.facet === "category").length, Number(more[2]));
      assert.equal(expanded.filter((l) => l.facet === "venue").length, 12, "only the facet asked for");
      process.stdout.write(
        `# /database with facets over 1,958 entries: ${ms.toFixed(0)} ms (${dialect.name})\n`,
      );
      assert.ok(ms < 5000, `${ms} ms`);
    });

    test("a filtered search, its facets and its download agree", async () => {
      const { html } = await page("/database?q=reward+model&summarizer=Rohin");
      const total = resultCount(html);
      assert.ok(total > 10);
      for (const link of facetLinks(html)
        .filter((l) => l.facet === "year")
        .slice(0, 3))
        assert.equal(resultCount((await page(link.href)).html), link.count, link.href);
      const csv = await (await site.get("/database/download.csv?q=reward+model&summarizer=Rohin")).text();
      assert.equal((parse(csv, { columns: true }) as unknown[]).length, total);
      const all = await site.get("/database/download.csv");
      assert.equal((parse(await all.text(), { columns: true }) as unknown[]).length, 1958);
    });

    test("lookup and suggestions on the real titles", async () => {
      const { html } = await page("/database/lookup?u=https://arxiv.org/pdf/1903.10396v2");
      assert.match(html, /Yes: one entry matches/);
      const s = await (await site.get("/database/suggest?q=intrinsic+dim")).json();
      assert.ok(
        s.suggestions.some(
          (x: { title: string }) => x.title === "Measuring the Intrinsic Dimension of Objective Landscapes",
        ),
      );
    });
  });
}
