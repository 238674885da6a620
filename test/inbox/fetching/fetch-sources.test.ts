import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import type { IncomingCandidate } from "../../../src/inbox/candidate.ts";
import {
  addSource,
  type Deliver,
  fetchSources,
  type InboxSource,
  listSources,
} from "../../../src/inbox/fetching/index.ts";
import { DIALECTS, type TestStore } from "../../helpers/dialects.ts";
import {
  ARXIV_ENTRIES,
  ARXIV_LISTING,
  type ArxivEntry,
  ATOM_FEED,
  FORUM_POSTS,
  forumAnswer,
  RSS_FEED,
} from "../sources/fixtures.ts";
import { arxivRoute, fakeClock, type SourceServer, sourceServer } from "./source-server.ts";

/** A deliver that keeps what it was given, and throws for the sources named in `failFor`. */
function recorder(failFor: string[] = []) {
  const got = new Map<string, IncomingCandidate[]>();
  const deliver: Deliver = async (source: InboxSource, candidates) => {
    if (failFor.includes(source.name)) throw new Error("the inbox's database is gone");
    got.set(source.name, [...(got.get(source.name) ?? []), ...candidates]);
    return { added: candidates.length, duplicates: 0 };
  };
  return { got, deliver };
}

/** ForumMagnum's posts: the "new" view, postedAt after/before, limit. */
function forumRoute(req: { body: string }) {
  const { terms } = JSON.parse(req.body).variables.input;
  const posts = FORUM_POSTS.filter(
    (p) => (!terms.after || p.postedAt > terms.after) && (!terms.before || p.postedAt < terms.before),
  ).slice(0, terms.limit);
  return { body: forumAnswer(posts), headers: { "content-type": "application/json" } };
}

for (const dialect of DIALECTS) {
  describe(`fetchSources (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let server: SourceServer;
    let papers: ArxivEntry[];
    before(async () => {
      server = await sourceServer();
    });
    after(() => server.close());
    beforeEach(async () => {
      store = await dialect.open();
      papers = ARXIV_ENTRIES.slice(1);
      server.route(
        "/api/query",
        arxivRoute(() => papers),
      );
      server.route("/rss/cs.AI", (req) =>
        req.headers["if-none-match"] === '"listing-1"'
          ? { status: 304 }
          : {
              body: ARXIV_LISTING,
              headers: { etag: '"listing-1"', "content-type": "application/rss+xml; charset=utf-8" },
            },
      );
      server.route("/feed.xml", {
        body: RSS_FEED,
        headers: { "content-type": "application/rss+xml", "last-modified": "Fri, 05 Jan 2024 10:00:00 GMT" },
      });
      server.route("/graphql", forumRoute);
      server.route("/atom.xml", { body: ATOM_FEED, headers: { "content-type": "application/atom+xml" } });
      // Latin-1, said only by the XML declaration (the Content-Type names no charset).
      server.route("/latin1.xml", {
        body: Buffer.from(
          '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf\u00e9 Blog</title><item><title>G\u00f6del, na\u00efvet\u00e9 and \u00bdAI</title><link>https://cafe.example.org/1</link><guid>c1</guid></item></channel></rss>',
          "latin1",
        ),
        headers: { "content-type": "application/rss+xml" },
      });
      server.route("/broken.xml", {
        body: RSS_FEED.slice(0, 700),
        headers: { "content-type": "application/rss+xml" },
      });
      server.route("/html-feed", {
        body: "<!doctype html><html><body>Sign in</body></html>",
        headers: { "content-type": "text/html" },
      });
    });
    afterEach(() => store.dispose());

    async function configure() {
      await addSource(store, {
        name: "arxiv-q",
        kind: "arxiv-query",
        config: { query: "all:alignment", endpoint: `${server.url}/api/query`, pageSize: 2, maxResults: 10 },
      });
      await addSource(store, {
        name: "cs-ai",
        kind: "arxiv-listing",
        config: { category: "cs.AI", url: `${server.url}/rss/cs.AI` },
      });
      await addSource(store, { name: "af-feed", kind: "feed", config: { url: `${server.url}/feed.xml` } });
      await addSource(store, {
        name: "af-forum",
        kind: "forum",
        config: { endpoint: `${server.url}/graphql`, venue: "AI Alignment Forum", pageSize: 2 },
      });
      await addSource(store, { name: "blog-atom", kind: "feed", config: { url: `${server.url}/atom.xml` } });
      await addSource(store, { name: "cafe", kind: "feed", config: { url: `${server.url}/latin1.xml` } });
      await addSource(store, { name: "broken", kind: "feed", config: { url: `${server.url}/broken.xml` } });
      await addSource(store, { name: "walled", kind: "feed", config: { url: `${server.url}/html-feed` } });
    }

    test("every source runs; the failing ones are reported and do not stop the others; state advances after delivery", async () => {
      await configure();
      const clock = fakeClock();
      const { got, deliver } = recorder();
      const seenBefore = server.seen.length;
      const reports = await fetchSources(store, {
        deliver,
        now: clock.date,
        sleep: clock.sleep,
        polite: { allowPrivate: true },
      });
      const by = new Map(reports.map((r) => [r.source, r]));
      assert.deepEqual(
        reports.map((r) => [r.source, r.fetched, r.added, r.notModified, r.error?.code ?? null]),
        [
          ["arxiv-q", 3, 3, false, null],
          ["cs-ai", 2, 2, false, null],
          ["af-feed", 2, 2, false, null],
          ["af-forum", 5, 5, false, null],
          ["blog-atom", 2, 2, false, null],
          ["cafe", 1, 1, false, null],
          ["broken", 0, 0, false, "source.malformed"],
          ["walled", 0, 0, false, "source.malformed"],
        ],
      );
      assert.match(by.get("broken")!.error!.message, /^broken, line \d+: malformed XML/);
      assert.match(by.get("walled")!.error!.message, /^walled: .*HTML page/);
      assert.deepEqual(
        got.get("arxiv-q")!.map((c) => c.externalId),
        ["2401.00003", "2401.00002", "2401.00001"],
      );
      assert.deepEqual(
        got.get("af-forum")!.map((c) => c.externalId),
        ["p5", "p4", "p3", "p2", "p1"],
      );
      // Pages: arXiv 2 (2 + 1 of 3), forum 3 (2 + 2 + 1 new, by postedAt, each next page asking
      // again for the instant of the last one's oldest post); one request each for the rest.
      const paths = server.seen.slice(seenBefore).map((s) => s.path.split("?")[0]);
      assert.equal(paths.filter((p) => p === "/api/query").length, 2);
      assert.equal(paths.filter((p) => p === "/graphql").length, 3);
      const forumTerms = server.seen
        .filter((s) => s.path === "/graphql")
        .slice(-3)
        .map((s) => JSON.parse(s.body).variables.input.terms);
      assert.deepEqual(
        forumTerms.map((t) => [t.before ?? null, t.limit]),
        [
          [null, 2],
          ["2024-01-04T10:00:00.001Z", 3],
          ["2024-01-02T10:00:00.001Z", 3],
        ],
      );
      // Every request named Summa; one host (127.0.0.1) meant one lane with its interval between requests.
      assert.ok(server.seen.slice(seenBefore).every((s) => /^Summa\//.test(String(s.headers["user-agent"]))));
      assert.ok(clock.sleeps.length >= 8, `slept ${clock.sleeps.length} times`);

      const sources = new Map((await listSources(store)).map((s) => [s.name, s]));
      assert.equal(sources.get("arxiv-q")!.cursor, "2024-01-03T18:00:00Z");
      assert.equal(sources.get("cs-ai")!.etag, '"listing-1"');
      assert.equal(sources.get("af-feed")!.lastModified, "Fri, 05 Jan 2024 10:00:00 GMT");
      assert.equal(sources.get("af-forum")!.cursor, "2024-01-05T10:00:00.000Z");
      assert.equal(sources.get("af-forum")!.lastStatus, "ok");
      assert.equal(sources.get("broken")!.lastStatus, "error");
      assert.match(sources.get("broken")!.lastError!, /^source\.malformed: broken, line/);
      assert.equal(sources.get("broken")!.etag, null);

      // Again: arXiv has one new paper, and its newest of the last run read again; the listing
      // answers 304; the forum nothing new, its newest post read again (both at or after the
      // cursor: the intake's dedup knows them).
      papers = ARXIV_ENTRIES;
      const again = await fetchSources(store, {
        deliver,
        now: clock.date,
        sleep: clock.sleep,
        polite: { allowPrivate: true },
        only: ["arxiv-q", "cs-ai", "af-forum"],
      });
      assert.deepEqual(
        again.map((r) => [r.source, r.fetched, r.notModified]),
        [
          ["arxiv-q", 2, false],
          ["cs-ai", 0, true],
          ["af-forum", 1, false],
        ],
      );
      assert.deepEqual(
        got
          .get("arxiv-q")!
          .slice(-2)
          .map((c) => c.externalId),
        ["2401.00004", "2401.00003"],
      );
      assert.equal(got.get("af-forum")!.at(-1)!.externalId, got.get("af-forum")![0]!.externalId);
      const lastForum = server.seen.filter((s) => s.path === "/graphql").at(-1)!;
      assert.equal(JSON.parse(lastForum.body).variables.input.terms.after, "2024-01-05T09:59:59.999Z");
      const after2 = new Map((await listSources(store)).map((s) => [s.name, s]));
      assert.equal(after2.get("arxiv-q")!.cursor, "2024-01-04T18:00:00Z");
      assert.equal(after2.get("cs-ai")!.lastStatus, "not-modified");
    });

    test("deliver throwing: the source's etag and cursor stay where they were, and the next fetch reads it all again", async () => {
      await configure();
      const clock = fakeClock();
      const failing = recorder(["cs-ai", "af-forum"]);
      const reports = await fetchSources(store, {
        deliver: failing.deliver,
        now: clock.date,
        sleep: clock.sleep,
        polite: { allowPrivate: true },
        only: ["cs-ai", "af-forum", "af-feed"],
      });
      assert.deepEqual(
        reports.map((r) => [r.source, r.error?.message ?? null]),
        [
          ["cs-ai", "the inbox's database is gone"],
          ["af-feed", null],
          ["af-forum", "the inbox's database is gone"],
        ],
      );
      const state = new Map((await listSources(store)).map((s) => [s.name, s]));
      assert.equal(state.get("cs-ai")!.etag, null);
      assert.equal(state.get("af-forum")!.cursor, null);
      assert.equal(state.get("cs-ai")!.lastStatus, "error");
      assert.match(state.get("cs-ai")!.lastError!, /internal: the inbox's database is gone/);
      const ok = recorder();
      const retry = await fetchSources(store, {
        deliver: ok.deliver,
        now: clock.date,
        sleep: clock.sleep,
        polite: { allowPrivate: true },
        only: ["cs-ai", "af-forum"],
      });
      assert.deepEqual(
        retry.map((r) => [r.source, r.fetched, r.notModified]),
        [
          ["cs-ai", 2, false],
          ["af-forum", 5, false],
        ],
      );
      const listingRequests = server.seen.filter((s) => s.path === "/rss/cs.AI").slice(-1);
      assert.equal(
        listingRequests[0]!.headers["if-none-match"],
        undefined,
        "no validator was saved by the failed run",
      );
      const saved = new Map((await listSources(store)).map((s) => [s.name, s]));
      assert.equal(saved.get("cs-ai")!.etag, '"listing-1"');
      assert.equal(saved.get("cs-ai")!.lastError, null);
    });

    test("only names unknown sources: a coded error before anything runs", async () => {
      await configure();
      await assert.rejects(
        fetchSources(store, { deliver: recorder().deliver, only: ["nope"] }),
        /no inbox source named nope/,
      );
    });
  });
}
