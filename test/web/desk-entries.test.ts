import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { getEntry, insertEntries, toEntryContent, updateEntryColumns } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { entryFields } from "../helpers/factories.ts";
import type { LoggedIn, TestSite } from "../helpers/web.ts";
import { testSite } from "../helpers/web.ts";
import { entryForm, savedId } from "./desk-fixture.ts";

async function entryCount(store: TestStore): Promise<number> {
  const row = await store.db
    .selectFrom("entries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of DIALECTS) {
  describe(`desk entries: home, list, editor, permissions (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    let richard: LoggedIn;
    let cody: LoggedIn;
    let publishedId: number;
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
      richard = await site.login("summarizer", "Richard");
      cody = await site.login("summarizer", "Cody");
      const [stored] = await insertEntries(
        store.db,
        [toEntryContent(entryFields({ title: "An imported published entry" }), 2)],
        new Date().toISOString(),
      );
      publishedId = stored!.id;
    });
    after(() => store?.dispose());

    test("the new-entry form has every field, categories grouped by section, and the CSRF token", async () => {
      const res = await site.get("/desk/entries/new", richard);
      assert.equal(res.status, 200);
      const html = await res.text();
      for (const name of Object.keys(entryForm())) assert.match(html, new RegExp(`name="${name}"`), name);
      assert.match(html, /name="highlight" value="on"/);
      assert.match(html, /<optgroup label="Technical AI alignment"><option value="[^"]+">/);
      assert.match(html, /<optgroup label="News"><option value="News">News<\/option>/);
      assert.match(html, new RegExp(`name="_csrf" value="${richard.csrf}"`));
      assert.match(html, /<script src="\/assets\/desk\.[0-9a-f]{10}\.js" defer/);
      assert.match(html, /value="preview"/, "the no-JavaScript Preview button");
    });

    test("creating an entry saves it as the author's draft and redirects to its editor with Saved", async () => {
      const id = savedId(await site.post("/desk/entries/new", entryForm({ highlight: "on" }), richard));
      const stored = await getEntry(store.db, id);
      assert.equal(stored?.title, "Learning to summarize from human feedback");
      assert.equal(stored?.status, "draft");
      assert.equal(stored?.createdBy, richard.user.id);
      assert.deepEqual(stored?.summarizers, ["Richard"], "an empty Summarized by credits the author");
      assert.equal(stored?.highlight, true);
      assert.equal(stored?.year, 2020);
      assert.equal(stored?.authors.length, 3);
      const page = await (await site.get(`/desk/entries/${id}/edit?saved=1`, richard)).text();
      assert.match(page, /class="notice ok" role="status">Saved\.</);
      assert.match(page, /value="Learning to summarize from human feedback"/);
      assert.match(page, /value="Nisan Stiennon\*, Long Ouyang\*, Paul Christiano"/);
      assert.match(page, /They train a reward model on \*\*human comparisons\*\*\.<\/textarea>/);
      assert.match(page, /name="highlight" value="on" checked/);
      // The stored entry previews on load, rendered as in an issue.
      assert.match(page, /<strong>human comparisons<\/strong>/);
      assert.match(page, /\(summarized by Richard\)/);
    });

    test("a save with bad fields is refused with 422, a message by each field, and what was typed kept", async () => {
      const before = await entryCount(store);
      const res = await site.post(
        "/desk/entries/new",
        entryForm({ title: "   ", year: "20x", url: "ftp://example.org/x", category: "Basket weaving" }),
        richard,
      );
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(html, /id="title-error">a title is required</);
      assert.match(html, /id="year-error">&quot;20x&quot; is not a year/);
      assert.match(html, /id="url-error">&quot;ftp:\/\/example.org\/x&quot; is not an http\(s\) address/);
      assert.match(html, /id="category-error">&quot;Basket weaving&quot; is not in the taxonomy/);
      assert.match(html, /name="year" type="text" value="20x"[^>]*aria-invalid="true"/);
      assert.match(html, /<option value="Basket weaving" selected="">/, "an unknown category stays chosen");
      assert.match(html, /They train a reward model on \*\*human comparisons\*\*\.<\/textarea>/);
      assert.match(html, /The entry was not saved: 4 problems/);
      assert.equal(await entryCount(store), before, "nothing was saved");
    });

    test("a status only composing sets (published) is refused by hand with 422 on the status", async () => {
      const res = await site.post(
        "/desk/entries/new",
        entryForm({ title: "Self-published", status: "published" }),
        richard,
      );
      assert.equal(res.status, 422);
      assert.match(
        await res.text(),
        /id="status-error">&quot;published&quot; is set by composing and publishing issues/,
      );
    });

    test("a title another unsent entry has is a 409 on the title field", async () => {
      const form = entryForm({ title: "A title used twice" });
      savedId(await site.post("/desk/entries/new", form, richard));
      const res = await site.post("/desk/entries/new", form, cody);
      assert.equal(res.status, 409);
      assert.match(await res.text(), /id="title-error">Entry #\d+ already has this title</);
    });

    test("editing changes every field given, sets the status, and clears emptied fields", async () => {
      const id = savedId(
        await site.post("/desk/entries/new", entryForm({ title: "To be revised" }), richard),
      );
      const res = await site.post(
        `/desk/entries/${id}/edit`,
        entryForm({ title: "Revised", summary: "New summary.", hatTip: "", status: "submitted" }),
        richard,
      );
      assert.equal(savedId(res), id);
      const stored = await getEntry(store.db, id);
      assert.equal(stored?.title, "Revised");
      assert.equal(stored?.summary, "New summary.");
      assert.equal(stored?.hatTip, "");
      assert.equal(stored?.status, "submitted");
      // A summarizer submits; only an editor marks ready (domain/review.ts).
      const selfReady = await site.post(
        `/desk/entries/${id}/edit`,
        entryForm({ title: "Revised", status: "ready" }),
        richard,
      );
      assert.equal(selfReady.status, 422);
      assert.match(await selfReady.text(), /id="status-error">an editor marks entries ready/);
      await site.post(`/desk/entries/${id}/review`, { action: "mark_ready" }, editor);
      assert.equal((await getEntry(store.db, id))?.status, "ready");
      assert.equal(stored?.highlight, false, "an unchecked box clears the highlight");
      const bad = await site.post(
        `/desk/entries/${id}/edit`,
        entryForm({ venueUrl: "javascript:alert(1)" }),
        richard,
      );
      assert.equal(bad.status, 422);
      assert.match(await bad.text(), /id="venueUrl-error">/);
      assert.equal((await getEntry(store.db, id))?.venueUrl, "https://neurips.cc");
    });

    test("a summarizer sees another's ready entry read-only and may not change it (403)", async () => {
      const id = savedId(
        await site.post(
          "/desk/entries/new",
          entryForm({ title: "Richard's own", status: "submitted" }),
          richard,
        ),
      );
      assert.equal(
        (await site.get(`/desk/entries/${id}/edit`, cody)).status,
        403,
        "submitted is still private",
      );
      await site.post(`/desk/entries/${id}/review`, { action: "mark_ready" }, editor);
      const page = await site.get(`/desk/entries/${id}/edit`, cody);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<h1>View entry<\/h1>/);
      assert.match(html, /<fieldset class="plain" disabled="">/);
      assert.doesNotMatch(html, /value="save"/);
      assert.match(html, /Richard wrote this entry; only its author and editors can change it\./);
      const res = await site.post(`/desk/entries/${id}/edit`, entryForm({ title: "Cody was here" }), cody);
      assert.equal(res.status, 403);
      assert.equal((await getEntry(store.db, id))?.title, "Richard's own");
      // An editor may.
      savedId(
        await site.post(
          `/desk/entries/${id}/edit`,
          entryForm({ title: "Edited by Rohin", status: "ready" }),
          editor,
        ),
      );
      assert.equal((await getEntry(store.db, id))?.title, "Edited by Rohin");
    });

    test("a summarizer may not change a published entry, nor their own once it is in an issue (403)", async () => {
      const published = await site.post(`/desk/entries/${publishedId}/edit`, entryForm(), richard);
      assert.equal(published.status, 403);
      assert.equal((await getEntry(store.db, publishedId))?.title, "An imported published entry");
      const id = savedId(await site.post("/desk/entries/new", entryForm({ title: "Picked" }), richard));
      await updateEntryColumns(store.db, id, { status: "in_issue" }, new Date().toISOString());
      const page = await (await site.get(`/desk/entries/${id}/edit`, richard)).text();
      assert.match(page, /This entry is in an issue now; ask the editor to change it\./);
      assert.match(page, /disabled=""/);
      const res = await site.post(`/desk/entries/${id}/edit`, entryForm({ title: "Changed late" }), richard);
      assert.equal(res.status, 403);
      assert.equal((await getEntry(store.db, id))?.title, "Picked");
      // The editor may still fix the text, but the status is the composer's: no status choice.
      const editorPage = await (await site.get(`/desk/entries/${id}/edit`, editor)).text();
      assert.doesNotMatch(editorPage, /name="status"/);
      savedId(await site.post(`/desk/entries/${id}/edit`, entryForm({ title: "Fixed typo" }), editor));
      const stored = await getEntry(store.db, id);
      assert.equal(stored?.title, "Fixed typo");
      assert.equal(stored?.status, "in_issue");
    });

    test("an unknown entry is a 404", async () => {
      assert.equal((await site.get("/desk/entries/999999/edit", editor)).status, 404);
      assert.equal((await site.get("/desk/entries/abc/edit", editor)).status, 404);
      assert.equal((await site.post("/desk/entries/999999/edit", entryForm(), editor)).status, 404);
    });

    test("every POST without the CSRF token is refused (403) and changes nothing", async () => {
      const before = await entryCount(store);
      const created = await site.post("/desk/entries/new", entryForm({ title: "No token" }), richard, {
        csrf: false,
      });
      assert.equal(created.status, 403);
      const forged = await site.post(
        "/desk/entries/new",
        { ...entryForm({ title: "Forged" }), _csrf: cody.csrf },
        richard,
      );
      assert.equal(forged.status, 403, "another session's token is no token");
      assert.equal(await entryCount(store), before);
      const id = savedId(await site.post("/desk/entries/new", entryForm({ title: "Guarded" }), richard));
      const edit = await site.post(`/desk/entries/${id}/edit`, entryForm({ title: "Hijacked" }), richard, {
        csrf: false,
      });
      assert.equal(edit.status, 403);
      assert.equal((await getEntry(store.db, id))?.title, "Guarded");
      const preview = await site.post("/desk/entries/preview", entryForm(), richard, { csrf: false });
      assert.equal(preview.status, 403);
    });

    test("the list shows title, status badge, summarizer and time, and filters by status, owner and title", async () => {
      const mine = await (await site.get("/desk/entries", richard)).text();
      assert.match(mine, /name="scope" value="mine" checked/, "summarizers start with their own entries");
      assert.match(mine, /Learning to summarize from human feedback/);
      assert.match(mine, /Edit<span class="visually-hidden"> Guarded<\/span>/);
      assert.doesNotMatch(mine, /An imported published entry/);
      assert.match(await (await site.get("/desk/entries", cody)).text(), /No entries match\./);
      const all = await (await site.get("/desk/entries?scope=all", cody)).text();
      assert.match(all, /An imported published entry/);
      assert.match(all, /<span class="badge status-published">Published<\/span>/);
      assert.match(all, /<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time>/);
      assert.match(
        all,
        /View<span class="visually-hidden"> Edited by Rohin<\/span>/,
        "others' entries are read-only",
      );
      const editorList = await (await site.get("/desk/entries", editor)).text();
      assert.match(editorList, /name="scope" value="all" checked/, "editors start with everyone's");
      assert.match(editorList, /Edit<span class="visually-hidden"> Edited by Rohin<\/span>/);
      const ready = await (await site.get("/desk/entries?scope=all&status=ready", editor)).text();
      assert.match(ready, /Revised/);
      assert.doesNotMatch(ready, /Guarded/);
      assert.match(ready, /<option value="ready" selected="">/);
      const found = await (await site.get("/desk/entries?scope=all&q=GUARD", editor)).text();
      assert.match(found, /Guarded/);
      assert.match(found, /1–1 of 1 entries/);
      const none = await (await site.get("/desk/entries?scope=all&q=100%25_", editor)).text();
      assert.match(none, /No entries match\./, "% and _ are matched literally");
    });

    test("the list is paginated, 50 a page, filters kept in the page links", async () => {
      const now = new Date().toISOString();
      await insertEntries(
        store.db,
        Array.from({ length: 60 }, (_, i) =>
          toEntryContent(entryFields({ title: `Paged entry ${i}` }), 100 + i),
        ),
        now,
      );
      const first = await (await site.get("/desk/entries?scope=all&q=paged", editor)).text();
      assert.match(first, /1–50 of 60 entries/);
      assert.match(first, /Page 1 of 2/);
      assert.match(first, /href="\/desk\/entries\?q=paged&amp;scope=all&amp;page=2"/);
      const second = await (await site.get("/desk/entries?scope=all&q=paged&page=2", editor)).text();
      assert.match(second, /51–60 of 60 entries/);
      assert.equal(second.match(/Paged entry \d+<\/a>/g)?.length, 10);
      const beyond = await (await site.get("/desk/entries?scope=all&q=paged&page=99", editor)).text();
      assert.match(beyond, /Page 2 of 2/, "a page past the end shows the last");
    });

    test("the desk home lists the user's drafts and ready entries and counts by status", async () => {
      const res = await site.get("/desk", richard);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /Your drafts/);
      assert.match(html, /<a href="\/desk\/entries\/\d+\/edit">Guarded<\/a>/);
      assert.match(html, /Your entries ready for an issue[\s\S]*Revised/);
      assert.match(html, /href="\/desk\/entries\/new"/);
      assert.match(
        html,
        /<th scope="row">Published<\/th><td><a href="\/desk\/entries\?status=published&amp;scope=mine">0<\/a><\/td><td><a [^>]+>6\d<\/a>/,
      );
      assert.doesNotMatch(html, /href="\/desk\/taxonomy"/, "summarizers get no editor links");
      const editorHome = await (await site.get("/desk", editor)).text();
      assert.match(editorHome, /href="\/desk\/taxonomy"/);
      assert.match(editorHome, /href="\/desk\/import"/);
      assert.match(editorHome, /href="\/desk\/issues"/);
    });

    test("the desk needs a login", async () => {
      assert.equal((await site.get("/desk/entries")).status, 303);
      assert.equal((await site.get("/desk/entries/new")).status, 303);
      assert.equal((await site.post("/desk/entries/new", entryForm())).status, 401);
    });
  });
}
