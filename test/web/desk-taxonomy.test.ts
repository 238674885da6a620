import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { AN_TAXONOMY, type Taxonomy } from "../../src/domain/taxonomy.ts";
import { getTaxonomy, insertEntries, replaceTaxonomy, toEntryContent } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { entryFields } from "../helpers/factories.ts";
import type { LoggedIn, TestSite } from "../helpers/web.ts";
import { testSite } from "../helpers/web.ts";

const SMALL: Taxonomy = [
  { name: "Technical AI alignment", categories: ["Learning human intent", "Interpretability"] },
  { name: "Other progress in AI", categories: ["Deep learning"] },
  { name: "News", categories: ["News"] },
];

/** The form as the page posts it: a name and a category list per section, the blank one last. */
function taxonomyForm(sections: { name: string; categories: string[] }[], op = "save"): [string, string][] {
  const pairs: [string, string][] = [["op", op]];
  for (const s of [...sections, { name: "", categories: [] }])
    pairs.push(["name", s.name], ["categories", s.categories.join("\r\n")]);
  return pairs;
}

for (const dialect of DIALECTS) {
  describe(`desk taxonomy (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    let summarizer: LoggedIn;

    const post = (pairs: [string, string][], as: LoggedIn, csrf = true) =>
      site.app.request("http://summa.test/desk/taxonomy", {
        method: "POST",
        body: new URLSearchParams([...(csrf ? [["_csrf", as.csrf] as [string, string]] : []), ...pairs]),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: as.cookie },
      });

    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
      summarizer = await site.login("summarizer", "Richard");
      await insertEntries(
        store.db,
        [toEntryContent(entryFields({ category: "Interpretability" }), 2)],
        new Date().toISOString(),
      );
    });
    beforeEach(() => store.db.transaction().execute((trx) => replaceTaxonomy(trx, SMALL)));
    after(() => store?.dispose());

    test("the page shows each section's name and categories, and a blank section to add", async () => {
      await store.db.transaction().execute((trx) => replaceTaxonomy(trx, AN_TAXONOMY));
      const res = await site.get("/desk/taxonomy", editor);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /name="name" type="text" value="Technical AI alignment"/);
      assert.match(
        html,
        /<textarea id="section-categories-0" name="categories"[^>]*>Summary: Inverse Reinforcement Learning\nEmbedded agency sequence\n/,
      );
      assert.match(html, /<legend>Add a section<\/legend>/);
      assert.match(html, new RegExp(`name="_csrf" value="${editor.csrf}"`));
      assert.match(html, /value="up-0" class="subtle small" disabled=""/, "the first section cannot move up");
      assert.match(html, /value="down-5" class="subtle small" disabled=""/, "nor the last one down");
      assert.match(html, /value="remove-1"[^>]*data-confirm=/);
    });

    test("saving renames sections, changes categories and adds a section; then says Saved", async () => {
      const edited = [
        { name: "Alignment", categories: ["Learning human intent", "Interpretability", "Robustness"] },
        { name: "Other progress in AI", categories: ["Deep learning"] },
        { name: "News", categories: ["News"] },
      ];
      const pairs = taxonomyForm(edited);
      // The blank "Add a section" fields, filled in.
      pairs.splice(-2, 2, ["name", "Podcasts"], ["categories", "Episodes\n\n  Interviews  \n"]);
      const res = await post(pairs, editor);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/desk/taxonomy?saved=1");
      assert.deepEqual(await getTaxonomy(store.db), [
        ...edited,
        { name: "Podcasts", categories: ["Episodes", "Interviews"] },
      ]);
      assert.match(await (await site.get("/desk/taxonomy?saved=1", editor)).text(), /Saved\./);
    });

    test("Move up, Move down and Remove save the reordered sections with what was typed", async () => {
      const typed = [{ ...SMALL[0]!, name: "Alignment (renamed)" }, SMALL[1]!, SMALL[2]!];
      assert.equal((await post(taxonomyForm(typed, "down-0"), editor)).status, 303);
      assert.deepEqual(
        (await getTaxonomy(store.db)).map((s) => s.name),
        ["Other progress in AI", "Alignment (renamed)", "News"],
      );
      assert.equal((await post(taxonomyForm(await getTaxonomy(store.db), "up-2"), editor)).status, 303);
      assert.deepEqual(
        (await getTaxonomy(store.db)).map((s) => s.name),
        ["Other progress in AI", "News", "Alignment (renamed)"],
      );
      assert.equal((await post(taxonomyForm(await getTaxonomy(store.db), "remove-0"), editor)).status, 303);
      assert.deepEqual(
        (await getTaxonomy(store.db)).map((s) => s.name),
        ["News", "Alignment (renamed)"],
      );
    });

    test("an invalid taxonomy is refused with 422, every problem listed, what was typed kept", async () => {
      const res = await post(
        taxonomyForm([
          { name: "Technical AI alignment", categories: ["Learning human intent", "News"] },
          { name: "", categories: ["Deep learning"] },
          { name: "News", categories: ["News"] },
        ]),
        editor,
      );
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(html, /The taxonomy was not saved/);
      assert.match(html, /section 2: &quot;name&quot; must be a non-empty string/);
      assert.match(
        html,
        /category &quot;News&quot; is already in section &quot;Technical AI alignment&quot;/,
      );
      assert.match(
        html,
        /<textarea id="section-categories-0" name="categories"[^>]*>Learning human intent\nNews<\/textarea>/,
      );
      assert.deepEqual(await getTaxonomy(store.db), SMALL, "nothing changed");
    });

    test("renaming a category entries use warns that they now fall under Other", async () => {
      const renamed = [
        { ...SMALL[0]!, categories: ["Learning human intent", "Interpretability & transparency"] },
        ...SMALL.slice(1),
      ];
      assert.equal((await post(taxonomyForm(renamed), editor)).status, 303);
      const html = await (await site.get("/desk/taxonomy", editor)).text();
      assert.match(
        html,
        /Entries use categories the taxonomy does not have[\s\S]*<li>Interpretability \(1 entry\)<\/li>/,
      );
    });

    test("names are escaped", async () => {
      const hostile = [
        { name: '<script>alert(1)</script>"><img src=x onerror=alert(1)>', categories: ["<b>x</b>"] },
      ];
      assert.equal((await post(taxonomyForm(hostile), editor)).status, 303);
      const html = await (await site.get("/desk/taxonomy", editor)).text();
      assert.ok(!html.includes("<script>alert(1)</script>"));
      assert.ok(!html.includes("<img src=x"));
      assert.ok(!html.includes("<b>x</b>"));
      assert.match(
        html,
        /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;"/,
      );
    });

    test("summarizers may neither see nor change the taxonomy (403)", async () => {
      assert.equal((await site.get("/desk/taxonomy", summarizer)).status, 403);
      const res = await post(taxonomyForm([{ name: "Mine now", categories: ["X"] }]), summarizer);
      assert.equal(res.status, 403);
      assert.deepEqual(await getTaxonomy(store.db), SMALL);
    });

    test("a save without the CSRF token is refused (403) and changes nothing", async () => {
      const res = await post(taxonomyForm([{ name: "Forged", categories: ["X"] }]), editor, false);
      assert.equal(res.status, 403);
      assert.deepEqual(await getTaxonomy(store.db), SMALL);
    });
  });
}
