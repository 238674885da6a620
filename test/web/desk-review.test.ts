import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { getEntry, listComments, listRevisions, updateEntryColumns } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import type { LoggedIn, TestSite } from "../helpers/web.ts";
import { testSite } from "../helpers/web.ts";
import { entryForm, savedId } from "./desk-fixture.ts";

/** The version the editor page's form was loaded at. */
async function formVersion(site: TestSite, id: number, as: LoggedIn): Promise<string> {
  const html = await (await site.get(`/desk/entries/${id}/edit`, as)).text();
  const m = /<input type="hidden" name="version" value="(\d+)"\/>/.exec(html);
  assert.ok(m, "the form carries its version");
  return m[1]!;
}

for (const dialect of DIALECTS) {
  describe(`desk: editorial review, history and conflicts (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    let richard: LoggedIn;
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
      richard = await site.login("summarizer", "Richard");
    });
    after(() => store?.dispose());

    test("a summarizer submits; changes are requested only with a comment, which the summarizer then reads", async () => {
      const id = savedId(await site.post("/desk/entries/new", entryForm({ title: "Review me" }), richard));
      const draftPage = await (await site.get(`/desk/entries/${id}/edit`, richard)).text();
      assert.match(
        draftPage,
        /<button type="submit" name="action" value="submit">Submit for review<\/button>/,
      );
      assert.doesNotMatch(draftPage, /value="mark_ready"/, "a summarizer cannot mark ready");
      const submitted = await site.post(`/desk/entries/${id}/review`, { action: "submit" }, richard);
      assert.equal(submitted.status, 303);
      assert.equal((await getEntry(store.db, id))?.status, "submitted");
      // The editor's desk home lists it for review; a summarizer's has no such list.
      const home = (await (await site.get("/desk", editor)).text()).split('id="review-heading"')[1] ?? "";
      assert.match(home.split("</section>")[0]!, new RegExp(`href="/desk/entries/${id}/edit"`));
      assert.doesNotMatch(await (await site.get("/desk", richard)).text(), /Awaiting your review/);

      const editorPage = await (await site.get(`/desk/entries/${id}/edit`, editor)).text();
      assert.match(editorPage, /<span class="badge status-submitted">Submitted<\/span>/);
      assert.match(editorPage, /value="request_changes">Request changes</);
      assert.match(editorPage, /value="mark_ready">Mark ready</);
      const bare = await site.post(
        `/desk/entries/${id}/review`,
        { action: "request_changes", comment: "  " },
        editor,
      );
      assert.equal(bare.status, 422);
      assert.match(await bare.text(), /id="comment-error">requesting changes needs a comment</);
      assert.equal((await getEntry(store.db, id))?.status, "submitted", "nothing moved");
      const asked = await site.post(
        `/desk/entries/${id}/review`,
        { action: "request_changes", comment: "Please add <b>an opinion</b>." },
        editor,
      );
      assert.equal(asked.status, 303);
      assert.equal((await getEntry(store.db, id))?.status, "changes_requested");
      const byOther = await site.post(`/desk/entries/${id}/review`, { action: "mark_ready" }, richard);
      assert.equal(byOther.status, 409, "a summarizer's mark ready is refused");

      const richardHome = await (await site.get("/desk", richard)).text();
      const sentBack = richardHome.split('id="changes-heading"')[1]?.split("<h2")[0] ?? "";
      assert.match(sentBack, new RegExp(`href="/desk/entries/${id}/edit"`), "the summarizer's home lists it");
      const back = await (await site.get(`/desk/entries/${id}/edit`, richard)).text();
      assert.match(back, /<span class="badge status-changes_requested">Changes requested<\/span>/);
      assert.match(back, /<strong>Rohin<\/strong> requested changes/);
      assert.match(back, /Please add &lt;b&gt;an opinion&lt;\/b&gt;\./, "comments are escaped");
      assert.match(back, /value="submit">Submit for review</);
      const list = await (await site.get("/desk/entries?scope=all&status=changes_requested", editor)).text();
      assert.match(list, /Review me/);
      assert.match(list, /<option value="changes_requested" selected="">/);
      assert.equal((await listComments(store.db, id)).length, 1);
    });

    test("a second save from an old version is refused with 409: the typed text kept, the other's change shown", async () => {
      const id = savedId(await site.post("/desk/entries/new", entryForm({ title: "Contested" }), richard));
      const loaded = await formVersion(site, id, richard);
      assert.equal(await formVersion(site, id, editor), loaded);
      savedId(
        await site.post(
          `/desk/entries/${id}/edit`,
          entryForm({
            title: "Contested",
            summarizers: "Richard",
            summary: "The editor's tightened summary.",
            version: loaded,
          }),
          editor,
        ),
      );
      const res = await site.post(
        `/desk/entries/${id}/edit`,
        entryForm({ title: "Contested", opinion: "Richard's new opinion.", version: loaded }),
        richard,
      );
      assert.equal(res.status, 409);
      const html = await res.text();
      assert.match(html, /Not saved: Rohin changed this entry while you were editing it\./);
      assert.match(html, /<tr data-field="summary"><th scope="row">Summary<\/th>/);
      assert.match(
        html,
        /<del>They train a reward model on \*\*human comparisons\*\*\.<\/del><ins>The editor&#39;s tightened summary\.<\/ins>/,
      );
      assert.match(html, /Richard&#39;s new opinion\.<\/textarea>/, "what Richard typed is kept");
      const stored = await getEntry(store.db, id);
      assert.equal(stored?.summary, "The editor's tightened summary.");
      assert.equal(stored?.opinion, "Good *work*.", "nothing was overwritten");
      // The page now carries the current version: saving again is a deliberate replace.
      assert.match(html, new RegExp(`name="version" value="${Number(loaded) + 1}"`));
    });

    test("a change with no desk revision (an import, the composer) still refuses a stale save and shows the entry now", async () => {
      const id = savedId(await site.post("/desk/entries/new", entryForm({ title: "Moved under" }), richard));
      const loaded = await formVersion(site, id, richard);
      await updateEntryColumns(store.db, id, { highlight: 1 }, new Date().toISOString());
      const res = await site.post(
        `/desk/entries/${id}/edit`,
        entryForm({ title: "Moved under", version: loaded }),
        richard,
      );
      assert.equal(res.status, 409);
      const html = await res.text();
      assert.match(html, /The entry as it is now \(changed by an import or the issue composer\)/);
      assert.equal((await getEntry(store.db, id))?.highlight, true, "the other change stands");
    });

    test("every save is a revision with a word diff; restore is a new revision on top", async () => {
      const id = savedId(await site.post("/desk/entries/new", entryForm({ title: "Historic" }), richard));
      let version = await formVersion(site, id, richard);
      savedId(
        await site.post(
          `/desk/entries/${id}/edit`,
          entryForm({
            title: "Historic",
            summarizers: "Richard",
            summary: "They train a value model on **human comparisons**.",
            version,
          }),
          richard,
        ),
      );
      const revisions = await listRevisions(store.db, id);
      assert.deepEqual(
        revisions.map((r) => r.action),
        ["edit", "create"],
      );
      assert.deepEqual(Object.keys(revisions[0]!.changes), ["summary"]);
      assert.equal(revisions[0]!.userName, "Richard");
      const page = await (await site.get(`/desk/entries/${id}/edit`, richard)).text();
      assert.match(
        page,
        new RegExp(`href="/desk/entries/${id}/revisions/${revisions[0]!.id}">Version 2</a>`),
      );
      const diff = await (
        await site.get(`/desk/entries/${id}/revisions/${revisions[0]!.id}`, richard)
      ).text();
      assert.match(diff, /They train a <del>reward<\/del><ins>value<\/ins> model/);

      version = await formVersion(site, id, richard);
      const restored = await site.post(
        `/desk/entries/${id}/revisions/${revisions[1]!.id}/restore`,
        { version },
        richard,
      );
      assert.equal(restored.status, 303);
      assert.equal(
        (await getEntry(store.db, id))?.summary,
        "They train a reward model on **human comparisons**.",
      );
      const after = await listRevisions(store.db, id);
      assert.deepEqual(
        after.map((r) => r.action),
        ["restore", "edit", "create"],
        "history is kept, the restore on top",
      );
      assert.deepEqual(after[0]!.changes.summary, [
        "They train a value model on **human comparisons**.",
        "They train a reward model on **human comparisons**.",
      ]);
      const stale = await site.post(
        `/desk/entries/${id}/revisions/${revisions[0]!.id}/restore`,
        { version },
        richard,
      );
      assert.equal(stale.status, 409, "a restore from a stale page is refused too");
    });

    test("autosave answers JSON, checks the version, and never moves a submitted entry's state", async () => {
      const id = savedId(await site.post("/desk/entries/new", entryForm({ title: "Autosaved" }), richard));
      const version = await formVersion(site, id, richard);
      const ok = await site.post(
        `/desk/entries/${id}/autosave`,
        entryForm({ title: "Autosaved", opinion: "Typed, not saved by hand.", version }),
        richard,
      );
      assert.equal(ok.status, 200);
      const body = (await ok.json()) as { saved: boolean; version: number };
      assert.equal(body.version, Number(version) + 1);
      assert.equal((await getEntry(store.db, id))?.opinion, "Typed, not saved by hand.");
      const stale = await site.post(
        `/desk/entries/${id}/autosave`,
        entryForm({ title: "Autosaved", version }),
        richard,
      );
      assert.equal(stale.status, 409);
      assert.equal(((await stale.json()) as { error: { code: string } }).error.code, "entry.conflict");

      await site.post(`/desk/entries/${id}/review`, { action: "submit" }, richard);
      const current = await formVersion(site, id, richard);
      const page = await (await site.get(`/desk/entries/${id}/edit`, richard)).text();
      assert.doesNotMatch(page, /data-autosave-url/, "no autosave where a save would change the state");
      assert.match(page, /Saving a change takes this entry back to draft/);
      const refused = await site.post(
        `/desk/entries/${id}/autosave`,
        entryForm({ title: "Autosaved", opinion: "Sneaky.", version: current }),
        richard,
      );
      assert.equal(refused.status, 422);
      assert.equal((await getEntry(store.db, id))?.status, "submitted");
      // Saving by hand is deliberate: the change takes it back to draft, recorded in the history.
      savedId(
        await site.post(
          `/desk/entries/${id}/edit`,
          entryForm({ title: "Autosaved", opinion: "Reworked.", status: "submitted", version: current }),
          richard,
        ),
      );
      assert.equal((await getEntry(store.db, id))?.status, "draft");
      assert.deepEqual((await listRevisions(store.db, id))[0]!.changes.status, ["submitted", "draft"]);
    });
  });
}
