import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { lastFetchRun } from "../../src/inbox/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { tempDir } from "../helpers/temp.ts";
import { type Answer, type SourceServer, sourceServer } from "../inbox/fetching/source-server.ts";
import { ARXIV_ENTRIES, arxivFeed, BIBTEX, PAGE, RIS, RSS_FEED } from "../inbox/sources/fixtures.ts";

// `summa inbox source add`, `summa inbox fetch` and `summa inbox import` end to end, against
// servers this file starts on 127.0.0.1 (which the sources reach only with --allow-private).

interface Listed {
  id: number;
  title: string;
  url: string;
  source: string;
}

/** What the feed server answers now: a server error, a broken document, or the feed (with an ETag). */
type FeedMode = "error" | "malformed" | "ok";

for (const dialect of DIALECTS) {
  describe(`summa inbox fetch and import (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let arxiv: SourceServer;
    let blog: SourceServer;
    let dir: string;
    let feedMode: FeedMode = "error";
    const run = (...args: string[]) => summaInProcess(["--db", store.url, "inbox", ...args]);
    const listed = async (): Promise<Listed[]> => {
      const r = await summaInProcess(["--db", store.url, "--json", "inbox", "list", "--limit", "100"]);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout).items;
    };

    before(async () => {
      store = await dialect.open();
      dir = tempDir("summa-inbox-fetch-");
      arxiv = await sourceServer();
      arxiv.route("/api/query", {
        headers: { "content-type": "application/atom+xml; charset=utf-8" },
        body: arxivFeed(ARXIV_ENTRIES, ARXIV_ENTRIES.length, 0),
      });
      blog = await sourceServer();
      blog.route("/feed.xml", (req): Answer => {
        if (feedMode === "error") return { status: 500, body: "Internal Server Error" };
        if (feedMode === "malformed")
          return {
            headers: { "content-type": "application/rss+xml" },
            body: `<?xml version="1.0"?><rss version="2.0"><channel><item><title>Cut off`,
          };
        if (req.headers["if-none-match"] === '"feed-v1"') return { status: 304 };
        return {
          headers: { "content-type": "application/rss+xml; charset=utf-8", etag: '"feed-v1"' },
          body: RSS_FEED,
        };
      });
      blog.route("/paper/ird", { headers: { "content-type": "text/html; charset=utf-8" }, body: PAGE });
    });
    after(async () => {
      await arxiv?.close();
      await blog?.close();
      await store?.dispose();
    });

    test("source add, fetch: a failing source is reported with its code, the other's items arrive; a second fetch adds nothing", async () => {
      const addArxiv = await run(
        "source",
        "add",
        "arxiv-query",
        "alignment",
        "--query",
        "cat:cs.AI AND abs:alignment",
        "--endpoint",
        `${arxiv.url}/api/query`,
      );
      assert.equal(addArxiv.code, 0, addArxiv.stderr);
      const addFeed = await run("source", "add", "feed", "af", "--url", `${blog.url}/feed.xml`);
      assert.equal(addFeed.code, 0, addFeed.stderr);

      // Without --allow-private neither is read: 127.0.0.1 is a private address.
      const refused = await run("fetch");
      assert.equal(refused.code, 1);
      assert.match(
        refused.stderr,
        /^alignment: refused to fetch .*private network.*\(source\.fetch_failed\)$/m,
      );
      assert.match(refused.stderr, /^af: refused to fetch .*private network.*\(source\.fetch_failed\)$/m);
      assert.equal(arxiv.seen.length + blog.seen.length, 0, "nothing was asked of either server");
      assert.deepEqual(await listed(), []);

      // The feed answers 500: reported on stderr with its code, exit 1; arXiv's papers still arrive.
      const first = await run("fetch", "--allow-private");
      assert.equal(first.code, 1);
      assert.match(first.stderr, /^af: .*\/feed\.xml: the server answered 500 \(source\.fetch_failed\)\n$/);
      assert.equal(
        first.stdout,
        `alignment: ${ARXIV_ENTRIES.length} read, ${ARXIV_ENTRIES.length} added, 0 already known\n`,
      );
      const query = new URL(arxiv.url + arxiv.seen[0]!.path).searchParams;
      assert.equal(query.get("search_query"), "cat:cs.AI AND abs:alignment");
      assert.equal(query.get("sortBy"), "submittedDate");
      assert.match(String(arxiv.seen[0]!.headers["user-agent"]), /^Summa\//);
      const afterFirst = await listed();
      assert.equal(afterFirst.length, ARXIV_ENTRIES.length);
      assert.ok(afterFirst.every((i) => i.source === "alignment"));
      assert.ok(afterFirst.some((i) => i.title === "Reward Hacking in the Wild"));
      const sources = JSON.parse((await run("source", "list", "--json")).stdout);
      const af = sources.find((s: { name: string }) => s.name === "af");
      assert.equal(af.last_status, "error");
      assert.match(af.last_error, /^source\.fetch_failed: /);
      assert.equal(af.etag, null, "a failed source keeps no validator");

      // Malformed XML: its own code; arXiv, read from its cursor, has nothing new: its newest
      // paper is read again (the cursor is inclusive) and known.
      feedMode = "malformed";
      const second = await run("fetch", "--allow-private");
      assert.equal(second.code, 1);
      assert.equal(second.stderr, "af, line 1: malformed XML: <title> is never closed (source.malformed)\n");
      assert.equal(second.stdout, "alignment: 1 read, 0 added, 1 already known\n");
      assert.equal(
        (await listed()).length,
        ARXIV_ENTRIES.length,
        "nothing half-written from the broken feed",
      );

      // The feed mends: its items arrive, exit 0.
      feedMode = "ok";
      const third = await run("fetch", "--allow-private");
      assert.equal(third.code, 0, third.stderr);
      assert.equal(third.stderr, "");
      assert.match(third.stdout, /^af: 2 read, 2 added, 0 already known$/m);
      const afterThird = await listed();
      assert.equal(afterThird.length, ARXIV_ENTRIES.length + 2);
      const xss = afterThird.find((i) => i.source === "af" && i.title.includes("Outsource"));
      assert.ok(xss, "the feed's items are listed under its name");

      // Again: the feed answers 304 to its ETag, arXiv's cursor stops at what was seen (its
      // newest paper read again and known).
      const seenBefore = blog.seen.length;
      const fourth = await run("fetch", "--allow-private");
      assert.equal(fourth.code, 0, fourth.stderr);
      assert.equal(
        fourth.stdout,
        "alignment: 1 read, 0 added, 1 already known\naf: nothing new (not modified)\n",
      );
      assert.equal(blog.seen[seenBefore]?.headers["if-none-match"], '"feed-v1"');
      assert.equal((await listed()).length, ARXIV_ENTRIES.length + 2);
      // Kept for the desk's "last fetch", as the command line's.
      const last = await lastFetchRun(store);
      assert.equal(last?.startedBy, "command line");
      assert.deepEqual(
        last?.report.map((r) => [r.source, r.fetched, r.notModified]),
        [
          ["alignment", 1, false],
          ["af", 0, true],
        ],
      );
    });

    test("import URL: a page's citation_* tags; refused on 127.0.0.1 without --allow-private", async () => {
      const url = `${blog.url}/paper/ird`;
      const refused = await run("import", url);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /private network/);

      const r = await run("import", url, "--allow-private");
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${url}: 1 added\n`);
      const item = (await listed()).find((i) => i.source === "url");
      assert.ok(item);
      // The citation title, its markup kept as text (the pages escape it), not the <title> or og:title.
      assert.equal(item.title, "Consistency of Inverse Reward Design <img src=x onerror=alert(1)>");
      assert.equal(item.url, `${blog.url}/paper/ird`);
      const json = await summaInProcess(["--db", store.url, "--json", "inbox", "list", "--source", "url"]);
      assert.equal(JSON.parse(json.stdout).items[0].published, "2017-11-04");

      const again = await run("import", url, "--allow-private");
      assert.match(again.stdout, /0 added\n {2}1 already in the inbox/);
    });

    test("import FILE.bib and FILE.ris: each record a candidate under the file's kind", async () => {
      const bib = join(dir, "papers.bib");
      writeFileSync(bib, BIBTEX);
      const ris = join(dir, "papers.ris");
      writeFileSync(ris, RIS);

      const fromBib = await run("import", bib);
      assert.equal(fromBib.code, 0, fromBib.stderr);
      assert.equal(fromBib.stdout, `${bib}: 2 added\n`);
      const fromRis = await run("import", ris);
      assert.equal(fromRis.code, 0, fromRis.stderr);
      assert.equal(fromRis.stdout, `${ris}: 2 added\n`);

      const items = await listed();
      const titles = (source: string) =>
        items
          .filter((i) => i.source === source)
          .map((i) => i.title)
          .sort();
      assert.deepEqual(titles("bibtex"), [
        "Deep Reinforcement Learning from Human Preferences",
        "Über formal unentscheidbare Sätze",
      ]);
      assert.deepEqual(titles("ris"), ["Concrete Problems in AI Safety", "Risks from Learned Optimization"]);
      const concrete = items.find((i) => i.title === "Concrete Problems in AI Safety");
      assert.equal(concrete?.url, "http://arxiv.org/abs/1606.06565");

      // A broken file stores nothing and names itself.
      const broken = join(dir, "broken.bib");
      writeFileSync(broken, "@article{x, title = {Unclosed\n");
      const bad = await run("import", broken);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /broken\.bib/);
      assert.equal((await listed()).length, items.length);
    });
  });
}
