import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { addEntriesToIssue, createDraftIssue } from "../../src/issues/index.ts";
import { getIssue, listIssues } from "../../src/store/index.ts";
import { entryNow, readyEntry } from "../helpers/compose.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type LoggedIn, type TestSite, testSite } from "../helpers/web.ts";

/** The issue number a "303 to the composer" points at. */
function composerNumber(res: Response): number {
  const m = /^\/desk\/issues\/(\d+)\?/.exec(res.headers.get("location") ?? "");
  assert.ok(m, `not a redirect to the composer: ${res.status} ${res.headers.get("location")}`);
  return Number(m[1]);
}

for (const dialect of DIALECTS) {
  describe(`desk: the issue composer (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
    });
    after(() => store?.dispose());

    test("an editor composes, previews and publishes an issue without JavaScript", async () => {
      const list = await site.get("/desk/issues", editor);
      assert.equal(list.status, 200);
      assert.match(await list.text(), /New issue/);

      const created = await site.post("/desk/issues", {}, editor);
      assert.equal(created.status, 303);
      const n = composerNumber(created);
      assert.equal((await getIssue(store.db, n))?.status, "draft");

      const [a, b, c] = [
        await readyEntry(store, { title: `Reward modeling survey ${n}` }),
        await readyEntry(store, { title: `Debate at scale ${n}` }),
        await readyEntry(store, { title: `Interpretability in the wild ${n}` }),
      ];
      let page = await (await site.get(`/desk/issues/${n}`, editor)).text();
      assert.match(page, /Ready entries/);
      assert.ok(page.includes(`Reward modeling survey ${n}`));
      const search = await (await site.get(`/desk/issues/${n}?q=debate+AT+scale`, editor)).text();
      assert.ok(search.includes(`Debate at scale ${n}`));
      assert.ok(!search.includes(`Reward modeling survey ${n}`));

      for (const e of [a, b, c]) {
        const res = await site.post(`/desk/issues/${n}/entries`, { entry: String(e.id), q: "x" }, editor);
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), `/desk/issues/${n}?q=x&done=added#ready`);
        assert.equal((await entryNow(store, e.id)).status, "in_issue");
      }

      const hl = await site.post(`/desk/issues/${n}/entries/${c.id}/highlight`, { highlight: "1" }, editor);
      assert.equal(hl.status, 303);
      assert.equal(hl.headers.get("location"), `/desk/issues/${n}?done=highlighted#entry-${c.id}`);
      assert.equal((await entryNow(store, c.id)).highlight, true);

      const up = await site.post(`/desk/issues/${n}/entries/${b.id}/move`, { direction: "up" }, editor);
      assert.equal(up.status, 303);
      assert.match(up.headers.get("location") ?? "", /done=moved/);
      const stuck = await site.post(`/desk/issues/${n}/entries/${b.id}/move`, { direction: "up" }, editor);
      assert.match(stuck.headers.get("location") ?? "", /done=unmoved/);

      const details = await site.post(
        `/desk/issues/${n}/details`,
        { subject: "Debate and reward models", intro: "This week: *two* papers.", date: "" },
        editor,
      );
      assert.equal(details.status, 303);

      page = await (await site.get(`/desk/issues/${n}?done=moved`, editor)).text();
      assert.match(page, /Moved\./);
      assert.match(page, /Debate and reward models/);
      assert.ok(page.includes(`<h3 class="composer-group-heading highlights">Highlights</h3>`));
      // Highlight first, then the section with b moved above a.
      const at = (id: number) => page.indexOf(`id="entry-${id}"`);
      assert.ok(at(c.id) > 0 && at(c.id) < at(b.id) && at(b.id) < at(a.id), "layout order");
      assert.match(page, new RegExp(`action="/desk/issues/${n}/entries/${a.id}/remove"`));
      assert.match(page, /data-confirm=/);
      assert.match(page, /<script src="\/assets\/composer\.[0-9a-f]{10}\.js" defer/);

      const preview = await site.get(`/desk/issues/${n}/preview`, editor);
      assert.equal(preview.status, 200);
      const pv = await preview.text();
      for (const e of [a, b, c]) {
        // Text, Markdown, HTML body: each shows every entry.
        assert.ok(pv.split(e.title).length - 1 >= 3, `${e.title} in every inline format`);
        assert.match(pv, new RegExp(`id="entry-${e.id}"`));
      }
      assert.ok(pv.includes("<p>This week: <em>two</em> papers.</p>"), "the intro's Markdown as HTML");
      assert.match(pv, /<textarea id="preview-markdown"[^>]*readonly/);
      assert.match(pv, /data-copy="preview-markdown"/);
      assert.match(pv, new RegExp(`<iframe[^>]*src="/desk/issues/${n}/render/email-html\\?inline=1"`));
      assert.match(pv, /sandbox=""/);
      assert.match(pv, new RegExp(`\\[AN #${n}\\]: Debate and reward models`));

      const formats = {
        text: "text/plain",
        markdown: "text/markdown",
        html: "text/html",
        "email-html": "text/html",
        email: "message/rfc822",
      };
      for (const [format, type] of Object.entries(formats)) {
        const res = await site.get(`/desk/issues/${n}/render/${format}`, editor);
        assert.equal(res.status, 200, format);
        assert.ok(res.headers.get("content-type")?.startsWith(type), format);
        assert.match(res.headers.get("content-disposition") ?? "", /^attachment; filename="an-\d+\./);
        const body = await res.text();
        for (const e of [a, b, c]) assert.ok(body.includes(e.title.slice(0, 20)), `${format}: ${e.title}`);
      }
      const framed = await site.get(`/desk/issues/${n}/render/email-html?inline=1`, editor);
      assert.match(framed.headers.get("content-disposition") ?? "", /^inline/);
      assert.equal(framed.headers.get("cache-control"), "no-store");
      assert.match(framed.headers.get("content-security-policy") ?? "", /sandbox|script-src 'self'/);
      assert.equal((await site.get(`/desk/issues/${n}/render/pdf`, editor)).status, 404);

      const confirmPage = await (await site.get(`/desk/issues/${n}/publish`, editor)).text();
      assert.match(confirmPage, new RegExp(`action="/desk/issues/${n}/publish"`));
      assert.match(confirmPage, /name="confirm" value="yes"/);
      const unconfirmed = await site.post(`/desk/issues/${n}/publish`, {}, editor);
      assert.equal(unconfirmed.status, 303);
      assert.equal(unconfirmed.headers.get("location"), `/desk/issues/${n}/publish`);
      assert.equal((await getIssue(store.db, n))?.status, "draft");

      const published = await site.post(`/desk/issues/${n}/publish`, { confirm: "yes" }, editor);
      assert.equal(published.status, 303);
      const issue = await getIssue(store.db, n);
      assert.equal(issue?.status, "published");
      assert.equal(issue?.date, new Date().toISOString().slice(0, 10));
      assert.ok(issue?.published_at);
      for (const e of [a, b, c]) assert.equal((await entryNow(store, e.id)).status, "published");
      assert.ok((await listIssues(store.db, { publishedOnly: true })).some((i) => i.number === n));

      const after = await (await site.get(`/desk/issues/${n}?done=published`, editor)).text();
      assert.match(after, /now in the public archive/);
      assert.ok(!after.includes(`/entries/${a.id}/remove`), "published issues have no entry actions");
      assert.ok(!after.includes("Ready entries"));
      assert.match(await (await site.get("/desk/issues", editor)).text(), new RegExp(`/desk/issues/${n}"`));
      const again = await site.post(`/desk/issues/${n}/publish`, { confirm: "yes" }, editor);
      assert.equal(again.status, 409);
    });

    test("refusals show the composer with the reason and keep what was typed", async () => {
      const n = await createDraftIssue(store);
      const draft = await readyEntry(store, { status: "draft" });
      const res = await site.post(`/desk/issues/${n}/entries`, { entry: String(draft.id) }, editor);
      assert.equal(res.status, 422);
      assert.match(await res.text(), /Only ready entries can be added/);
      assert.equal((await entryNow(store, draft.id)).status, "draft");

      const bad = await site.post(
        `/desk/issues/${n}/details`,
        { subject: "Kept subject", intro: "Kept intro", date: "2024-13-01" },
        editor,
      );
      assert.equal(bad.status, 422);
      const text = await bad.text();
      assert.match(text, /is not a date/);
      assert.match(text, /value="Kept subject"/);
      assert.match(text, /Kept intro<\/textarea>/);
      assert.equal((await getIssue(store.db, n))?.subject, "");

      assert.equal((await site.post(`/desk/issues/${n}/entries`, { entry: "abc" }, editor)).status, 422);
      const move = await site.post(`/desk/issues/${n}/entries/${draft.id}/move`, { direction: "up" }, editor);
      assert.equal(move.status, 404);
      const sideways = await site.post(
        `/desk/issues/${n}/entries/${draft.id}/move`,
        { direction: "left" },
        editor,
      );
      assert.equal(sideways.status, 422);
      assert.equal((await site.post(`/desk/issues/${n}/publish`, { confirm: "yes" }, editor)).status, 422);
      assert.equal((await getIssue(store.db, n))?.status, "draft");
      // An empty draft still previews (so the editor sees the intro alone), but cannot publish.
      assert.equal((await site.get(`/desk/issues/${n}/preview`, editor)).status, 200);
      assert.match(await (await site.get(`/desk/issues/${n}/publish`, editor)).text(), /blocks publishing/);
      assert.equal((await site.get("/desk/issues/999999", editor)).status, 404);
      assert.equal((await site.get("/desk/issues/999999/preview", editor)).status, 404);
    });

    test("a summarizer gets 403 on every composer route; a visitor is sent to log in", async () => {
      const summarizer = await site.login("summarizer", "Richard");
      const n = await createDraftIssue(store);
      const e = await readyEntry(store);
      await addEntriesToIssue(store, n, [e.id]);
      const gets = [
        "/desk/issues",
        `/desk/issues/${n}`,
        `/desk/issues/${n}/preview`,
        `/desk/issues/${n}/publish`,
        `/desk/issues/${n}/render/markdown`,
        `/desk/issues/${n}/render/email-html?inline=1`,
      ];
      for (const path of gets) {
        assert.equal((await site.get(path, summarizer)).status, 403, path);
        assert.equal((await site.get(path)).status, 303, path);
      }
      const posts: [string, Record<string, string>][] = [
        ["/desk/issues", {}],
        [`/desk/issues/${n}/details`, { subject: "Mine now" }],
        [`/desk/issues/${n}/entries`, { entry: String(e.id) }],
        [`/desk/issues/${n}/entries/${e.id}/remove`, {}],
        [`/desk/issues/${n}/entries/${e.id}/highlight`, { highlight: "1" }],
        [`/desk/issues/${n}/entries/${e.id}/move`, { direction: "down" }],
        [`/desk/issues/${n}/publish`, { confirm: "yes" }],
      ];
      const issuesBefore = (await listIssues(store.db)).length;
      for (const [path, fields] of posts)
        assert.equal((await site.post(path, fields, summarizer)).status, 403, path);
      // Nor without the CSRF token, even as the editor.
      for (const [path, fields] of posts)
        assert.equal((await site.post(path, fields, editor, { csrf: false })).status, 403, path);
      for (const [path, fields] of posts)
        assert.equal(
          (await site.post(path, { ...fields, _csrf: "forged" }, editor, { csrf: false })).status,
          403,
        );
      assert.equal((await listIssues(store.db)).length, issuesBefore);
      const issue = await getIssue(store.db, n);
      assert.equal(issue?.status, "draft");
      assert.equal(issue?.subject, "");
      const still = await entryNow(store, e.id);
      assert.equal(still.status, "in_issue");
      assert.equal(still.highlight, false);
    });

    test("hostile text is escaped or inert in the composer, the preview and the renders", async () => {
      const payloads = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)"];
      const n = await createDraftIssue(store);
      const e = await readyEntry(store, {
        title: `Evil ${payloads[0]} ${payloads[1]} ${n}`,
        summary: `${payloads.join(" ")} [click](javascript:alert(1)) <a href="javascript:alert(1)">x</a>`,
        opinion: `${payloads[1]} [me](${payloads[2]})`,
        summarizers: `Eve ${payloads[1]}`,
        hatTip: payloads[0],
      });
      const waiting = await readyEntry(store, { title: `Waiting ${payloads[1]} ${n}` });
      await addEntriesToIssue(store, n, [e.id]);
      const saved = await site.post(
        `/desk/issues/${n}/details`,
        {
          subject: `Subject ${payloads[1]}`,
          intro: `${payloads.join("\n\n")}\n\n[x](javascript:alert(1))`,
          date: "",
        },
        editor,
      );
      assert.equal(saved.status, 303);
      const pages = [
        `/desk/issues/${n}`,
        `/desk/issues/${n}?q=${encodeURIComponent(payloads[1]!)}`,
        `/desk/issues/${n}/preview`,
        `/desk/issues/${n}/publish`,
        `/desk/issues/${n}/render/html`,
        `/desk/issues/${n}/render/email-html`,
        "/desk/issues",
      ];
      for (const path of pages) {
        const res = await site.get(path, editor);
        assert.equal(res.status, 200, path);
        const html = await res.text();
        assert.ok(!html.includes("<script>alert"), `${path}: <script>`);
        assert.ok(!/<img src=x onerror/i.test(html), `${path}: <img onerror>`);
        assert.ok(!/href="javascript:/i.test(html), `${path}: javascript: link`);
        assert.ok(!/<a href="javascript/i.test(html), `${path}: raw link`);
      }
      const composer = await (await site.get(`/desk/issues/${n}`, editor)).text();
      assert.ok(composer.includes("Evil &lt;script&gt;alert(1)&lt;/script&gt;"));
      assert.ok(composer.includes(`Waiting &quot;&gt;&lt;img src=x onerror=alert(1)&gt; ${n}`));
      assert.ok(waiting.id > 0);
    });
  });
}
