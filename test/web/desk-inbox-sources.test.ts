import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { addSource, listSources } from "../../src/inbox/fetching/index.ts";
import {
  addCandidates,
  fetchIntoInbox,
  type InboxJobs,
  inboxJobs,
  listInbox,
} from "../../src/inbox/index.ts";
import { updateInboxSource } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type LoggedIn, type TestSite, testSite } from "../helpers/web.ts";
import { type SourceServer, sourceServer } from "../inbox/fetching/source-server.ts";
import { incoming, seedEntries } from "../inbox/fixture.ts";
import { RSS_FEED } from "../inbox/sources/fixtures.ts";

const XSS = `<img src=x onerror="alert(1)">`;
const NOW = new Date().toISOString();

/** A multipart form post, as a browser sends a file upload. */
function upload(site: TestSite, as: LoggedIn, fields: Record<string, string | File>) {
  const form = new FormData();
  form.set("_csrf", as.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return site.app.request("http://summa.test/desk/inbox/import", {
    method: "POST",
    body: form,
    headers: { cookie: as.cookie },
  });
}

const BIBTEX = `@article{xss2021,
  title = {Rewards ${XSS} and regret},
  author = {Doe, Jane and Roe, Richard},
  journal = {Journal of Alignment},
  year = {2021},
  url = {https://example.org/rewards-and-regret}
}
@misc{plain2021,
  title = {A plain second paper},
  author = {Poe, Edgar},
  year = {2021}
}
`;

for (const dialect of DIALECTS) {
  describe(`desk inbox sources, import and pages (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let server: SourceServer;
    let editor: LoggedIn;
    let richard: LoggedIn;
    let jobs: InboxJobs;
    /** Holds every source request while set: a fetch that is still running. */
    let hold: Promise<void> | null = null;
    before(async () => {
      store = await dialect.open();
      await seedEntries(store);
      server = await sourceServer();
      server.route("/feed.xml", (req) =>
        req.headers["if-none-match"] === '"v1"'
          ? { status: 304 }
          : { body: RSS_FEED, headers: { "content-type": "application/rss+xml", etag: '"v1"' } },
      );
      server.route("/not-a-feed", {
        body: "<html><body>Log in</body></html>",
        headers: { "content-type": "text/html" },
      });
      server.route("/paper", {
        body: `<html><head><meta name="citation_title" content='A page &lt;b onmouseover="alert(1)"&gt;bold&lt;/b&gt; paper'>
          <meta name="citation_author" content="Lovelace, Ada"></head><body></body></html>`,
        headers: { "content-type": "text/html; charset=utf-8" },
      });
      jobs = inboxJobs(store, { log: () => {} });
      site = testSite(store, {
        inbox: {
          jobs,
          fetch: {
            // No interval between requests to the one local host: the tests wait for nothing.
            polite: { allowPrivate: true, minIntervalMs: 0 },
            fetchImpl: async (input, init) => {
              await hold;
              return fetch(input, init);
            },
          },
          read: { polite: { allowPrivate: true } },
        },
      });
      editor = await site.login("editor", "Rohin");
      richard = await site.login("summarizer", "Richard");
    });
    after(async () => {
      await jobs?.idle();
      await server?.close();
      await store?.dispose();
    });

    test("the sources page: editors only, linked from the inbox, empty at first", async () => {
      assert.equal((await site.get("/desk/inbox/sources", richard)).status, 403);
      const inbox = await (await site.get("/desk/inbox", editor)).text();
      assert.match(inbox, /<a href="\/desk\/inbox\/sources">Sources<\/a>/);
      assert.match(inbox, /<a href="\/desk\/inbox\/import">/);
      const page = await (await site.get("/desk/inbox/sources", editor)).text();
      assert.match(page, /No source yet/);
      assert.match(page, /<select id="source-kind" name="kind">/);
      assert.match(page, /name="feed\.url"/);
      assert.match(page, /name="arxiv-query\.query"/);
    });

    test("adding: each refusal is coded and stands next to its field, with what was typed kept", async () => {
      const badUrl = await site.post(
        "/desk/inbox/sources",
        { name: "af", kind: "feed", "feed.url": "not an address" },
        editor,
      );
      assert.equal(badUrl.status, 422);
      const html = await badUrl.text();
      assert.match(
        html,
        /<span class="field-error" id="source-feed-url-error">[^<]*not an http\(s\) address/,
      );
      assert.match(html, /<code>input\.invalid<\/code>/);
      assert.match(html, /aria-invalid="true" aria-describedby="source-feed-url-hint source-feed-url-error"/);
      assert.match(html, /value="not an address"/);
      const badName = await site.post(
        "/desk/inbox/sources",
        { name: "no spaces please", kind: "feed", "feed.url": `${server.url}/feed.xml` },
        editor,
      );
      assert.equal(badName.status, 422);
      assert.match(await badName.text(), /id="source-name-error"/);
      const badKind = await site.post("/desk/inbox/sources", { name: "x", kind: "gopher" }, editor);
      assert.equal(badKind.status, 422);
      assert.match(await badKind.text(), /id="source-kind-error"[^>]*>[^<]*unknown kind/);
      const noQuery = await site.post("/desk/inbox/sources", { name: "q", kind: "arxiv-query" }, editor);
      assert.match(await noQuery.text(), /id="source-arxiv-query-query-error"/);
      assert.equal((await listSources(store)).length, 0, "nothing refused was stored");

      const ok = await site.post(
        "/desk/inbox/sources",
        { name: "af", kind: "feed", "feed.url": `${server.url}/feed.xml`, "arxiv-query.query": "ignored" },
        editor,
      );
      assert.equal(ok.status, 303);
      assert.equal(ok.headers.get("location"), "/desk/inbox/sources?done=added");
      const again = await site.post(
        "/desk/inbox/sources",
        { name: "af", kind: "feed", "feed.url": `${server.url}/feed.xml` },
        editor,
      );
      assert.equal(again.status, 409);
      assert.match(
        await again.text(),
        /id="source-name-error"[^>]*>[^<]*exists already[^<]*<code>conflict<\/code>/,
      );
      const refused = await site.post("/desk/inbox/sources", { name: "y", kind: "feed" }, editor, {
        csrf: false,
      });
      assert.equal(refused.status, 403, "no CSRF token, no source");
    });

    /** "Fetch now" as a click: the answer comes at once, a redirect to the page with a notice. */
    async function fetchNow(fields: Record<string, string> = {}) {
      const res = await site.post("/desk/inbox/sources/fetch", fields, editor);
      assert.equal(res.status, 303);
      return res.headers.get("location");
    }

    test("fetch now: runs in the background, answered at once; the page shows it running, then each source's report", async () => {
      await addSource(store, { name: "walled", kind: "feed", config: { url: `${server.url}/not-a-feed` } });
      let release!: () => void;
      hold = new Promise<void>((r) => (release = r));
      try {
        assert.equal(await fetchNow(), "/desk/inbox/sources?done=fetching", "answered while the fetch waits");
        const running = await (await site.get("/desk/inbox/sources?done=fetching", editor)).text();
        assert.match(running, /Fetching started: it runs in the background/);
        assert.match(running, /Fetching every source that is on, running since <time datetime="[^"]+">/);
        assert.ok(!running.includes("fetch-report-heading"), "no report before the run ends");
        // A second click while it runs starts nothing and says so.
        assert.equal(await fetchNow({ source: "af" }), "/desk/inbox/sources?done=busy");
        assert.match(
          await (await site.get("/desk/inbox/sources?done=busy", editor)).text(),
          /A fetch is already running: this one was not started/,
        );
      } finally {
        hold = null;
        release();
      }
      await jobs.idle();

      const html = await (await site.get("/desk/inbox/sources", editor)).text();
      assert.ok(!html.includes("running since"), "the run has ended");
      assert.match(html, /<h2 id="fetch-report-heading">Last fetch<\/h2>/);
      assert.match(html, /<td>af<\/td><td>2<\/td><td>2<\/td><td>0<\/td><td>OK<\/td>/);
      assert.match(
        html,
        /<td>walled<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td><span class="source-error">Error: /,
      );
      assert.match(html, /<code>source\.[a-z_]+<\/code>/);
      assert.ok(!html.includes("<script>alert"), "a feed's title is not in the report as markup");
      // The sources' own columns: when each was last fetched and how it went.
      assert.match(html, /<td>\d{4}-\d\d-\d\dT[^<]*<\/td><td>ok<\/td>/);

      assert.equal(await fetchNow({ source: "af" }), "/desk/inbox/sources?done=fetching");
      await jobs.idle();
      const one = await (await site.get("/desk/inbox/sources", editor)).text();
      assert.match(one, /<p>af, fetched from the desk, from <time/);
      assert.match(
        one,
        /<td>af<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>Not modified since the last fetch<\/td>/,
      );
      assert.ok(!one.includes("<td>walled</td><td>"), "only the source asked for was fetched");
      assert.match(one, /<td>not-modified<\/td>/);
      assert.match(one, /<td>error<\/td><td class="source-error">source\./);
      // An unknown source is refused before anything starts.
      assert.equal((await site.post("/desk/inbox/sources/fetch", { source: "nope" }, editor)).status, 404);
      assert.equal(jobs.fetchRunning(), null);
      const inbox = await (await site.get("/desk/inbox?source=af", editor)).text();
      assert.ok(!inbox.includes(`<script>alert("x")</script>`), "feed titles stay inert in the inbox");
      assert.match(inbox, /&lt;script&gt;alert/);
    });

    test("the last fetch is kept in the database: after a restart, and when the command line fetched", async () => {
      // As `summa inbox fetch --only af --allow-private` does it, in another process.
      await fetchIntoInbox(store, { only: ["af"], polite: { allowPrivate: true, minIntervalMs: 0 } });
      const restarted = testSite(store, { inbox: { jobs: inboxJobs(store, { log: () => {} }) } });
      const html = await (
        await restarted.get("/desk/inbox/sources", await restarted.login("editor", "Rohin"))
      ).text();
      assert.match(html, /<h2 id="fetch-report-heading">Last fetch<\/h2>/);
      assert.match(html, /<p>af, fetched by summa inbox fetch, from <time/);
      assert.match(
        html,
        /<td>af<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>Not modified since the last fetch<\/td>/,
      );
      // A run stopped as a whole is kept too, with why.
      await assert.rejects(fetchIntoInbox(store, { only: ["nope"] }), /no inbox source named nope/);
      const failed = await (await site.get("/desk/inbox/sources", editor)).text();
      assert.match(failed, /The fetch stopped before reading any source: no inbox source named nope/);
    });

    test("a source's last error is shown as text", async () => {
      const walled = (await listSources(store)).find((s) => s.name === "walled")!;
      await updateInboxSource(store.db, walled.id, { last_error: `source.malformed: ${XSS}` });
      const html = await (await site.get("/desk/inbox/sources", editor)).text();
      assert.ok(!html.includes(XSS));
      assert.match(html, /source\.malformed: &lt;img src=x onerror=(&quot;|")alert\(1\)(&quot;|")&gt;/);
    });

    test("turn off and on; remove after a confirmation page", async () => {
      const off = await site.post("/desk/inbox/sources/walled/disable", {}, editor);
      assert.equal(off.status, 303);
      assert.equal((await listSources(store)).find((s) => s.name === "walled")!.enabled, false);
      await fetchNow();
      await jobs.idle();
      const all = await (await site.get("/desk/inbox/sources", editor)).text();
      assert.ok(!all.includes("<td>walled</td><td>"), "a source that is off is not fetched");
      await site.post("/desk/inbox/sources/walled/enable", {}, editor);
      assert.equal((await listSources(store)).find((s) => s.name === "walled")!.enabled, true);

      const confirm = await site.get("/desk/inbox/sources/walled/remove", editor);
      assert.equal(confirm.status, 200);
      assert.match(
        await confirm.text(),
        /<form method="post" action="\/desk\/inbox\/sources\/walled\/remove"/,
      );
      assert.ok(
        (await listSources(store)).some((s) => s.name === "walled"),
        "asking is not removing",
      );
      const gone = await site.post("/desk/inbox/sources/walled/remove", {}, editor);
      assert.equal(gone.status, 303);
      assert.ok(!(await listSources(store)).some((s) => s.name === "walled"));
      assert.equal((await site.post("/desk/inbox/sources/walled/remove", {}, editor)).status, 404);
    });

    test("import: a BibTeX upload, parsed from its bytes, with the report; titles stay inert", async () => {
      assert.equal((await site.get("/desk/inbox/import", richard)).status, 403);
      const res = await upload(site, editor, {
        file: new File([BIBTEX], "mine.bib", { type: "application/x-bibtex" }),
      });
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /<li>2 added to the inbox<\/li>/);
      const bib = await listInbox(store, { source: "bibtex" }, NOW);
      assert.equal(bib.total, 2);
      assert.ok(bib.items.some((i) => i.title === `Rewards ${XSS} and regret`));
      const inbox = await (await site.get("/desk/inbox?source=bibtex", editor)).text();
      assert.ok(!inbox.includes(XSS));
      assert.match(inbox, /Rewards &lt;img src=x/);

      const again = await (await upload(site, editor, { file: new File([BIBTEX], "mine.bib") })).text();
      assert.match(again, /<li>0 added to the inbox<\/li>/);
      assert.match(again, /<li>2 already in the inbox \(not added again\)<\/li>/);
      assert.ok(!again.includes(XSS), "a repeated title in the report is text");

      // The same paper from another kind of file: not added again, that source named on it.
      const ris = "TY  - GEN\nTI  - A plain second paper\nAU  - Poe, Edgar\nPY  - 2021\nER  - \n";
      const other = await (await upload(site, editor, { file: new File([ris], "mine.ris") })).text();
      assert.match(other, /<li>1 already in the inbox \(not added again\)<\/li>/);
      assert.match(other, /<li>1 of them now also shown as from this source<\/li>/);
      assert.match(
        await (await site.get("/desk/inbox?source=bibtex", editor)).text(),
        /bibtex \(also from ris\)/,
      );
    });

    test("import: a Zotero CSV larger than the desk's 1 MB form limit is an upload, not refused", async () => {
      const long = "word ".repeat(100_000);
      const csv = [
        "Key,Item Type,Publication Year,Author,Title,Abstract Note,Url",
        ...[1, 2, 3].map((i) => `K${i},journalArticle,2021,"Doe, Jane",Long abstract ${i},"${long}",`),
      ].join("\n");
      assert.ok(csv.length > 1024 * 1024);
      const res = await upload(site, editor, { file: new File([csv], "export.csv", { type: "text/csv" }) });
      assert.equal(res.status, 200);
      assert.match(await res.text(), /<li>3 added to the inbox<\/li>/);
    });

    test("import: a bad file, no input, one address", async () => {
      const bad = await upload(site, editor, { file: new File(["just some words"], "notes.txt") });
      assert.equal(bad.status, 422);
      const text = await bad.text();
      assert.match(
        text,
        /id="inbox-import-file-error"[^>]*>[^<]*not a bibliography[^<]*<code>source\.malformed<\/code>/,
      );
      const none = await upload(site, editor, {});
      assert.equal(none.status, 422);
      assert.match(await none.text(), /id="inbox-import-file-error"/);
      const notUrl = await upload(site, editor, { url: "ftp://example.org/x" });
      assert.equal(notUrl.status, 422);
      assert.match(await notUrl.text(), /id="inbox-import-url-error"/);

      const page = await upload(site, editor, { url: `${server.url}/paper` });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<li>1 added to the inbox<\/li>/);
      const [item] = (await listInbox(store, { source: "url" }, NOW)).items;
      assert.match(item?.title ?? "", /^A page .*paper$/);
      assert.deepEqual(item?.authors, ["Lovelace, Ada"]);
      const inbox = await (await site.get("/desk/inbox?source=url", editor)).text();
      assert.ok(!inbox.includes("<b onmouseover"), "a page's title is text on the desk");
    });

    test("pages beyond the best 100, filters kept in the links; counts per status", async () => {
      await addCandidates(
        store,
        Array.from({ length: 130 }, (_, i) => incoming({ title: `Bulk paper number ${i}` })),
        { source: "bulk", now: NOW },
      );
      const first = await (await site.get("/desk/inbox?source=bulk&from=2020-01-01", editor)).text();
      assert.equal([...first.matchAll(/id="candidate-/g)].length, 100);
      assert.match(first, /1–100 of 130, best first\./);
      assert.match(first, /Page 1 of 2/);
      assert.match(
        first,
        /<a class="button subtle" rel="next" href="\/desk\/inbox\?source=bulk&amp;from=2020-01-01&amp;page=2">/,
      );
      assert.match(first, /<option value="new" selected="">new \(130\)<\/option>/);
      assert.match(first, /<option value="picked">picked \(0\)<\/option>/);
      const second = await (await site.get("/desk/inbox?source=bulk&from=2020-01-01&page=2", editor)).text();
      const ids = (html: string) => [...html.matchAll(/id="candidate-(\d+)"/g)].map((m) => m[1]);
      assert.equal(ids(second).length, 30);
      assert.ok(!ids(second).some((id) => ids(first).includes(id)), "page 2 holds the rest");
      assert.match(second, /rel="prev" href="\/desk\/inbox\?source=bulk&amp;from=2020-01-01"/);
      const all = await (await site.get("/desk/inbox", editor)).text();
      assert.match(all, /<option value="new" selected="">new \(\d+\)<\/option>/);
      assert.equal((await site.get("/desk/inbox?page=zero", editor)).status, 422);
    });
  });
}
