import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findEntry } from "../../src/entries/index.ts";
import { addCandidates, getInboxItem } from "../../src/inbox/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type LoggedIn, type TestSite, testSite } from "../helpers/web.ts";
import { incoming, seedEntries } from "../inbox/fixture.ts";

const XSS = `<img src=x onerror="alert(1)">`;
const NOW = "2020-07-01T10:00:00.000Z";

for (const dialect of DIALECTS) {
  describe(`desk inbox (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    let richard: LoggedIn;
    let ids: number[];
    before(async () => {
      store = await dialect.open();
      await seedEntries(store);
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
      richard = await site.login("summarizer", "Richard");
      await addCandidates(
        store,
        [
          incoming({
            title: "Preferences implicit in the state of the world",
            authors: ["Shah, Rohin"],
            venue: "arXiv",
          }),
          incoming({ title: "Old and dull", authors: ["Nobody, Joe"], venue: "Obscure Journal" }),
          incoming({ title: "Older and duller", authors: ["Nobody, Joe"], venue: "Obscure Journal" }),
        ],
        { source: "zotero", history: true, now: NOW },
      );
      ({ ids } = await addCandidates(
        store,
        [
          incoming({
            title: "Learning rewards from corrections",
            authors: ["Shah, Rohin"],
            venue: "arXiv",
            url: "https://arxiv.org/abs/2007.00001",
          }),
          incoming({
            title: `Dull ${XSS}`,
            abstract: `Abstract ${XSS}`,
            authors: [`Nobody, ${XSS}`],
            venue: "Obscure Journal",
          }),
          incoming({
            title: "Deep RL from human preferences, again",
            url: "https://arxiv.org/abs/1706.03741v4",
          }),
          incoming({ title: "From a feed", url: "https://example.org/feed-item" }),
        ],
        { source: "feed", now: NOW },
      ));
    });
    after(async () => store?.dispose());

    test("editors only; the list is by score with explanations, categories, the duplicate notice, and inert markup", async () => {
      assert.equal((await site.get("/desk/inbox", richard)).status, 403);
      const res = await site.get("/desk/inbox", editor);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.ok(!html.includes(XSS), "no raw markup from a title, an author or an abstract");
      assert.match(html, /Dull &lt;img src=x onerror=(&quot;|")alert\(1\)(&quot;|")&gt;/);
      assert.match(html, /<p>Abstract &lt;img/, "the abstract is shown, as text");
      const order = [...html.matchAll(/id="candidate-(\d+)"/g)].map((m) => Number(m[1]));
      const scores = await Promise.all(order.map(async (id) => (await getInboxItem(store, id)).score ?? -1));
      assert.deepEqual(
        scores,
        [...scores].sort((a, b) => b - a),
        "best score first",
      );
      assert.match(
        html,
        /Already summarized in AN #34 as <a href="\/desk\/entries\/\d+">Deep reinforcement learning from human preferences<\/a>/,
      );
      assert.match(html, /Score <strong>\d+%<\/strong>/);
      assert.match(
        html,
        /name="accept" value="[^"]+"[^>]*>[^<]+\(\d+%\)/,
        "one click accepts a suggested category",
      );
      assert.match(html, /<script src="\/assets\/inbox\.[0-9a-f]+\.js" defer/);
      assert.match(html, /role="status" aria-live="polite"/);
    });

    test("filters: source, status, dates, category; a bad one is refused", async () => {
      const feed = await (await site.get("/desk/inbox?source=feed", editor)).text();
      assert.equal([...feed.matchAll(/id="candidate-/g)].length, 4);
      const none = await (await site.get("/desk/inbox?source=zotero", editor)).text();
      assert.equal([...none.matchAll(/id="candidate-/g)].length, 0, "history is not in the inbox");
      const passed = await (await site.get("/desk/inbox?status=passed", editor)).text();
      assert.equal([...passed.matchAll(/id="candidate-/g)].length, 2);
      const dated = await (await site.get("/desk/inbox?from=2020-06-02", editor)).text();
      assert.equal([...dated.matchAll(/id="candidate-/g)].length, 0);
      const item = await getInboxItem(store, ids[0]!);
      const top = item.suggestions[0]!.category;
      const byCategory = await (
        await site.get(`/desk/inbox?category=${encodeURIComponent(top)}`, editor)
      ).text();
      assert.ok(byCategory.includes(`id="candidate-${ids[0]}"`));
      assert.equal((await site.get("/desk/inbox?status=maybe", editor)).status, 422);
      assert.equal((await site.get("/desk/inbox?from=yesterday", editor)).status, 422);
    });

    test("pick with one click: a draft for the summarizer, in their queue on the desk home", async () => {
      const item = await getInboxItem(store, ids[0]!);
      const category = item.suggestions[0]!.category;
      const refused = await site.post(`/desk/inbox/${ids[0]}/pick`, { accept: category }, editor, {
        csrf: false,
      });
      assert.equal(refused.status, 403, "no CSRF token, no pick");
      const res = await site.post(
        `/desk/inbox/${ids[0]}/pick`,
        { accept: category, category: "Problems", summarizer: String(richard.user.id) },
        editor,
      );
      assert.equal(res.status, 303);
      const m = /^\/desk\/inbox\?done=picked&entry=(\d+)$/.exec(res.headers.get("location") ?? "");
      assert.ok(m, res.headers.get("location") ?? "");
      const entry = await findEntry(store, Number(m[1]));
      assert.equal(entry?.category, category, "the clicked suggestion wins over the select");
      assert.equal(entry?.createdBy, richard.user.id);
      assert.match(
        await (await site.get(res.headers.get("location")!, editor)).text(),
        /Picked: draft entry #\d+\./,
      );
      const home = await (await site.get("/desk", richard)).text();
      assert.match(home, /<h2 id="queue-heading">My queue<\/h2>/);
      assert.ok(home.includes("Learning rewards from corrections"));
      const again = await site.post(`/desk/inbox/${ids[0]}/pick`, { category }, editor);
      assert.equal(again.status, 409);
    });

    test("dismiss, snooze and bulk actions are plain form posts; scripts get JSON", async () => {
      const dismissed = await site.post(`/desk/inbox/${ids[1]}/dismiss`, {}, editor, {
        accept: "application/json",
      });
      assert.equal(dismissed.status, 200);
      assert.match((await dismissed.json()).message, /^Dismissed “Dull/);
      const snoozed = await site.post(`/desk/inbox/${ids[3]}/snooze`, { until: "2999-01-01" }, editor);
      assert.equal(snoozed.status, 303);
      assert.equal((await getInboxItem(store, ids[3]!)).status, "snoozed");
      const body = new URLSearchParams([
        ["_csrf", editor.csrf],
        ["id", String(ids[2])],
        ["id", String(ids[3])],
        ["action", "dismiss"],
      ]);
      const bulk = await site.app.request("http://summa.test/desk/inbox/bulk", {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: editor.cookie },
      });
      assert.equal(bulk.status, 303);
      assert.equal((await getInboxItem(store, ids[2]!)).status, "dismissed");
      assert.equal((await getInboxItem(store, ids[3]!)).status, "dismissed");
      const bad = await site.post("/desk/inbox/bulk", { id: "x", action: "dismiss" }, editor);
      assert.equal(bad.status, 422);
    });

    test("a possible duplicate shows as such, the first copy its other sources; dismissing one sets the other aside", async () => {
      const first = await addCandidates(
        store,
        [
          incoming({
            title: "Coherence arguments do not imply goal-directed behavior",
            url: "https://example.org/coh",
          }),
        ],
        { source: "af-feed", now: NOW },
      );
      const later = await addCandidates(
        store,
        [
          incoming({
            title: "Coherence arguments do not imply goal-directed behavior",
            url: "https://example.org/coh",
          }),
          incoming({ title: "Comment on Coherence arguments do not imply goal directed behavior" }),
        ],
        { source: "lw-feed", now: NOW },
      );
      const [coh] = first.ids;
      const [comment] = later.ids;
      // lw-feed brought both: the first copy (also from lw-feed) and its possible duplicate.
      const html = await (await site.get("/desk/inbox?source=lw-feed", editor)).text();
      assert.match(html, new RegExp(`id="candidate-${coh}"`), "the source filter reads also_from");
      // Both rows on this page: the links go to the rows' anchors, and say what they lead to.
      assert.match(
        html,
        new RegExp(
          `Duplicate of <a href="#candidate-${coh}" class="inbox-candidate-link">candidate #${coh} “Coherence arguments do not imply goal-directed behavior”</a>\\?`,
        ),
      );
      assert.match(
        html,
        new RegExp(
          `Possible duplicates: <a href="#candidate-${comment}" class="inbox-candidate-link">candidate #${comment}</a>\\.`,
        ),
      );
      // af-feed brought only the first copy: the link to the other leads to it alone.
      const mine = await (await site.get("/desk/inbox?source=af-feed", editor)).text();
      assert.match(mine, /af-feed \(also from lw-feed\)/);
      assert.doesNotMatch(mine, new RegExp(`id="candidate-${comment}"`));
      const away = `/desk/inbox?id=${comment}#candidate-${comment}`;
      assert.match(
        mine,
        new RegExp(
          `Possible duplicates: <a href="${away.replace(/[?]/g, "\\$&")}" class="inbox-candidate-link">candidate #${comment}</a>\\.`,
        ),
      );
      // As the keyboard's script asks: the answer names what was set aside, for its row to go too.
      const res = await site.post(`/desk/inbox/${coh}/dismiss`, {}, editor, { accept: "application/json" });
      assert.equal(res.status, 200);
      const answer = await res.json();
      assert.deepEqual(answer.setAside, [comment]);
      assert.match(answer.message, new RegExp(`set aside its possible duplicate #${comment}$`));
      assert.equal((await getInboxItem(store, comment!)).status, "duplicate");
      // The link to one candidate shows it whatever its status and source, and no other row.
      const alone = await (await site.get(`/desk/inbox?id=${comment}&source=af-feed`, editor)).text();
      assert.deepEqual(
        [...alone.matchAll(/id="candidate-(\d+)"/g)].map((m) => Number(m[1])),
        [comment],
      );
      assert.match(alone, new RegExp(`Showing candidate #${comment} alone, whatever its status`));
      assert.match(alone, /<a href="\/desk\/inbox\?source=af-feed">Back to the list<\/a>/);
      assert.match(alone, new RegExp(`Duplicate of <a href="/desk/inbox\\?id=${coh}#candidate-${coh}"`));
      assert.equal((await site.get("/desk/inbox?id=x1", editor)).status, 422);
      assert.equal((await site.get("/desk/inbox?id=99999", editor)).status, 404);
      const aside = await (await site.get("/desk/inbox?status=duplicate", editor)).text();
      assert.match(aside, new RegExp(`id="candidate-${comment}"`));
      assert.match(aside, /name="id" value="\d+" form="inbox-bulk"/, "still open to a decision");
    });
  });
}
