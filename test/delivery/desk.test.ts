import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openTransport, sendProgress } from "../../src/delivery/index.ts";
import { addEntriesToIssue, createDraftIssue } from "../../src/issues/index.ts";
import { getIssue, setSetting } from "../../src/store/index.ts";
import { createApp } from "../../src/web/index.ts";
import { readyEntry } from "../helpers/compose.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type LoggedIn, type TestSite, testSite } from "../helpers/web.ts";
import {
  addSubscribers,
  configureNewsletter,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
} from "./helpers.ts";

const done = (res: Response) => {
  assert.equal(res.status, 303, `expected a redirect, got ${res.status}`);
  return new URL(res.headers.get("location")!, "http://x").searchParams.get("done");
};

for (const dialect of DIALECTS) {
  describe(`desk: the Send panel (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    let sink: SmtpSink;

    before(async () => {
      store = await dialect.open();
      sink = await startSmtpSink();
      await configureNewsletter(store);
      await publishedIssue(store);
      await addSubscribers(store, 12);
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
    });
    after(async () => {
      await sink?.close();
      await store?.dispose();
    });

    test("a published issue's composer can send it, a draft's only test it; summarizers cannot send", async () => {
      const page = await (await site.get("/desk/issues/7", editor)).text();
      assert.match(page, /id="send-heading">Send</);
      assert.match(page, /Send to 12 subscribers/);
      const draft = await createDraftIssue(store);
      const draftPage = await (await site.get(`/desk/issues/${draft}`, editor)).text();
      assert.match(draftPage, /id="send-heading">Test before publishing</);
      assert.match(draftPage, new RegExp(`action="/desk/issues/${draft}/send/test"`));
      assert.doesNotMatch(draftPage, new RegExp(`action="/desk/issues/${draft}/send"`));
      assert.doesNotMatch(draftPage, /Send to \d+ subscribers/);
      const summarizer = await site.login("summarizer");
      assert.equal((await site.post("/desk/issues/7/send", {}, summarizer)).status, 403);
      assert.equal((await site.get("/desk/issues/7/send", summarizer)).status, 403);
    });

    test("a send needs the form's CSRF token", async () => {
      const res = await site.post("/desk/issues/7/send", {}, editor, { csrf: false });
      assert.equal(res.status, 403);
      assert.equal(await store.db.selectFrom("sends").select("id").executeTakeFirst(), undefined);
    });

    test("bad input is shown on the page, nothing is queued", async () => {
      const res = await site.post("/desk/issues/7/send", { rate: "-3" }, editor);
      assert.equal(res.status, 422);
      assert.match(await res.text(), /Messages per second: a number above 0/);
      const when = await site.post("/desk/issues/7/send", { at: "next tuesday" }, editor);
      assert.equal(when.status, 422);
      assert.equal(await store.db.selectFrom("sends").select("id").executeTakeFirst(), undefined);
    });

    test("without newsletter.site_url the send is refused with 503 and the fix on the page; nothing is queued", async () => {
      await setSetting(store.db, "newsletter.site_url", "");
      try {
        const res = await site.post("/desk/issues/7/send", {}, editor);
        assert.equal(res.status, 503);
        assert.match(
          await res.text(),
          /newsletter\.site_url is not set\. The operator can set it with: summa settings set/,
        );
        assert.equal(await store.db.selectFrom("sends").select("id").executeTakeFirst(), undefined);
      } finally {
        await configureNewsletter(store);
      }
    });

    test("schedule, progress, pause, resume and cancel from the desk", async () => {
      const res = await site.post("/desk/issues/7/send", { at: "2999-01-01T09:30", rate: "5" }, editor);
      assert.equal(done(res), "scheduled");
      let s = await sendProgress(store, 7);
      assert.equal(s.status, "scheduled");
      assert.equal(s.sendAt, "2999-01-01T09:30:00.000Z", "the form's time is UTC");
      assert.equal(s.ratePerSecond, 5);
      assert.equal(s.createdBy, editor.user.email);
      assert.equal(s.total, 12);

      const page = await site.get("/desk/issues/7/send?done=scheduled", editor);
      assert.equal(
        page.headers.get("refresh"),
        "5; url=/desk/issues/7/send",
        "follows a running send, without repeating the action's notice",
      );
      const html = await page.text();
      assert.match(html, /Scheduled\./);
      assert.match(html, /<progress value="0" max="12"/);
      assert.match(html, /<dt>Queued<\/dt><dd>12<\/dd>/);
      assert.match(html, /action="\/desk\/issues\/7\/send\/pause"/);

      assert.equal(done(await site.post("/desk/issues/7/send/pause", {}, editor)), "paused");
      assert.equal((await sendProgress(store, 7)).status, "paused");
      assert.match(
        await (await site.get("/desk/issues/7", editor)).text(),
        /action="\/desk\/issues\/7\/send\/resume"/,
      );
      assert.equal(done(await site.post("/desk/issues/7/send/resume", {}, editor)), "resumed");
      assert.equal((await sendProgress(store, 7)).status, "scheduled");
      assert.equal(done(await site.post("/desk/issues/7/send/cancel", {}, editor)), "cancelled");
      s = await sendProgress(store, 7);
      assert.equal(s.status, "cancelled");
      assert.equal(s.counts.cancelled, 12);
      const again = await site.post("/desk/issues/7/send/cancel", {}, editor);
      assert.equal(again.status, 409);
      assert.match(await again.text(), /cannot be cancelled/);
      // The notice of the action that started the send ends with the send.
      const ended = await site.get("/desk/issues/7/send?done=resumed", editor);
      assert.equal(ended.headers.get("refresh"), null, "nothing left to follow");
      const endedHtml = await ended.text();
      assert.doesNotMatch(endedHtml, /Resumed\./);
      assert.match(endedHtml, /The send is cancelled: 0 sent, 0 failed\./);
    });

    test("a draft's test copy goes out before publishing, and the draft stays a draft", async () => {
      const draft = await createDraftIssue(store);
      await addEntriesToIssue(store, draft, [(await readyEntry(store, { title: "Draft-only paper" })).id]);
      const transport = openTransport(sink.url, { connections: 1 });
      try {
        const app = createApp(store, { mail: transport });
        const res = await app.request(`http://summa.test/desk/issues/${draft}/send/test`, {
          method: "POST",
          body: new URLSearchParams({ _csrf: editor.csrf, to: "draft-proof@example.org", edition: "full" }),
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: editor.cookie },
        });
        assert.equal(done(res), "tested");
        assert.equal(sink.counts.get("draft-proof@example.org"), 1);
        const page = await (
          await app.request(`http://summa.test/desk/issues/${draft}/send?done=tested`, {
            headers: { cookie: editor.cookie },
          })
        ).text();
        assert.match(page, /Test copy sent\./);
        assert.match(page, /Test before publishing/);
        assert.doesNotMatch(page, /Send to \d+ subscribers/);
      } finally {
        transport.close();
      }
      assert.equal((await getIssue(store.db, draft))?.status, "draft");
      assert.equal(
        await store.db.selectFrom("sends").select("id").where("issue_number", "=", draft).executeTakeFirst(),
        undefined,
      );
    });

    test("a test copy goes out through the server's SMTP transport", async () => {
      const transport = openTransport(sink.url, { connections: 1 });
      try {
        const app = createApp(store, { mail: transport });
        const res = await app.request("http://summa.test/desk/issues/7/send/test", {
          method: "POST",
          body: new URLSearchParams({ _csrf: editor.csrf, to: "proof@example.org", edition: "highlights" }),
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: editor.cookie },
        });
        assert.equal(done(res), "tested");
        assert.equal(sink.counts.get("proof@example.org"), 1);
      } finally {
        transport.close();
      }
      // Without SMTP the desk says so instead of failing obscurely.
      const res = await site.post("/desk/issues/7/send/test", { to: "proof@example.org" }, editor);
      assert.equal(res.status, 500);
      assert.match(await res.text(), /SMTP_URL is not set/);
    });
  });
}
