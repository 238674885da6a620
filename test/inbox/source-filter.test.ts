import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { addCandidates, listInbox } from "../../src/inbox/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { incoming } from "./fixture.ts";

const NOW = "2020-07-01T10:00:00.000Z";
const LATER = "2020-07-02T10:00:00.000Z";

/** The same post from the forum's feed, then from its API: one candidate, "also from" the API. */
const POST = {
  title: "Debate update",
  url: "https://www.alignmentforum.org/posts/AbC123/debate-update",
};
// Names a text match could confuse: a quote-comma-quote inside one name (its JSON text holds
// `","`), one that differs from another only in case, and LIKE's wildcards.
const QUOTED = 'weekly "picks","links"';
const titlesOf = (items: { title: string }[]) => items.map((i) => i.title).sort();

for (const dialect of DIALECTS) {
  describe(`the inbox's source filter and also_from (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
      await addCandidates(store, [incoming(POST), incoming({ title: "Only in the feed" })], {
        source: "af-feed",
        now: NOW,
      });
      await addCandidates(
        store,
        [
          incoming({
            ...POST,
            url: "https://www.lesswrong.com/posts/AbC123/debate-update",
            externalId: "AbC123",
          }),
          incoming({ title: "Only in the API", externalId: "XyZ789" }),
        ],
        { source: "lw-api", now: LATER },
      );
      // Every item of this source another had brought: it names no candidate first.
      await addCandidates(store, [incoming({ title: "Only in the API" })], { source: QUOTED, now: LATER });
      await addCandidates(store, [incoming({ title: "Only in the feed" })], {
        source: "Zotero_%",
        now: LATER,
      });
      await addCandidates(store, [incoming({ title: "A paper from the other Zotero" })], {
        source: "zotero_%",
        now: LATER,
      });
    });
    after(async () => store?.dispose());

    test("a source lists the candidates it brought first and those it brought again", async () => {
      const api = await listInbox(store, { source: "lw-api" }, LATER);
      assert.deepEqual(titlesOf(api.items), ["Debate update", "Only in the API"]);
      assert.equal(api.total, 2);
      assert.equal(api.counts.new, 2);
      const feed = await listInbox(store, { source: "af-feed" }, LATER);
      assert.deepEqual(titlesOf(feed.items), ["Debate update", "Only in the feed"]);
    });

    test("a source named only in also_from is offered by the filter and lists its items", async () => {
      const all = await listInbox(store, {}, LATER);
      assert.ok(all.sources.includes(QUOTED), `sources: ${all.sources.join(" | ")}`);
      assert.ok(all.sources.includes("Zotero_%"));
      const quoted = await listInbox(store, { source: QUOTED }, LATER);
      assert.deepEqual(titlesOf(quoted.items), ["Only in the API"]);
      assert.equal(quoted.counts.new, 1);
    });

    test("the name matches a whole name, exactly: not a part of one, not another case", async () => {
      // `"picks","links"` is the middle of QUOTED's JSON text, and `picks` a part of it.
      for (const part of ['picks","links', "picks", 'weekly "picks"', "links"])
        assert.equal((await listInbox(store, { source: part }, LATER)).total, 0, part);
      const lower = await listInbox(store, { source: "zotero_%" }, LATER);
      assert.deepEqual(titlesOf(lower.items), ["A paper from the other Zotero"]);
      const upper = await listInbox(store, { source: "Zotero_%" }, LATER);
      assert.deepEqual(titlesOf(upper.items), ["Only in the feed"]);
      assert.equal((await listInbox(store, { source: "Zotero" }, LATER)).total, 0);
    });
  });
}
