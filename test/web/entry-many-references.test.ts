import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import { entryId, importRows } from "./public-helpers.ts";

/** More distinct <@references@> than either database takes bound parameters in one statement. */
const REFERENCES = 90_000;

for (const dialect of DIALECTS) {
  describe(`an entry citing ${REFERENCES.toLocaleString("en-US")} titles (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let site: TestSite;
    let id: number;
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      await importRows(store, [
        { title: "Cited paper 7", email: "AN #1", summary: "The one that exists." },
        { title: "A survey of everything", email: "AN #2", summary: "Short for now." },
      ]);
      id = await entryId(store, "A survey of everything");
      // Written directly: every write path caps a summary at 100,000 characters, and older
      // databases (or another tool) may hold a longer one.
      const refs = Array.from({ length: REFERENCES }, (_, i) => `<@Cited paper ${i}@>`).join(" ");
      await store.db.updateTable("entries").set({ summary: refs }).where("id", "=", id).execute();
    });
    after(() => store?.dispose());

    test("its page renders, linking the one title that exists", async () => {
      const res = await site.get(`/entries/${id}`);
      const html = await res.text();
      assert.equal(res.status, 200, html.slice(0, 500));
      assert.match(html, /<a href="[^"]*\/entries\/\d+">Cited paper 7<\/a>/);
      assert.ok(html.includes("Cited paper 89999"), "an unresolved reference shows as its text");
    });
  });
}
