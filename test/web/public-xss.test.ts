import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { saveIssueMeta, setSetting } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import { entryId, importRows } from "./public-helpers.ts";

const SCRIPT = "<script>alert(1)</script>";
const IMG = `"><img src=x onerror=alert(1)>`;
const JS = "javascript:alert(1)";
const BOTH = `${SCRIPT}${IMG}`;

/** Markup that must never come back as markup: a script, an image with a handler, a javascript: link. */
function assertInert(path: string, body: string): void {
  assert.ok(!body.includes("<script>alert"), `${path}: an unescaped <script>`);
  assert.doesNotMatch(body, /<img[^>]*onerror/i, `${path}: an <img onerror> element`);
  assert.doesNotMatch(body, /href\s*=\s*["']?\s*javascript:/i, `${path}: a javascript: link`);
  assert.doesNotMatch(body, /\\u003cscript|\\u003cimg/i, `${path}: markup hidden in a JSON escape`);
}

for (const dialect of DIALECTS) {
  describe(`public pages escape everything (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    const paths = [
      "/",
      "/issues",
      "/issues/7",
      "/subscribe",
      "/feed.xml",
      "/atom.xml",
      "/feed.json",
      "/sitemap.xml",
    ];
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      // Every text field holds a payload; every link field a javascript: URL. The importer refuses
      // such addresses (the URL rule), so they are written to the database directly, as an older
      // version of the importer would have left them.
      await importRows(store, [
        {
          category: BOTH,
          highlight: "Highlight",
          title: `Title ${BOTH}`,
          authors: `${IMG}, Eve ${SCRIPT}`,
          venue: BOTH,
          year: "2019",
          hat_tip: BOTH,
          email: "AN #7",
          summarizer: IMG,
          summary: `${SCRIPT} ${IMG} [click](${JS}) and <@${IMG}@> and <a href="${JS}">raw</a>`,
          opinion: `${BOTH} [again](${JS})`,
          prerequisites: `[pre](${JS}) ${BOTH}`,
          read_more: BOTH,
        },
        { title: IMG, email: "AN #6", summary: `<@Title ${BOTH}@> cites back. ${SCRIPT}` },
        { title: `[${IMG}](${JS})`, email: "AN #6", summary: `${SCRIPT}` },
      ]);
      await store.db
        .updateTable("entries")
        .set({ url: JS, venue_url: JS, issue_url: JS, prerequisites_url: JS, read_more_url: JS })
        .where("title", "in", [`Title ${BOTH}`, IMG])
        .execute();
      await store.db.updateTable("issues").set({ url: JS }).where("number", "=", 7).execute();
      // After the import, which reads "AN #7" with the prefix it knows.
      await setSetting(store.db, "newsletter.name", `News ${BOTH}`);
      await setSetting(store.db, "newsletter.editor", IMG);
      await setSetting(store.db, "newsletter.issue_prefix", SCRIPT);
      await saveIssueMeta(store.db, 7, { subject: BOTH, intro: `${BOTH} [x](${JS})`, date: "2019-01-02" });
      paths.push(
        `/entries/${await entryId(store, `Title ${BOTH}`)}`,
        `/entries/${await entryId(store, IMG)}`,
        `/entries/${await entryId(store, `[${IMG}](${JS})`)}`,
        "/issues/6",
      );
    });
    after(() => store?.dispose());

    test("no page, feed or sitemap returns a payload as markup", async () => {
      for (const path of paths) {
        const res = await site.get(path);
        assert.equal(res.status, 200, path);
        const body = await res.text();
        if (!path.endsWith(".json")) {
          assertInert(path, body);
          continue;
        }
        // JSON Feed's title and summary are plain text by definition; its HTML is content_html.
        const feed = JSON.parse(body) as { items: { content_html: string; url: string }[] };
        assert.ok(feed.items.length > 0);
        assertInert(path, feed.items.map((i) => `${i.content_html}<a href="${i.url}">`).join("\n"));
      }
    });

    test("the payloads are there, as text", async () => {
      const entry = await (await site.get(paths.at(-4)!)).text();
      assert.match(
        entry,
        /Title &lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/,
      );
      assert.match(entry, /<span class="entry-title">Title &lt;script&gt;/, "no link for a javascript: URL");
      const issue = await (await site.get("/issues/7")).text();
      assert.match(issue, /<h1>&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.doesNotMatch(issue, /as first sent/, "the issue's javascript: URL is not linked");
      const json = (await (await site.get("/feed.json")).json()) as {
        title: string;
        items: { content_html: string }[];
      };
      assert.equal(json.title, `News ${BOTH}`);
      assert.ok(json.items[0]!.content_html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    });

    test("Markdown and text renders are served as text, never as HTML", async () => {
      for (const ext of ["md", "txt"]) {
        const res = await site.get(`/issues/7.${ext}`);
        assert.match(res.headers.get("content-type") ?? "", /^text\/(markdown|plain); charset=utf-8$/);
        assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      }
    });
  });
}
