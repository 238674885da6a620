import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { simpleParser } from "mailparser";
import { openTransport } from "../../src/delivery/index.ts";
import { escapeHtml } from "../../src/formats/render/html-escape.ts";
import { addEntriesToIssue, createDraftIssue, entriesInLayoutOrder } from "../../src/issues/index.ts";
import { loadLinkConfig, subscriberLinks } from "../../src/subscribers/index.ts";
import { createApp } from "../../src/web/index.ts";
import { configureNewsletter, type SmtpSink, startSmtpSink } from "../delivery/helpers.ts";
import { readyEntry } from "../helpers/compose.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type LoggedIn, type TestSite, testPasswords, testSite } from "../helpers/web.ts";

/** A JSON move, as composer.js sends it (form body with the CSRF field, Accept: JSON). */
function move(site: TestSite, as: LoggedIn, path: string, fields: Record<string, string>, headers = {}) {
  return site.app.request(`http://summa.test${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      cookie: as.cookie,
      ...headers,
    },
  });
}

const ids = async (store: TestStore, n: number) => (await entriesInLayoutOrder(store, n)).map((e) => e.id);

for (const dialect of DIALECTS) {
  describe(`desk: the composer as the issue reads, and moves in place (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    let n: number;
    let a: { id: number; title: string };
    let b: { id: number; title: string };
    let c: { id: number; title: string };
    let hl: { id: number; title: string };
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
      n = await createDraftIssue(store);
      a = await readyEntry(store, { title: `First paper ${n}`, summary: "Alpha **finding**." });
      b = await readyEntry(store, { title: `Second paper ${n}`, summary: "Beta finding." });
      c = await readyEntry(store, { title: `Third paper ${n}`, summary: "Gamma finding." });
      hl = await readyEntry(store, {
        title: `Highlighted paper ${n}`,
        category: "Interpretability",
        summarizers: "Dan H",
        summary: "The week's main result.",
        opinion: "Convincing.",
      });
      await addEntriesToIssue(store, n, [a.id, b.id, c.id, hl.id]);
      await site.post(`/desk/issues/${n}/entries/${hl.id}/highlight`, { highlight: "1" }, editor);
    });
    after(() => store?.dispose());

    test("each entry shows its rendered text, by-line and opinion under its headings, highlights first", async () => {
      const page = await (await site.get(`/desk/issues/${n}`, editor)).text();
      // The renderer's own entry HTML: summary led by the head line, the opinion labelled.
      assert.ok(page.includes("<strong>finding</strong>"), "the summary's Markdown, rendered");
      assert.ok(page.includes('<span class="entry-summarizer">(summarized by Dan H)</span>'));
      assert.ok(page.includes(`<strong class="entry-label">Dan H's opinion:</strong> Convincing.`));
      assert.ok(page.includes(`<a class="entry-title" href="https://arxiv.org/abs/`));
      const at = (s: string) => page.indexOf(s);
      assert.ok(at("composer-group-heading highlights") < at(`id="entry-${hl.id}"`));
      assert.ok(
        at(`id="entry-${hl.id}"`) < at('<h4 class="composer-category-heading">Learning human intent'),
      );
      assert.ok(at("Learning human intent</h4>") < at(`id="entry-${a.id}"`));
      // One id per entry: the rendered article leaves its anchor to the composer's item.
      assert.equal(page.split(`id="entry-${a.id}"`).length - 1, 1);
      assert.match(page, new RegExp(`<li class="composer-entry" id="entry-${a.id}"[^>]*draggable="true"`));
      assert.match(page, /id="composer-live"[^>]*aria-live="polite"/);
      assert.match(page, new RegExp(`href="/desk/issues/${n}/email"`));
    });

    test("a move by position is saved at once and answered as JSON; the no-JS form still works", async () => {
      assert.deepEqual(await ids(store, n), [hl.id, a.id, b.id, c.id]);
      const res = await move(site, editor, `/desk/issues/${n}/entries/${c.id}/move`, {
        _csrf: editor.csrf,
        position: "1",
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { message: string; run: number[]; position: number };
      assert.equal(body.message, `Moved “${c.title}” to position 1 of 3`);
      assert.deepEqual(body.run, [c.id, a.id, b.id]);
      assert.deepEqual(await ids(store, n), [hl.id, c.id, a.id, b.id]);
      // The form fallback: a 303 back to the composer at the entry.
      const down = await site.post(`/desk/issues/${n}/entries/${c.id}/move`, { direction: "down" }, editor);
      assert.equal(down.status, 303);
      assert.equal(down.headers.get("location"), `/desk/issues/${n}?done=moved#entry-${c.id}`);
      assert.deepEqual(await ids(store, n), [hl.id, a.id, c.id, b.id]);
    });

    test("an invalid move is refused with a coded JSON error and changes nothing", async () => {
      const before = await ids(store, n);
      for (const [position, pattern] of [
        ["4", /can move to 1 to 3 among the 3 entries of its subsection \(Learning human intent\), not 4/],
        ["0", /not 0/],
        ["two", /position: a whole number from 1, not "two"/],
      ] as const) {
        const res = await move(site, editor, `/desk/issues/${n}/entries/${a.id}/move`, {
          _csrf: editor.csrf,
          position,
        });
        assert.equal(res.status, 422, position);
        const { error } = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(error.code, "input.invalid");
        assert.match(error.message, pattern);
      }
      // The only highlight cannot leave the Highlights for the section's list.
      const hlMove = await move(site, editor, `/desk/issues/${n}/entries/${hl.id}/move`, {
        _csrf: editor.csrf,
        position: "2",
      });
      assert.equal(hlMove.status, 422);
      assert.match(((await hlMove.json()) as { error: { message: string } }).error.message, /Highlights/);
      const foreign = await move(site, editor, `/desk/issues/${n}/entries/999999/move`, {
        _csrf: editor.csrf,
        position: "1",
      });
      assert.equal(foreign.status, 404);
      assert.equal(((await foreign.json()) as { error: { code: string } }).error.code, "not_found");
      assert.deepEqual(await ids(store, n), before);
    });

    test("a move without the CSRF token, or from another origin, is refused (403 JSON)", async () => {
      const before = await ids(store, n);
      const path = `/desk/issues/${n}/entries/${b.id}/move`;
      const none = await move(site, editor, path, { position: "1" });
      assert.equal(none.status, 403);
      assert.equal(((await none.json()) as { error: { code: string } }).error.code, "auth.csrf");
      const cross = await move(
        site,
        editor,
        path,
        { _csrf: editor.csrf, position: "1" },
        { origin: "https://evil.example" },
      );
      assert.equal(cross.status, 403);
      const summarizer = await site.login("summarizer");
      const forbidden = await move(site, summarizer, path, { _csrf: summarizer.csrf, position: "1" });
      assert.equal(forbidden.status, 403);
      assert.deepEqual(await ids(store, n), before);
    });

    test("the check panel lists decisions only; empty sections are one folded line", async () => {
      const page = await (await site.get(`/desk/issues/${n}`, editor)).text();
      const check = page.slice(page.indexOf('id="check-heading"'), page.indexOf('id="ready-heading"'));
      assert.ok(check.length > 0);
      assert.doesNotMatch(check, /has no entries in AN/, "no empty section listed as a problem");
      assert.match(
        check,
        /<details class="muted check-empty-sections"><summary>\d+ sections have no entries/,
      );
      assert.match(check, /has no subject: the email goes out as/, "the missing subject needs a decision");
      assert.equal((check.match(/<li class="problem/g) ?? []).length, 1, "only the missing subject");
    });
  });
}

const sqlite = DIALECTS.find((d) => d.name === "sqlite")!;

describe("desk: the full-size email preview is the send's own HTML", { skip: sqlite.skip }, () => {
  let store: TestStore;
  let site: TestSite;
  let editor: LoggedIn;
  let sink: SmtpSink;
  let n: number;
  before(async () => {
    store = await sqlite.open();
    sink = await startSmtpSink();
    await configureNewsletter(store);
    site = testSite(store);
    editor = await site.login("editor", "Rohin");
    n = await createDraftIssue(store);
    const e = await readyEntry(store, {
      title: `Preview paper ${n}`,
      summary: "What <b>readers</b> see & more.",
    });
    await addEntriesToIssue(store, n, [e.id]);
  });
  after(async () => {
    await sink?.close();
    await store?.dispose();
  });

  test("the framed HTML equals the test copy's HTML part; it runs sandboxed; the text part is a toggle away", async () => {
    const pageRes = await site.get(`/desk/issues/${n}/email`, editor);
    assert.equal(pageRes.status, 200);
    const page = await pageRes.text();
    assert.match(
      page,
      new RegExp(`<iframe class="email-preview-frame" src="/desk/issues/${n}/email/html" sandbox=""`),
    );
    assert.match(page, new RegExp(`href="/desk/issues/${n}/email\\?part=text"`));
    assert.ok(page.includes(`<strong>Subject:</strong> [AN #${n}] Alignment Newsletter`));

    const framed = await site.get(`/desk/issues/${n}/email/html`, editor);
    assert.equal(framed.status, 200);
    assert.match(framed.headers.get("content-security-policy") ?? "", /^sandbox; default-src 'none'/);
    assert.equal(framed.headers.get("cache-control"), "no-store");
    const preview = await framed.text();
    assert.ok(preview.includes("What &lt;b&gt;readers&lt;/b&gt; see &amp; more."));

    const transport = openTransport(sink.url, { connections: 1 });
    try {
      const app = createApp(store, { ...testPasswords, mail: transport });
      const res = await app.request(`http://summa.test/desk/issues/${n}/send/test`, {
        method: "POST",
        body: new URLSearchParams({ _csrf: editor.csrf, to: "rohin@example.org", edition: "full" }),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: editor.cookie },
      });
      assert.equal(res.status, 303);
    } finally {
      transport.close();
    }
    assert.equal(sink.messages.length, 1);
    const received = await simpleParser(sink.messages[0]!.raw);
    // The test copy's reader values go where the preview shows their {{tokens}}.
    const links = subscriberLinks(await loadLinkConfig(store), { id: 0, email: "rohin@example.org" });
    const filled = preview
      .replaceAll("{{email}}", escapeHtml("rohin@example.org"))
      .replaceAll("{{unsubscribe_url}}", escapeHtml(links.unsubscribeUrl))
      .replaceAll("{{preferences_url}}", escapeHtml(links.preferencesUrl))
      .replaceAll("{{unsubscribe_mailto}}", escapeHtml(links.unsubscribeMailto));
    assert.ok(preview.includes("{{unsubscribe_url}}"), "the preview has the reader's slots");
    assert.equal(received.html, filled);
    assert.equal(received.subject, `[AN #${n}] Alignment Newsletter`);

    const text = await (await site.get(`/desk/issues/${n}/email?part=text`, editor)).text();
    assert.match(text, /<pre class="email-preview-text">/);
    assert.ok(text.includes(`Preview paper ${n}`));
    assert.ok(text.includes("What &lt;b&gt;readers&lt;/b&gt; see &amp; more."));
    assert.ok(!text.includes("<iframe"));
  });
});
