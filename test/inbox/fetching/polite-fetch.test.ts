import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SummaError } from "../../../src/domain/errors.ts";
import { type PoliteFetchOptions, politeFetcher, retryAfterMs } from "../../../src/inbox/fetching/index.ts";
import { fakeClock, type SourceServer, sourceServer } from "./source-server.ts";

const UA = "Summa/0.1 (Test Newsletter; mailto:editor@example.org)";

async function failure(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof SummaError, String(err));
    assert.equal(err.code, code, err.message);
    assert.match(err.message, message);
    return true;
  });
}

/** A fetcher on a fake clock (its sleeps recorded, none taken), no interval between requests. */
function clockedFetcher(options: Partial<PoliteFetchOptions> = {}) {
  const clock = fakeClock();
  const fetcher = politeFetcher({
    userAgent: UA,
    allowPrivate: true,
    minIntervalMs: 0,
    now: clock.now,
    sleep: clock.sleep,
    ...options,
  });
  return { clock, fetcher };
}

describe("the polite fetcher", () => {
  let server: SourceServer;
  before(async () => {
    server = await sourceServer();
  });
  after(() => server.close());

  test("one host: requests one at a time, the host's interval between them, by the injected clock", async () => {
    server.route("/a", { body: "a", headers: { "content-type": "text/plain" } });
    const clock = fakeClock();
    const host = new URL(server.url).host;
    const fetcher = politeFetcher({
      userAgent: UA,
      allowPrivate: true,
      hostIntervals: { [host]: 3000 },
      now: clock.now,
      sleep: clock.sleep,
    });
    const start = server.seen.length;
    // Three at once: the lane serialises them; each waits 3 s after the previous one ended.
    const answers = await Promise.all(
      [1, 2, 3].map(() => fetcher.fetch({ url: `${server.url}/a`, source: "s", accept: "*/*" })),
    );
    assert.deepEqual(
      answers.map((a) => !a.notModified && a.text),
      ["a", "a", "a"],
    );
    assert.deepEqual(clock.sleeps, [3000, 3000]);
    assert.equal(server.seen.length - start, 3);
    assert.equal(server.seen.at(-1)!.headers["user-agent"], UA);
    // Time that passed by itself counts toward the interval.
    clock.advance(2000);
    await fetcher.fetch({ url: `${server.url}/a`, source: "s", accept: "*/*" });
    assert.deepEqual(clock.sleeps, [3000, 3000, 1000]);
  });

  test("429 with Retry-After is retried after that wait, then 200", async () => {
    server.route("/limited", [
      { status: 429, headers: { "retry-after": "7" } },
      { status: 200, body: "ok", headers: { "content-type": "text/plain" } },
    ]);
    const { clock, fetcher } = clockedFetcher();
    const got = await fetcher.fetch({ url: `${server.url}/limited`, source: "s", accept: "*/*" });
    assert.equal(!got.notModified && got.text, "ok");
    assert.deepEqual(clock.sleeps, [7000]);
    assert.equal(retryAfterMs("Fri, 05 Jan 2024 12:00:30 GMT", Date.parse("2024-01-05T12:00:00Z")), 30_000);
  });

  test("503 without Retry-After: exponential backoff, bounded attempts, then a coded error", async () => {
    server.route("/down", { status: 503, body: "busy" });
    const { clock, fetcher } = clockedFetcher({ backoffMs: 1000, maxAttempts: 4 });
    const before = server.seen.length;
    await failure(
      fetcher.fetch({ url: `${server.url}/down`, source: "blog", accept: "*/*" }),
      "source.fetch_failed",
      /^blog: .*answered 503 4 times/,
    );
    assert.deepEqual(clock.sleeps, [1000, 2000, 4000]);
    assert.equal(server.seen.length - before, 4);
    // A Retry-After longer than the fetcher will wait gives up at once.
    server.route("/later", { status: 429, headers: { "retry-after": "86400" } });
    await failure(
      fetcher.fetch({ url: `${server.url}/later`, source: "blog", accept: "*/*" }),
      "source.fetch_failed",
      /asks to wait 86400 s/,
    );
  });

  test("a dropped connection is retried with the same backoff, GET and the forum's POST, never past the attempt limit", async () => {
    server.route("/flaky", [
      { drop: true },
      { drop: true },
      { status: 200, body: "ok", headers: { "content-type": "text/plain" } },
    ]);
    const { clock, fetcher } = clockedFetcher({ backoffMs: 1000, maxAttempts: 4 });
    const start = server.seen.length;
    const got = await fetcher.fetch({ url: `${server.url}/flaky`, source: "s", accept: "*/*" });
    assert.equal(!got.notModified && got.text, "ok");
    assert.deepEqual(clock.sleeps, [1000, 2000]);
    assert.equal(server.seen.length - start, 3);

    // The forum's GraphQL query is a read sent as a POST: the same retry, the same body again.
    server.route("/graphql", [
      { drop: true },
      { status: 200, body: "{}", headers: { "content-type": "application/json" } },
    ]);
    const post = await fetcher.fetch({
      url: `${server.url}/graphql`,
      source: "forum",
      accept: "application/json",
      method: "POST",
      contentType: "application/json",
      body: '{"query":"q"}',
    });
    assert.equal(!post.notModified && post.text, "{}");
    assert.deepEqual(
      server.seen.slice(-2).map((s) => [s.method, s.body]),
      [
        ["POST", '{"query":"q"}'],
        ["POST", '{"query":"q"}'],
      ],
    );

    // Always dropped: maxAttempts tries, then a coded error that says so.
    server.route("/gone", { drop: true });
    const before = server.seen.length;
    clock.sleeps.length = 0;
    await failure(
      fetcher.fetch({ url: `${server.url}/gone`, source: "blog", accept: "*/*" }),
      "source.fetch_failed",
      /^blog: .*\/gone: .*\(4 attempts\)$/,
    );
    assert.equal(server.seen.length - before, 4);
    assert.deepEqual(clock.sleeps, [1000, 2000, 4000]);
  });

  test("a connection dropped while the body is read is retried with the same backoff, never past the attempt limit", async () => {
    const feed = `<rss version="2.0"><channel><title>Blog</title>${"<item><title>x</title></item>".repeat(200)}</channel></rss>`;
    server.route("/half", [
      { dropInBody: true, body: feed, headers: { "content-type": "application/rss+xml" } },
      { status: 200, body: feed, headers: { "content-type": "application/rss+xml" } },
    ]);
    const { clock, fetcher } = clockedFetcher({ backoffMs: 1000, maxAttempts: 3 });
    const start = server.seen.length;
    const got = await fetcher.fetch({ url: `${server.url}/half`, source: "blog", accept: "*/*" });
    assert.equal(!got.notModified && got.text, feed, "the whole body of the second answer");
    assert.deepEqual(clock.sleeps, [1000]);
    assert.equal(server.seen.length - start, 2);

    server.route("/always-half", { dropInBody: true, body: feed, headers: { "content-type": "text/xml" } });
    clock.sleeps.length = 0;
    const before = server.seen.length;
    await failure(
      fetcher.fetch({ url: `${server.url}/always-half`, source: "blog", accept: "*/*" }),
      "source.fetch_failed",
      /^blog: .*\/always-half: .*\(3 attempts\)$/,
    );
    assert.equal(server.seen.length - before, 3);
    assert.deepEqual(clock.sleeps, [1000, 2000]);
  });

  test("a connection refused once is retried: the server is up by the second attempt", async () => {
    // A port nothing listens on (taken, then let go); the backoff's sleep starts a server there.
    const probe = await sourceServer();
    const url = probe.url;
    await probe.close();
    let late: SourceServer | null = null;
    const clock = fakeClock();
    const fetcher = politeFetcher({
      userAgent: UA,
      allowPrivate: true,
      minIntervalMs: 0,
      backoffMs: 500,
      now: clock.now,
      sleep: async (ms) => {
        await clock.sleep(ms);
        late ??= await sourceServer({ port: Number(new URL(url).port) });
        late.route("/up", { body: "up", headers: { "content-type": "text/plain" } });
      },
    });
    try {
      const got = await fetcher.fetch({ url: `${url}/up`, source: "s", accept: "*/*" });
      assert.equal(!got.notModified && got.text, "up");
      assert.deepEqual(clock.sleeps, [500]);
    } finally {
      await (late as SourceServer | null)?.close();
    }
  });

  test("a timeout is tried once more, not more, whatever the attempt limit", async () => {
    const clock = fakeClock();
    let calls = 0;
    const fetcher = politeFetcher({
      userAgent: UA,
      allowPrivate: true,
      minIntervalMs: 0,
      backoffMs: 1000,
      maxAttempts: 5,
      timeoutMs: 1500,
      now: clock.now,
      sleep: clock.sleep,
      // What AbortSignal.timeout raises when the answer is late, without waiting for it.
      fetchImpl: async () => {
        calls++;
        throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
      },
    });
    await failure(
      fetcher.fetch({ url: "http://127.0.0.1:9/slow", source: "slow", accept: "*/*" }),
      "source.fetch_failed",
      /^slow: .*no answer within 1500 ms/,
    );
    assert.equal(calls, 2);
    assert.deepEqual(clock.sleeps, [1000]);
  });

  test("conditional GET: validators sent, 304 is 'nothing new'", async () => {
    server.route("/feed", (req) =>
      req.headers["if-none-match"] === '"v1"'
        ? { status: 304 }
        : {
            status: 200,
            body: "<rss/>",
            headers: {
              etag: '"v1"',
              "last-modified": "Fri, 05 Jan 2024 10:00:00 GMT",
              "content-type": "application/rss+xml",
            },
          },
    );
    const fetcher = politeFetcher({ userAgent: UA, allowPrivate: true, minIntervalMs: 0 });
    const first = await fetcher.fetch({ url: `${server.url}/feed`, source: "f", accept: "*/*" });
    assert.ok(!first.notModified);
    assert.equal(first.etag, '"v1"');
    assert.equal(first.lastModified, "Fri, 05 Jan 2024 10:00:00 GMT");
    const second = await fetcher.fetch({
      url: `${server.url}/feed`,
      source: "f",
      accept: "*/*",
      etag: first.etag,
      lastModified: first.lastModified,
    });
    assert.equal(second.notModified, true);
    assert.equal(server.seen.at(-1)!.headers["if-modified-since"], "Fri, 05 Jan 2024 10:00:00 GMT");
  });

  test("a huge answer is cut off at the limit, declared or streamed", async () => {
    const big = Buffer.alloc(300_000, 0x61);
    server.route("/huge", { body: big });
    server.route("/huge-chunked", () => ({ body: big, headers: { "transfer-encoding": "chunked" } }));
    const fetcher = politeFetcher({ userAgent: UA, allowPrivate: true, minIntervalMs: 0, maxBytes: 100_000 });
    await failure(
      fetcher.fetch({ url: `${server.url}/huge`, source: "big", accept: "*/*" }),
      "source.too_large",
      /^big: .*larger than 100000 bytes/,
    );
    await failure(
      fetcher.fetch({ url: `${server.url}/huge-chunked`, source: "big", accept: "*/*" }),
      "source.too_large",
      /larger than 100000 bytes/,
    );
  });

  test("the charset of the Content-Type decodes the body; private addresses are refused unless allowed", async () => {
    server.route("/latin1", {
      body: Buffer.from("<t>caf\u00e9</t>", "latin1"),
      headers: { "content-type": "text/xml; charset=ISO-8859-1" },
    });
    const fetcher = politeFetcher({ userAgent: UA, allowPrivate: true, minIntervalMs: 0 });
    const got = await fetcher.fetch({ url: `${server.url}/latin1`, source: "l", accept: "*/*" });
    assert.equal(!got.notModified && got.text, "<t>caf\u00e9</t>");
    const strict = politeFetcher({ userAgent: UA, minIntervalMs: 0 });
    await failure(
      strict.fetch({ url: `${server.url}/latin1`, source: "l", accept: "*/*" }),
      "source.fetch_failed",
      /private network/,
    );
    server.route("/paper.pdf", {
      body: Buffer.from("%PDF-1.7\n\u00ff"),
      headers: { "content-type": "application/pdf" },
    });
    await failure(
      fetcher.fetch({ url: `${server.url}/paper.pdf`, source: "p", accept: "*/*" }),
      "source.malformed",
      /^p: .*answered application\/pdf, not text/,
    );
    server.route("/gone", { status: 404 });
    await failure(
      fetcher.fetch({ url: `${server.url}/gone`, source: "g", accept: "*/*" }),
      "source.fetch_failed",
      /^g: .*answered 404/,
    );
  });
});
