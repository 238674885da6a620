import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { addSubscriber } from "../../src/subscribers/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { importRecords } from "../helpers/import.ts";
import type { LoggedIn, TestSite } from "../helpers/web.ts";
import { testSite } from "../helpers/web.ts";

const XSS = '=HYPERLINK("http://evil.example")<script>alert(1)</script>';
const sectionIds = (html: string) =>
  [...html.matchAll(/<section class="numbers-block" id="numbers-([a-z]+)"/g)].map((m) => m[1]);

for (const dialect of DIALECTS) {
  describe(`the numbers pages (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    let summarizer: LoggedIn;

    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
      summarizer = await site.login("summarizer", "Richard");
      await importRecords(store, [
        {
          title: "Reward modeling",
          category: "Learning human intent",
          email: "AN #1",
          issue_number: "1",
          summarizer: "Rohin",
          summary: "Four words of summary.",
          opinion: "Good.",
          venue: "arXiv",
          highlight: "true",
        },
        {
          title: "Debate",
          category: "Interpretability",
          email: "AN #2",
          issue_number: "2",
          summarizer: "Richard",
          summary: "Cites <@Reward modeling@> here.",
          venue: XSS,
        },
      ]);
      await addSubscriber(store, { email: "reader@example.org" }, new Date("2024-06-04T10:00:00Z"));
    });
    after(() => store?.dispose());

    test("by default /numbers shows the content figures and no reader figure", async () => {
      const res = await site.get("/numbers");
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.deepEqual(sectionIds(html), ["issues", "summarizers", "sections", "venues", "lengths", "cited"]);
      assert.doesNotMatch(html, /Subscribers over time|on the list|reader@example/);
      assert.match(html, /2 issues, 2 entries \(2 with a summary\)/);
      assert.match(html, /<figure class="chart" id="chart-entries"/);
      // A venue from the sheet is text, never markup.
      assert.doesNotMatch(html, /<script>alert/);
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(
        html,
        /<th scope="row">Reward modeling<\/th><td><a href="\/issues\/1">#1<\/a><\/td><td>1<\/td>/,
      );
      const csv = await site.get("/numbers/venues-overall.csv");
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get("content-type")!, /^text\/csv/);
      const text = await csv.text();
      assert.ok(text.includes(`all,"'=HYPERLINK(""http://evil.example"")<script>alert(1)</script>",1`), text);
      assert.equal(
        (await site.get("/numbers/subscribers-weekly.csv")).status,
        404,
        "a private series is not offered",
      );
    });

    test("the editor chooses the public blocks; /numbers shows exactly those", async () => {
      assert.equal((await site.get("/desk/numbers", summarizer)).status, 403);
      const desk = await site.get("/desk/numbers", editor);
      assert.equal(desk.status, 200);
      const all = await desk.text();
      assert.deepEqual(sectionIds(all), [
        "issues",
        "summarizers",
        "sections",
        "venues",
        "lengths",
        "cited",
        "subscribers",
        "sends",
      ]);
      assert.match(all, /1 on the list: 1 confirmed/);
      assert.match(all, /<input type="checkbox" name="block" value="issues" checked=""/);
      assert.match(all, /<input type="checkbox" name="block" value="subscribers"\/>/);

      const body = new URLSearchParams([
        ["_csrf", editor.csrf],
        ["block", "venues"],
        ["block", "subscribers"],
      ]);
      const saved = await site.app.request("http://summa.test/desk/numbers/public", {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: editor.cookie },
      });
      assert.equal(saved.status, 303);
      const html = await (await site.get("/numbers")).text();
      assert.deepEqual(sectionIds(html), ["venues", "subscribers"]);
      assert.match(html, /<figure class="chart" id="chart-list"/);
      assert.match(html, /<tr><th scope="row">2024-W23<\/th><td>1<\/td><\/tr>/);
      assert.equal((await site.get("/numbers/subscribers-weekly.csv")).status, 200);
      assert.equal((await site.get("/numbers/content-overall.csv")).status, 404);
      const footerLink = /<footer[\s\S]*<a href="\/numbers">About the numbers<\/a>[\s\S]*<\/footer>/;
      assert.match(await (await site.get("/")).text(), footerLink, "every public page links to the numbers");
      assert.match(await (await site.get("/issues")).text(), footerLink);

      const none = await site.post("/desk/numbers/public", {}, editor);
      assert.equal(none.status, 303);
      const empty = await (await site.get("/numbers")).text();
      assert.deepEqual(sectionIds(empty), []);
      assert.match(empty, /No figures are public yet/);
      assert.doesNotMatch(await (await site.get("/")).text(), /href="\/numbers"/, "nothing public: no link");

      const bad = await site.post("/desk/numbers/public", { block: "emails" }, editor);
      assert.equal(bad.status, 422);
      assert.match(await bad.text(), /role="alert">numbers.public_blocks: unknown block &quot;emails&quot;/);
      assert.deepEqual(sectionIds(await (await site.get("/numbers")).text()), [], "nothing was saved");
      const desktop = await site.get("/desk/numbers/sends.csv", editor);
      assert.equal(desktop.status, 200);
      assert.match(await desktop.text(), /^issue,status,send_at,sent,failed/);
    });
  });
}
