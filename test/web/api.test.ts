import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type ApiFixture, api, apiFixture, assertError, assertSchema, XSS } from "./api-fixture.ts";

interface Hit {
  id: number;
  title: string;
  score: number | null;
  status: string;
  highlight: boolean;
  issue: { number: number | null } | null;
}
interface Page<T> {
  total: number;
  limit: number;
  offset: number;
  results: T[];
}

for (const dialect of DIALECTS) {
  describe(`JSON API: public entries (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let f: ApiFixture;
    before(async () => {
      store = await dialect.open();
      f = await apiFixture(store);
    });
    after(() => store?.dispose());

    async function entries(query: string): Promise<Page<Hit>> {
      const res = await api(f.site, `/entries${query}`);
      assert.equal(res.status, 200, await res.clone().text());
      const body = (await res.json()) as Page<Hit>;
      assertSchema("EntryPage", body);
      return body;
    }
    const titles = (page: Page<Hit>) => page.results.map((r) => r.title).sort();

    test("GET /entries without q lists published entries, newest issue first, with CORS", async () => {
      const res = await api(f.site, "/entries");
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type")!, /^application\/json/);
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      const body = (await res.json()) as Page<Hit>;
      assertSchema("EntryPage", body);
      assert.equal(body.total, f.published.size);
      assert.deepEqual([body.limit, body.offset], [20, 0]);
      assert.deepEqual(titles(body), [...f.published.values()].sort());
      assert.deepEqual(
        body.results.map((r) => r.issue?.number),
        [3, 3, 3, 2, 1],
      );
      assert.ok(body.results.every((r) => r.score === null && r.status === "published"));
    });

    test("GET /entries?q= ranks matches, and drafts never appear", async () => {
      const body = await entries("?q=reward");
      assert.deepEqual(titles(body), [
        "A Fellowship in Reward Research",
        "Cooperative Inverse Reward Learning in Teams",
        "Inverse Reward Design",
      ]);
      assert.equal(body.total, 3);
      assert.ok(body.results.every((r) => typeof r.score === "number"));
      assert.equal((await entries("?q=secret draft")).total, 0);
      assert.equal((await entries("?q=late addition")).total, 0);
    });

    test("each filter narrows the results, with and without q", async () => {
      const cases: [string, string[]][] = [
        ["?category=Interpretability", ["Attention is not Explanation"]],
        [
          "?category=interpretability&category=News",
          ["A Fellowship in Reward Research", "Attention is not Explanation"],
        ],
        ["?section=News", ["A Fellowship in Reward Research"]],
        ["?summarizer=Robert", ["Cooperative Inverse Reward Learning in Teams"]],
        ["?author=milli", ["Inverse Reward Design"]],
        ["?venue=naacl", ["Attention is not Explanation"]],
        ["?yearFrom=2020&yearTo=2020", [XSS.title, "Cooperative Inverse Reward Learning in Teams"].sort()],
        ["?issueFrom=2&issueTo=2", ["Attention is not Explanation"]],
        ["?highlights=true", ["Cooperative Inverse Reward Learning in Teams", "Inverse Reward Design"]],
        ["?q=reward&highlights=1&issueTo=1", ["Inverse Reward Design"]],
        [
          "?q=reward&section=Technical%20AI%20alignment",
          ["Cooperative Inverse Reward Learning in Teams", "Inverse Reward Design"],
        ],
        ["?q=reward&summarizer=Richard", []],
      ];
      for (const [query, expected] of cases) {
        const body = await entries(query);
        assert.deepEqual(titles(body), expected, query);
        assert.equal(body.total, expected.length, query);
      }
    });

    test("limit and offset page through the results", async () => {
      const all = await entries("?limit=100");
      const second = await entries("?limit=2&offset=2");
      assert.deepEqual([second.total, second.limit, second.offset], [5, 2, 2]);
      assert.deepEqual(
        second.results.map((r) => r.id),
        all.results.slice(2, 4).map((r) => r.id),
      );
      const ranked = await entries("?q=reward&limit=1&offset=1");
      assert.equal(ranked.total, 3);
      assert.equal(ranked.results.length, 1);
      const empty = await entries("?year=&q=&limit=");
      assert.equal(empty.total, 5, "empty parameters count as absent");
    });

    test("bad parameters are 400 input.invalid naming the parameter", async () => {
      const cases: [string, string][] = [
        ["?limit=101", "limit"],
        ["?limit=0", "limit"],
        ["?limit=abc", "limit"],
        ["?offset=-1", "offset"],
        ["?yearFrom=20x", "yearFrom"],
        ["?yearFrom=2021&yearTo=2019", "yearFrom"],
        ["?issueTo=1e2", "issueTo"],
        ["?highlights=maybe", "highlights"],
        ["?catgory=News", "catgory"],
        ["?limit=1&limit=2", "limit"],
        ["?q=***", "q"],
      ];
      for (const [query, parameter] of cases) {
        const error = await assertError(await api(f.site, `/entries${query}`), 400, "input.invalid");
        assert.equal(error.parameter, parameter, query);
        assert.match(error.message, new RegExp(parameter === "q" ? "^q: " : parameter), query);
      }
    });

    test("GET /entries/:id returns a published entry and 404 for drafts and unknown ids", async () => {
      const [id, title] = [...f.published].find(([, t]) => t === "Inverse Reward Design")!;
      const res = await api(f.site, `/entries/${id}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      const entry = await res.json();
      assertSchema("Entry", entry);
      assert.equal(entry.title, title);
      assert.deepEqual(entry.authors, [
        { name: "Dylan Hadfield-Menell", equalContribution: true },
        { name: "Smitha Milli", equalContribution: true },
      ]);
      assert.equal(entry.section, "Technical AI alignment");
      assert.deepEqual(entry.issue, { label: "AN #1", number: 1, url: "" });
      assert.equal(entry.links.self, `http://summa.test/api/v1/entries/${id}`);
      await assertError(await api(f.site, `/entries/${f.draftId}`), 404, "not_found");
      await assertError(await api(f.site, `/entries/${f.unpublishedInIssueId}`), 404, "not_found");
      await assertError(await api(f.site, "/entries/999999"), 404, "not_found");
      assert.equal(
        (await assertError(await api(f.site, "/entries/abc"), 400, "input.invalid")).parameter,
        "id",
      );
    });

    test("GET /lookup finds by URL, title and near title, never a draft", async () => {
      const lookup = async (u: string) => {
        const res = await api(f.site, `/lookup?u=${encodeURIComponent(u)}`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("access-control-allow-origin"), "*");
        const body = await res.json();
        assertSchema("Lookup", body);
        return body as { query: string; matches: { how: string; similarity: number; entry: Hit }[] };
      };
      const exact = await lookup("inverse reward  design");
      assert.deepEqual(
        exact.matches.map((m) => [m.how, m.similarity, m.entry.title]),
        [["title", 1, "Inverse Reward Design"]],
      );
      const near = await lookup("Attention is not Explanations");
      assert.equal(near.matches[0]?.how, "similar-title");
      assert.ok(near.matches[0]!.similarity >= 0.85 && near.matches[0]!.similarity < 1);
      assert.deepEqual((await lookup("https://arxiv.org/pdf/2401.00001v2")).matches, []);
      assert.deepEqual((await lookup("Secret Draft About Reward Hacking")).matches, []);
      const error = await assertError(await api(f.site, "/lookup"), 400, "input.invalid");
      assert.equal(error.parameter, "u");
    });

    test("JSON carries stored strings as they are: script tags are data, not markup", async () => {
      const body = await entries("?category=Forecasting");
      const [hit] = body.results;
      const entry = await (await api(f.site, `/entries/${hit!.id}`)).json();
      assert.equal(entry.title, XSS.title);
      assert.equal(entry.summary, XSS.summary);
      assert.equal(entry.opinion, XSS.opinion);
      assert.equal(entry.authors[0].name, '<img src=x onerror=alert("a")>');
    });
  });
}
