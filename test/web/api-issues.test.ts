import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { simpleParser } from "mailparser";
import { ISSUE_FORMATS } from "../../src/issues/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type ApiFixture, api, apiFixture, assertError, assertSchema, XSS } from "./api-fixture.ts";

interface EntryJson {
  id: number;
  title: string;
  highlight: boolean;
}
interface IssueJson {
  number: number;
  label: string;
  entryCount: number;
  highlights: EntryJson[];
  sections: { name: string; categories: { name: string; entries: EntryJson[] }[] }[];
  links: { self: string; render: Record<string, string> };
}

/** Markup an escaping bug would let through into a rendered issue. */
function assertNoActiveMarkup(html: string, where: string): void {
  assert.doesNotMatch(html, /<script>alert/i, where);
  assert.doesNotMatch(html, /<img src=x onerror/i, where);
  assert.doesNotMatch(html, /<svg onload/i, where);
  assert.doesNotMatch(html, /href="javascript:/i, where);
}

for (const dialect of DIALECTS) {
  describe(`JSON API: issues and taxonomy (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let f: ApiFixture;
    before(async () => {
      store = await dialect.open();
      f = await apiFixture(store);
    });
    after(() => store?.dispose());

    test("GET /issues lists published issues newest first, with counts and links", async () => {
      const res = await api(f.site, "/issues");
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type")!, /^application\/json/);
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      const body = await res.json();
      assertSchema("IssuePage", body);
      assert.equal(body.total, 3, "the draft issue #4 is not listed");
      assert.deepEqual(
        body.results.map((i: IssueJson) => [i.number, i.label, i.entryCount]),
        [
          [3, "AN #3", 3],
          [2, "AN #2", 1],
          [1, "AN #1", 1],
        ],
        "issue 1's unpublished entry is not counted",
      );
      assert.equal(body.results[0].links.self, "http://summa.test/api/v1/issues/3");
      assert.equal(
        body.results[0].links.render.markdown,
        "http://summa.test/api/v1/issues/3/render/markdown",
      );
      const page = await (await api(f.site, "/issues?limit=1&offset=1")).json();
      assert.deepEqual([page.total, page.results.length, page.results[0].number], [3, 1, 2]);
      const error = await assertError(await api(f.site, "/issues?limit=1000"), 400, "input.invalid");
      assert.equal(error.parameter, "limit");
    });

    test("GET /issues/:number lays the issue out: highlights, then sections in taxonomy order", async () => {
      const res = await api(f.site, "/issues/3");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      const issue = (await res.json()) as IssueJson;
      assertSchema("Issue", issue);
      assert.equal(issue.label, "AN #3");
      assert.equal(issue.entryCount, 3);
      assert.deepEqual(
        issue.highlights.map((e) => e.title),
        ["Cooperative Inverse Reward Learning in Teams"],
      );
      assert.deepEqual(
        issue.sections.map((s) => [s.name, s.categories.map((c) => [c.name, c.entries.map((e) => e.title)])]),
        [
          ["Technical AI alignment", [["Forecasting", [XSS.title]]]],
          ["News", [["News", ["A Fellowship in Reward Research"]]]],
        ],
      );
    });

    test("an unpublished entry of a published issue and a draft issue stay hidden", async () => {
      const one = (await (await api(f.site, "/issues/1")).json()) as IssueJson;
      const ids = [...one.highlights, ...one.sections.flatMap((s) => s.categories.flatMap((c) => c.entries))];
      assert.deepEqual(
        ids.map((e) => e.title),
        ["Inverse Reward Design"],
      );
      const text = await (await api(f.site, "/issues/1/render/text")).text();
      assert.doesNotMatch(text, /Late Addition/);
      await assertError(await api(f.site, "/issues/4"), 404, "not_found");
      await assertError(await api(f.site, "/issues/4/render/html"), 404, "not_found");
      await assertError(await api(f.site, "/issues/99"), 404, "not_found");
      const error = await assertError(await api(f.site, "/issues/three"), 400, "input.invalid");
      assert.equal(error.parameter, "number");
    });

    test("GET /issues/:number/render/:format answers each format with its content type", async () => {
      const types: Record<string, RegExp> = {
        text: /^text\/plain; charset=utf-8$/,
        markdown: /^text\/markdown; charset=utf-8$/,
        html: /^text\/html; charset=utf-8$/,
        email: /^message\/rfc822$/,
      };
      for (const format of ISSUE_FORMATS) {
        const res = await api(f.site, `/issues/1/render/${format}`);
        assert.equal(res.status, 200, format);
        assert.match(res.headers.get("content-type")!, types[format]!, format);
        assert.equal(res.headers.get("access-control-allow-origin"), "*");
        assert.match(await res.text(), /Inverse Reward Design/, format);
      }
      const md = await (await api(f.site, "/issues/1/render/markdown")).text();
      assert.match(md, /# HIGHLIGHTS/);
      const error = await assertError(await api(f.site, "/issues/1/render/pdf"), 400, "input.invalid");
      assert.equal(error.parameter, "format");
    });

    test("the html and email renders escape payloads stored in the fields", async () => {
      const html = await (await api(f.site, "/issues/3/render/html")).text();
      assert.match(html, /&lt;script&gt;alert\(/, "the title is shown as text");
      assertNoActiveMarkup(html, "html");
      const email = await simpleParser(await (await api(f.site, "/issues/3/render/email")).text());
      assert.ok(typeof email.html === "string" && email.html.includes("Adversarial Titles"));
      assertNoActiveMarkup(email.html, "email html part");
    });

    test("GET /taxonomy lists sections with their categories, in order", async () => {
      const res = await api(f.site, "/taxonomy");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      const body = await res.json();
      assertSchema("Taxonomy", body);
      const names = body.sections.map((s: { name: string }) => s.name);
      assert.equal(names[0], "Technical AI alignment");
      assert.ok(names.includes("News"));
      const first = body.sections[0].categories as string[];
      assert.ok(first.includes("Learning human intent") && first.includes("Forecasting"));
    });

    test("unknown API paths answer JSON 404, not the site's HTML page", async () => {
      const error = await assertError(await api(f.site, "/nothing/here"), 404, "not_found");
      assert.match(error.message, /GET \/api\/v1\/nothing\/here/);
    });
  });
}
