import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { addEntriesToIssue, createDraftIssue, publishIssue } from "../../src/issues/index.ts";
import { getIssue } from "../../src/store/index.ts";
import { readyEntry } from "../helpers/compose.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type LoggedIn, type TestSite, testSite } from "../helpers/web.ts";

/** Publishing at a time and unpublishing with a reason, on the desk and as readers see it. */
for (const dialect of DIALECTS) {
  describe(`desk: scheduled publishing and withdrawing (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
    });
    after(() => store?.dispose());

    async function draft(word: string): Promise<{ n: number; title: string }> {
      const n = await createDraftIssue(store, { subject: `All about ${word}` });
      const title = `Serendipitous ${word} results`;
      await addEntriesToIssue(store, n, [(await readyEntry(store, { title })).id]);
      return { n, title };
    }

    /** Whether readers can see issue n anywhere: its page, the archive, the feed, the sitemap. */
    async function everywhere(n: number) {
      return {
        page: (await site.get(`/issues/${n}`)).status,
        archive: (await (await site.get("/issues")).text()).includes(`href="/issues/${n}"`),
        feed: (await (await site.get("/feed.json")).text()).includes(`/issues/${n}"`),
        sitemap: (await (await site.get("/sitemap.xml")).text()).includes(`/issues/${n}<`),
        api: (await site.get(`/api/v1/issues/${n}`)).status,
      };
    }

    test("the publish form takes a time (UTC): the issue is scheduled, public only from then on", async () => {
      const { n } = await draft("wombats");
      const page = await (await site.get(`/desk/issues/${n}/publish`, editor)).text();
      assert.match(page, /<input id="publish-at" name="at" type="datetime-local"/);
      const res = await site.post(
        `/desk/issues/${n}/publish`,
        { confirm: "yes", at: "2999-01-01T09:30" },
        editor,
      );
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `/desk/issues/${n}?done=scheduled`);
      const row = await getIssue(store.db, n);
      assert.equal(row?.status, "scheduled");
      assert.equal(row?.publish_at, "2999-01-01T09:30:00.000Z", "the form's time is UTC");
      assert.deepEqual(await everywhere(n), {
        page: 404,
        archive: false,
        feed: false,
        sitemap: false,
        api: 404,
      });
      const composer = await (await site.get(`/desk/issues/${n}?done=scheduled`, editor)).text();
      assert.match(composer, /Publishes at 2999-01-01 09:30 UTC: not public until then\./);
      assert.match(composer, new RegExp(`action="/desk/issues/${n}/unpublish"`));

      const bad = await site.post(`/desk/issues/${n}/unpublish`, {}, editor);
      assert.equal(bad.headers.get("location"), `/desk/issues/${n}?done=unscheduled`);
      assert.equal((await getIssue(store.db, n))?.status, "draft");
      const wrong = await site.post(`/desk/issues/${n}/publish`, { confirm: "yes", at: "soon" }, editor);
      assert.equal(wrong.status, 422);
      assert.match(await wrong.text(), /The publish time is not a date and time/);
    });

    test("a scheduled issue whose time has come is public at the next request", async () => {
      const { n, title } = await draft("capybaras");
      // Scheduled a moment ago for a moment ago: no request has released it yet.
      const past = new Date(Date.now() - 60_000);
      await publishIssue(store, n, new Date(past.getTime() - 60_000), { at: past });
      assert.equal((await getIssue(store.db, n))?.status, "scheduled");
      const res = await site.get(`/issues/${n}`);
      assert.equal(res.status, 200);
      assert.ok((await res.text()).includes(title));
      assert.equal((await getIssue(store.db, n))?.published_at, past.toISOString());
      assert.deepEqual(await everywhere(n), {
        page: 200,
        archive: true,
        feed: true,
        sitemap: true,
        api: 200,
      });
    });

    test("a page served from the cache before an issue's time shows it once the time has come", async () => {
      const { n } = await draft("okapis");
      const at = new Date(Date.now() + 400);
      await publishIssue(store, n, new Date(), { at });
      const archive = async () => {
        const res = await site.get("/issues");
        return {
          cache: res.headers.get("x-summa-cache"),
          listed: (await res.text()).includes(`/issues/${n}"`),
        };
      };
      await archive();
      // Served from the page cache, without the issue: it is not public yet.
      assert.deepEqual(await archive(), { cache: "hit", listed: false });
      // Time is the point here: wait until the publish time has passed.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now() + 20)));
      // The request releases the issue before the cache is consulted, and the release is a write
      // that moves the content version, so the cached page is rendered again.
      assert.deepEqual(await archive(), { cache: "miss", listed: true });
    });

    test("unpublish with a reason: the page is a 410 stub saying why; lists, feeds and sitemap drop it", async () => {
      const { n, title } = await draft("narwhals");
      await publishIssue(store, n);
      const composer = await (await site.get(`/desk/issues/${n}`, editor)).text();
      assert.match(composer, /<summary>Unpublish…<\/summary>/);
      assert.match(
        composer,
        /<input id="unpublish-reason" name="reason" type="text" maxlength="500" required/,
      );

      const empty = await site.post(`/desk/issues/${n}/unpublish`, { reason: " " }, editor);
      assert.equal(empty.status, 422);
      assert.match(await empty.text(), /Give a reason/);
      assert.equal((await getIssue(store.db, n))?.status, "published");

      const res = await site.post(
        `/desk/issues/${n}/unpublish`,
        { reason: "It misquoted <the authors>" },
        editor,
      );
      assert.equal(res.headers.get("location"), `/desk/issues/${n}?done=withdrawn`);
      const page = await site.get(`/issues/${n}`);
      assert.equal(page.status, 410);
      const html = await page.text();
      assert.match(html, new RegExp(`AN #${n} was withdrawn on [^:]+: It misquoted &lt;the authors&gt;`));
      assert.ok(!html.includes(title), "no content");
      const text = await site.get(`/issues/${n}.txt`);
      assert.equal(text.status, 410);
      assert.match(await text.text(), /was withdrawn on .*: It misquoted <the authors>\n$/);
      assert.deepEqual(await everywhere(n), {
        page: 410,
        archive: false,
        feed: false,
        sitemap: false,
        api: 404,
      });
      const after = await (await site.get(`/desk/issues/${n}`, editor)).text();
      assert.match(after, /Withdrawn \d{4}-\d\d-\d\d \d\d:\d\d UTC: It misquoted &lt;the authors&gt;/);
      assert.doesNotMatch(after, /<summary>Unpublish…<\/summary>/);
      assert.match(after, /class="badge danger">withdrawn</);
      assert.match(after, new RegExp(`href="/desk/issues/${n}/publish">\\s*Publish again…`));

      const again = await site.post(`/desk/issues/${n}/publish`, { confirm: "yes" }, editor);
      assert.equal(again.headers.get("location"), `/desk/issues/${n}?done=published`);
      assert.equal((await site.get(`/issues/${n}`)).status, 200);
    });

    test("unpublishing needs an editor and the form's CSRF token", async () => {
      const { n } = await draft("lemurs");
      await publishIssue(store, n);
      const summarizer = await site.login("summarizer");
      assert.equal((await site.post(`/desk/issues/${n}/unpublish`, { reason: "x" }, summarizer)).status, 403);
      assert.equal(
        (await site.post(`/desk/issues/${n}/unpublish`, { reason: "x" }, editor, { csrf: false })).status,
        403,
      );
      assert.equal((await getIssue(store.db, n))?.status, "published");
    });
  });
}
