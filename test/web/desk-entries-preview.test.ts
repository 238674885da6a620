import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { getEntry, insertEntries, toEntryContent } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { entryFields } from "../helpers/factories.ts";
import type { LoggedIn, TestSite } from "../helpers/web.ts";
import { testSite } from "../helpers/web.ts";
import { entryForm, savedId } from "./desk-fixture.ts";

const XSS = {
  script: "<script>alert(1)</script>",
  img: '"><img src=x onerror=alert(1)>',
  js: "javascript:alert(1)",
};

/** Asserts a page shows the payloads only as inert text. */
function assertInert(html: string, where: string): void {
  assert.ok(!html.includes(XSS.script), `${where}: a raw <script> payload`);
  assert.ok(!/<img src=x/i.test(html), `${where}: a raw <img onerror> payload`);
  assert.ok(!/href="\s*javascript:/i.test(html), `${where}: a javascript: link`);
  // Attribute values are quoted and their quotes escaped: outside them, no tag may gain an onerror.
  const tags = html.replace(/="[^"]*"/g, '=""');
  assert.ok(!/<[^>]+\sonerror=/i.test(tags), `${where}: an onerror attribute`);
}

for (const dialect of DIALECTS) {
  describe(`desk entries: preview, <@ titles, escaping (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let richard: LoggedIn;
    let laterIssueEntry: number;

    /** What desk.js sends: the form, urlencoded, the CSRF token in a header. */
    const preview = (fields: Record<string, string>, as: LoggedIn, token = as.csrf) =>
      site.app.request("http://summa.test/desk/entries/preview", {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-csrf-token": token,
          cookie: as.cookie,
        },
      });

    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      richard = await site.login("summarizer", "Richard");
      const rows = [
        entryFields({
          title: "Reward uncertainty",
          url: "https://example.org/reward-uncertainty",
          issueLabel: "AN #42",
          issueNumber: 42,
          issueUrl: "https://example.org/an-42",
        }),
        entryFields({
          title: "Reward uncertainty",
          url: "https://example.org/reward-uncertainty-again",
          issueLabel: "AN #50",
          issueNumber: 50,
          issueUrl: "https://example.org/an-50",
        }),
        entryFields({
          title: "An entry of AN #43",
          issueLabel: "AN #43",
          issueNumber: 43,
          summary: "Builds on <@Reward uncertainty@>.",
        }),
        ...Array.from({ length: 12 }, (_, i) =>
          entryFields({
            title: `Learning a reward model, part ${i + 1}`,
            issueLabel: "AN #60",
            issueNumber: 60,
          }),
        ),
        entryFields({ title: "100% reward_hacking", issueLabel: "AN #61", issueNumber: 61 }),
      ];
      const stored = await insertEntries(
        store.db,
        rows.map((r, i) => toEntryContent(r, i + 2)),
        new Date().toISOString(),
      );
      laterIssueEntry = stored.find((s) => s.issue_label === "AN #43")!.id;
    });
    after(() => store?.dispose());

    test("the preview renders Markdown as the issue will, resolving cross-references to (AN #N) links", async () => {
      const res = await preview(
        entryForm({
          summary:
            "Uses **reward models** and <@Reward uncertainty@>; see <@this work@>(@reward UNCERTAINTY@).",
          opinion: "Compare <@No such paper@>.",
        }),
        richard,
      );
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
      const html = await res.text();
      assert.doesNotMatch(html, /<html|<body/, "a fragment, not a page");
      assert.match(html, /<strong>reward models<\/strong>/);
      // A draft goes out later, so the latest summary of the title is meant.
      assert.match(
        html,
        /<a href="https:\/\/example.org\/reward-uncertainty-again">Reward uncertainty<\/a> \(<a href="https:\/\/example.org\/an-50">AN #50<\/a>\)/,
      );
      assert.match(html, /<a href="https:\/\/example.org\/reward-uncertainty-again">this work<\/a> \(/);
      assert.match(
        html,
        /class="entry-title" href="https:\/\/arxiv.org\/abs\/2009.01325">Learning to summarize/,
      );
      assert.match(html, /\(Nisan Stiennon et al\)/);
      assert.match(html, /\(summarized by Richard\)/, "an empty Summarized by previews as the author");
      assert.match(html, /Richard(&#39;|')s opinion:/);
      assert.match(html, /Technical AI alignment › Learning human intent/);
      assert.match(html, /name no entry[\s\S]*<code>&lt;@No such paper@&gt;<\/code>/);
      const highlighted = await (await preview(entryForm({ highlight: "on" }), richard)).text();
      assert.match(highlighted, /class="preview-placement muted">Highlights</);
    });

    test("a stored entry previews against its own issue: the latest summary before it", async () => {
      const html = await (
        await preview(
          { ...entryForm({ summary: "Builds on <@Reward uncertainty@>." }), id: String(laterIssueEntry) },
          richard,
        )
      ).text();
      assert.match(html, /\(<a href="https:\/\/example.org\/an-42">AN #42<\/a>\)/);
    });

    test("the Preview button works without JavaScript and saves nothing", async () => {
      const res = await site.post(
        "/desk/entries/new",
        entryForm({ title: "Only previewed", summary: "See <@Reward uncertainty@>.", action: "preview" }),
        richard,
      );
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /id="entry-preview"[^>]*>[\s\S]*AN #50<\/a>\)/);
      assert.match(html, /value="Only previewed"/);
      const count = await store.db
        .selectFrom("entries")
        .select("id")
        .where("title", "=", "Only previewed")
        .execute();
      assert.equal(count.length, 0);
      const id = savedId(
        await site.post("/desk/entries/new", entryForm({ title: "Previewed edit" }), richard),
      );
      const edit = await site.post(
        `/desk/entries/${id}/edit`,
        entryForm({ title: "Not saved", summary: "_new_", action: "preview" }),
        richard,
      );
      assert.equal(edit.status, 200);
      assert.match(await edit.text(), /<em>new<\/em>/);
      assert.equal((await getEntry(store.db, id))?.title, "Previewed edit");
    });

    test("the preview needs the CSRF token in its header", async () => {
      assert.equal((await preview(entryForm(), richard, "wrong")).status, 403);
    });

    test("titles for <@: up to 10 containing the words, those starting with them first, with their issue", async () => {
      const res = await site.get("/desk/entries/titles?q=reward", richard);
      assert.equal(res.status, 200);
      const { titles } = (await res.json()) as { titles: { id: number; title: string; issue: string }[] };
      assert.equal(titles.length, 10);
      assert.deepEqual(
        titles.slice(0, 2).map((t) => [t.title, t.issue]),
        [
          ["Reward uncertainty", "AN #42"],
          ["Reward uncertainty", "AN #50"],
        ],
      );
      assert.ok(titles.slice(2).every((t) => /reward/i.test(t.title)));
      assert.ok(titles.every((t) => Number.isInteger(t.id)));
      const literal = (await (await site.get("/desk/entries/titles?q=100%25%20reward_", richard)).json()) as {
        titles: { title: string }[];
      };
      assert.deepEqual(
        literal.titles.map((t) => t.title),
        ["100% reward_hacking"],
      );
      const short = (await (await site.get("/desk/entries/titles?q=r", richard)).json()) as {
        titles: unknown[];
      };
      assert.deepEqual(short.titles, []);
      assert.equal((await site.get("/desk/entries/titles?q=reward")).status, 303, "needs a login");
    });

    test("payloads in every field stay inert on the list, the form, the preview and the read-only view", async () => {
      const hostile = entryForm({
        title: `${XSS.script} ${XSS.img}`,
        authors: XSS.img,
        authorsDisplay: XSS.script,
        venue: XSS.script,
        hatTip: XSS.img,
        // A summarizer's own name must be among the credits (entry-access.ts).
        summarizers: `Richard/${XSS.script}`,
        summary: `${XSS.script} [click](${XSS.js}) <${XSS.js}> ${XSS.img}`,
        opinion: `${XSS.img} [x](${XSS.js})`,
        prerequisites: XSS.js,
        readMore: XSS.script,
      });
      const id = savedId(await site.post("/desk/entries/new", hostile, richard));
      const list = await (await site.get("/desk/entries", richard)).text();
      assert.match(list, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assertInert(list, "list");
      const form = await (await site.get(`/desk/entries/${id}/edit`, richard)).text();
      assert.match(
        form,
        /value="&lt;script&gt;alert\(1\)&lt;\/script&gt; &quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;"/,
      );
      assertInert(form, "edit form");
      const fragment = await (await preview(hostile, richard)).text();
      assert.match(fragment, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assertInert(fragment, "preview");
      const home = await (await site.get("/desk", richard)).text();
      assertInert(home, "desk home");
      const other = await site.login("summarizer", "Cody");
      assertInert(await (await site.get(`/desk/entries/${id}/edit`, other)).text(), "read-only view");
      const refused = await site.post("/desk/entries/new", { ...hostile, url: XSS.js }, richard);
      assert.equal(refused.status, 422);
      assertInert(await refused.text(), "422 form");
    });
  });
}
