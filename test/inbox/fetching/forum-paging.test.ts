import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { harvest, politeFetcher } from "../../../src/inbox/fetching/index.ts";
import { type ForumPostFixture, forumAnswer } from "../sources/fixtures.ts";
import { fakeClock, type SourceServer, sourceServer } from "./source-server.ts";

const UA = "Summa/0.1 (Test Newsletter; mailto:editor@example.org)";

/** Posts newest first, three of them at one instant that falls on a page boundary. */
const POSTS: ForumPostFixture[] = [
  { _id: "p5", title: "Five", postedAt: "2024-01-05T10:00:00.000Z", author: "Ada" },
  { _id: "p4", title: "Four", postedAt: "2024-01-05T09:00:00.000Z", author: "Cy" },
  { _id: "p3a", title: "Three A", postedAt: "2024-01-05T09:00:00.000Z", author: "Di" },
  { _id: "p3b", title: "Three B", postedAt: "2024-01-05T09:00:00.000Z", author: "Ed" },
  { _id: "p2", title: "Two", postedAt: "2024-01-05T08:00:00.000Z", author: "Fi" },
  { _id: "p1", title: "One", postedAt: "2024-01-05T07:00:00.000Z", author: "Gu" },
];

/** ForumMagnum's "new" view: postedAt strictly after `after` and strictly before `before`, newest first. */
function forumRoute(req: { body: string }, all: readonly ForumPostFixture[] = POSTS) {
  const { terms } = JSON.parse(req.body).variables.input;
  const posts = all
    .filter((p) => (!terms.after || p.postedAt > terms.after) && (!terms.before || p.postedAt < terms.before))
    .slice(0, terms.limit);
  return { body: forumAnswer(posts), headers: { "content-type": "application/json" } };
}

describe("the forum's paging by postedAt", () => {
  let server: SourceServer;
  before(async () => {
    server = await sourceServer();
    server.route("/graphql", (req) => forumRoute(req));
  });
  after(() => server.close());

  const fetcher = () => {
    const clock = fakeClock();
    return politeFetcher({ userAgent: UA, allowPrivate: true, now: clock.now, sleep: clock.sleep });
  };
  const empty = { etag: null, lastModified: null, cursor: null };

  test("posts sharing the postedAt of a page's oldest post are all read, none twice", async () => {
    const start = server.seen.length;
    const got = await harvest(
      "af",
      { kind: "forum", endpoint: `${server.url}/graphql`, pageSize: 2 },
      empty,
      fetcher(),
    );
    assert.deepEqual(
      got.candidates.map((c) => c.externalId),
      ["p5", "p4", "p3a", "p3b", "p2", "p1"],
    );
    assert.equal(got.next.cursor, "2024-01-05T10:00:00.000Z");
    // Page 2 asks again for 09:00 with room for the one already read there, page 3 for the three;
    // page 3 brings p2 and p1 and is full, so page 4 asks up to 07:00 and comes back short.
    const terms = server.seen.slice(start).map((s) => JSON.parse(s.body).variables.input.terms);
    assert.deepEqual(
      terms.map((t) => [t.before ?? null, t.limit]),
      [
        [null, 2],
        ["2024-01-05T09:00:00.001Z", 3],
        ["2024-01-05T09:00:00.001Z", 5],
        ["2024-01-05T07:00:00.001Z", 3],
      ],
    );
  });

  test("the next run reads a post of the saved cursor's very instant that the last run did not see", async () => {
    let posts = POSTS.slice(0, 2);
    server.route("/later", (req) => forumRoute(req, posts));
    const config = { kind: "forum" as const, endpoint: `${server.url}/later`, pageSize: 2 };
    const first = await harvest("af", config, empty, fetcher());
    assert.deepEqual(
      first.candidates.map((c) => c.externalId),
      ["p5", "p4"],
    );
    assert.equal(first.next.cursor, "2024-01-05T10:00:00.000Z");
    // A post with p5's postedAt shows up after that run (approved later, or posted that same instant).
    posts = [{ _id: "p5b", title: "Five B", postedAt: "2024-01-05T10:00:00.000Z", author: "Bo" }, ...posts];
    const start = server.seen.length;
    const second = await harvest("af", config, first.next, fetcher());
    // p5 comes again: the intake knows its post id (the fetch test shows it is not added twice).
    assert.deepEqual(second.candidates.map((c) => c.externalId).sort(), ["p5", "p5b"]);
    assert.equal(second.next.cursor, "2024-01-05T10:00:00.000Z");
    const terms = JSON.parse(server.seen[start]!.body).variables.input.terms;
    assert.equal(terms.after, "2024-01-05T09:59:59.999Z");
  });

  test("maxPosts still bounds the run; a server that ignores `before` ends it instead of looping", async () => {
    const capped = await harvest(
      "af",
      { kind: "forum", endpoint: `${server.url}/graphql`, pageSize: 2, maxPosts: 3 },
      empty,
      fetcher(),
    );
    assert.deepEqual(
      capped.candidates.map((c) => c.externalId),
      ["p5", "p4", "p3a"],
    );
    server.route("/stuck", () => ({
      body: forumAnswer(POSTS.slice(0, 2)),
      headers: { "content-type": "application/json" },
    }));
    const start = server.seen.length;
    const stuck = await harvest(
      "af",
      { kind: "forum", endpoint: `${server.url}/stuck`, pageSize: 2 },
      empty,
      fetcher(),
    );
    assert.deepEqual(
      stuck.candidates.map((c) => c.externalId),
      ["p5", "p4"],
    );
    assert.equal(server.seen.length - start, 2);
  });
});
