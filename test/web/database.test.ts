import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import { FILLERS, facetLinks, resultCount, resultIds, seedDatabase } from "./database-fixture.ts";

for (const dialect of DIALECTS) {
  describe(`the database browser (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let ids: Record<string, number>;
    const PUBLISHED = FILLERS + 4;

    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      ids = await seedDatabase(store);
    });
    after(() => store?.dispose());

    const page = async (path: string) => {
      const res = await site.get(path);
      assert.equal(res.status, 200, path);
      return res.text();
    };

    test("a query lists its matches best first, with credits, issue links and a snippet", async () => {
      const html = await page("/database?q=intrinsic+dimension");
      assert.deepEqual(resultIds(html), [ids.intrinsic, ids.overfit]);
      assert.equal(resultCount(html), 2);
      assert.match(
        html,
        /<a href="\/entries\/\d+">Measuring the Intrinsic Dimension of Objective Landscapes<\/a>/,
      );
      assert.match(
        html,
        /Chunyuan Li, Jason Yosinski · ICLR · 2018 · <a href="\/issues\/53">AN #53<\/a> · summarized by Cody/,
      );
      assert.match(
        html,
        /<p class="result-snippet">This paper proposes the <mark>intrinsic<\/mark> <mark>dimension<\/mark>/,
      );
      assert.match(html, /<span class="badge highlight">Highlight<\/span>/, "the highlight is badged");
      assert.match(html, /<input type="search" id="db-q" name="q" value="intrinsic dimension"/);
      assert.match(html, /<label for="db-q">/);
      assert.match(html, /<label for="db-lookup-u">/);
      assert.match(html, /<script src="\/assets\/database\.[0-9a-f]{10}\.js" defer/);
    });

    test("without a query it browses every published entry, newest issue first, 20 a page", async () => {
      const first = await page("/database");
      assert.equal(resultCount(first), PUBLISHED);
      const one = resultIds(first);
      assert.equal(one.length, 20);
      assert.equal(one[0], ids[`filler${FILLERS - 1}`], "issue 83 first");
      assert.match(first, /<link rel="next" href="\/database\?page=2"\/>/);
      assert.match(first, /<a class="button subtle" rel="next" href="\/database\?page=2">/);
      assert.doesNotMatch(first, /rel="prev"/);
      const second = await page("/database?page=2");
      const two = resultIds(second);
      assert.equal(two.length, PUBLISHED - 20);
      assert.match(second, /<link rel="prev" href="\/database"\/>/);
      assert.doesNotMatch(second, /rel="next"/);
      assert.deepEqual(
        two.slice(-4),
        [ids.overfit, ids.intrinsic, ids.logbarrier, ids.reward],
        "AN #53 (highlight first), then #34",
      );
      assert.equal(new Set([...one, ...two]).size, PUBLISHED, "pages neither repeat nor skip");
      assert.match(second, /<ol class="result-list db-results" start="21"/);
      assert.deepEqual(resultIds(await page("/database?page=99")), two, "past the end: the last page");
    });

    test("every facet's count is what following its link gives, and matches a direct count", async () => {
      for (const path of ["/database", "/database?q=paper", "/database?q=paper&summarizer=Rohin"]) {
        const links = facetLinks(await page(path));
        assert.deepEqual(
          [...new Set(links.map((l) => l.facet))].sort(),
          ["category", "highlight", "section", "summarizer", "venue", "year"],
          path,
        );
        for (const link of links) {
          if (link.chosen) continue;
          assert.equal(
            resultCount(await page(link.href)),
            link.count,
            `${path}: ${link.facet} ${link.label}`,
          );
        }
      }
      const all = facetLinks(await page("/database"));
      const count = (facet: string, label: string) =>
        all.find((l) => l.facet === facet && l.label === label)?.count;
      assert.equal(count("summarizer", "Rohin"), 2, "joint credit counts for each person");
      assert.equal(count("summarizer", "Robert"), 1);
      assert.equal(count("summarizer", "Flo"), FILLERS);
      assert.equal(count("category", "Deep learning"), 2);
      assert.equal(count("section", "Other progress in AI"), FILLERS + 2);
      assert.equal(count("section", "Technical AI alignment"), 2);
      assert.equal(count("year", "2020"), FILLERS);
      assert.equal(count("venue", "arXiv"), FILLERS + 2);
      assert.equal(count("highlight", "Highlights only"), 2);
    });

    test("filter links narrow the results, keep the query, and can be removed", async () => {
      const html = await page("/database?q=paper");
      const link = facetLinks(html).find((l) => l.facet === "summarizer" && l.label === "Rohin")!;
      assert.equal(link.href, "/database?q=paper&summarizer=Rohin");
      const narrowed = await page(link.href);
      assert.deepEqual(resultIds(narrowed), [ids.reward]);
      assert.match(narrowed, /Filtered by:/);
      assert.match(
        narrowed,
        /<span class="muted">Summarizer:<\/span> Rohin <a href="\/database\?q=paper" class="db-chip-remove">remove/,
      );
      const chosen = facetLinks(narrowed).find((l) => l.facet === "summarizer" && l.label === "Rohin")!;
      assert.ok(chosen.chosen);
      assert.equal(chosen.href, "/database?q=paper", "a chosen value's link removes it");
      assert.match(
        narrowed,
        /<input type="hidden" name="summarizer" value="Rohin"\/>/,
        "a new query keeps the filter",
      );

      const two = await page("/database?category=Deep+learning&category=adversarial+examples");
      assert.deepEqual(
        new Set(resultIds(two)),
        new Set([ids.intrinsic, ids.overfit, ids.logbarrier]),
        "categories: any of them",
      );
      assert.match(two, /Clear all filters/);
      const year = await page("/database?year=2019&venue=arXiv");
      assert.deepEqual(resultIds(year), [ids.logbarrier]);
      assert.deepEqual(resultIds(await page("/database?section=Technical+AI+alignment&year=2019")), [
        ids.logbarrier,
      ]);
    });

    test("sort by relevance (the default with a query), newest or oldest issue", async () => {
      const q = "/database?q=attack+OR+agenda+OR+intrinsic";
      const relevance = resultIds(await page(q));
      assert.equal(resultIds(await page(`${q}&sort=relevance`)).join(), relevance.join());
      assert.deepEqual(resultIds(await page(`${q}&sort=newest`)), [
        ids.overfit,
        ids.intrinsic,
        ids.logbarrier,
        ids.reward,
      ]);
      assert.deepEqual(resultIds(await page(`${q}&sort=oldest`)), [
        ids.reward,
        ids.overfit,
        ids.intrinsic,
        ids.logbarrier,
      ]);
      assert.deepEqual(new Set(relevance), new Set([ids.overfit, ids.intrinsic, ids.logbarrier, ids.reward]));
      assert.notDeepEqual(relevance, [ids.overfit, ids.intrinsic, ids.logbarrier, ids.reward]);
      const browse = await page("/database?sort=relevance");
      assert.match(browse, /aria-current="true">Newest issue/, "no query: relevance means newest");
      assert.doesNotMatch(browse, />Relevance</);
      assert.equal(resultIds(await page("/database?sort=oldest"))[0], ids.reward);
    });

    test("highlights mode shows the highlights in full, cross-references resolved", async () => {
      const html = await page("/database?highlights=1");
      assert.deepEqual(resultIds(html), [ids.overfit, ids.reward]);
      assert.match(html, /<h1>Highlights<\/h1>/);
      assert.match(html, /<article class="entry" id="entry-\d+">/);
      assert.match(html, /<strong>liked<\/strong> this post/, "Markdown rendered");
      assert.match(html, /Rohin and Robert&#39;s opinion:|Rohin and Robert's opinion:/);
      assert.match(
        html,
        /<a href="https:\/\/arxiv.org\/abs\/1804.08838">Measuring the Intrinsic Dimension of Objective Landscapes<\/a> \(<a href="https:\/\/example.org\/an-53">AN #53<\/a>\)/,
      );
      assert.match(html, /<a href="\/issues\/34">AN #34<\/a>/);
      assert.match(html, /All entries, as a list/);
      assert.deepEqual(resultIds(await page("/database?highlights=1&q=modeling")), [ids.reward]);
    });

    test("input that cannot be searched gives a page with a message, never an error", async () => {
      const cases: [string, RegExp | null][] = [
        ['"unbalanced quote', null],
        ["*", /no words to search for/],
        ["-intrinsic", /only excludes words/],
        ["x".repeat(10_240), /only its first words were searched/],
        ["word ".repeat(2_000), /only its first words were searched/],
        ["NEAR(a b) : {title} ^", null],
        ["🤖", /no words to search for/],
      ];
      for (const [q, message] of cases) {
        const res = await site.get(`/database?${new URLSearchParams({ q })}`);
        assert.equal(res.status, 200, q.slice(0, 20));
        const html = await res.text();
        if (message) assert.match(html, message, q.slice(0, 20));
        assert.doesNotMatch(html, /Something went wrong/);
      }
      for (const junk of [
        "page=abc",
        "page=-3",
        "year=abc",
        "sort=bogus",
        "more=nothing",
        `category=${"c".repeat(400)}`,
      ]) {
        const res = await site.get(`/database?${junk}`);
        assert.equal(res.status, 200, junk);
        assert.equal(resultCount(await res.text()), PUBLISHED, `${junk} is ignored`);
      }
      const many = new URLSearchParams();
      for (let i = 0; i < 200; i++) many.append("category", `c${i}`);
      assert.equal((await site.get(`/database?${many}`)).status, 200);
    });

    test("a draft never shows: not in results, facets, suggestions, downloads or lookups", async () => {
      for (const path of [
        "/database",
        "/database?page=2",
        "/database?q=secret",
        "/database?q=intrinsic",
        "/database?highlights=1",
        "/database?year=1999",
      ]) {
        const html = await page(path);
        assert.ok(!resultIds(html).includes(ids.draft!), path);
        assert.doesNotMatch(html, /Secret draft|Zed|DraftConf|Draftonly/, path);
        assert.ok(!facetLinks(html).some((l) => l.label === "1999"), path);
      }
      const suggest = await (await site.get("/database/suggest?q=secret")).json();
      assert.deepEqual(suggest.suggestions, []);
      const csv = await (await site.get("/database/download.csv?q=intrinsic")).text();
      assert.doesNotMatch(csv, /Secret draft/);
      assert.equal(resultCount(await page("/database?year=1999")), 0);
      const lookup = await page("/database/lookup?u=https://arxiv.org/abs/2001.00001");
      assert.match(lookup, /Not summarized yet/);
      assert.match(
        await page("/database/lookup?u=Secret+draft+about+intrinsic+dimension"),
        /Not summarized yet/,
      );
    });

    test("on phones the facets fold into a details element above the results", async () => {
      const html = await page("/database");
      assert.match(
        html,
        /<div class="with-sidebar db-layout"><aside class="db-sidebar" aria-label="Filters"><details class="db-facets" open="">/,
      );
      assert.match(html, /<summary>Refine the results<\/summary>/);
    });
  });
}
