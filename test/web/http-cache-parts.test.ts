import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { acceptedEncoding, ByteLru, isCompressible, matchesEtag, pageKey } from "../../src/web/http/index.ts";

describe("the page cache's parts", () => {
  test("ByteLru keeps at most maxBytes, dropping the least recently used first", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 40);
    lru.set("b", "B", 40);
    assert.equal(lru.get("a"), "A"); // a is now the most recently used
    lru.set("c", "C", 40);
    assert.equal(lru.get("b"), undefined, "b went first");
    assert.deepEqual([lru.get("c"), lru.get("a")], ["C", "A"]); // c is now the least recent
    assert.equal(lru.bytes, 80);
    lru.grow("a", "A", 30); // a compressed copy: 110 > 100, c (least recent) goes
    assert.equal(lru.get("c"), undefined);
    assert.equal(lru.bytes, 70);
    lru.grow("a", "not A", 1000); // another value under the key by now: ignored
    assert.equal(lru.bytes, 70);
    lru.set("huge", "H", 101);
    assert.equal(lru.get("huge"), undefined, "larger than the whole bound: not kept");
    assert.equal(lru.bytes, 70);
  });

  test("Accept-Encoding: brotli first, q=0 refuses, * stands for the rest", () => {
    assert.equal(acceptedEncoding("gzip, deflate, br"), "br");
    assert.equal(acceptedEncoding("gzip"), "gzip");
    assert.equal(acceptedEncoding("br;q=0, gzip;q=0.5"), "gzip");
    assert.equal(acceptedEncoding("gzip;q=0.2, br;q=0.8"), "br");
    assert.equal(acceptedEncoding("gzip;q=0.9, br;q=0.5"), "gzip");
    assert.equal(acceptedEncoding("identity"), null);
    assert.equal(acceptedEncoding("*"), "br");
    assert.equal(acceptedEncoding("*;q=0"), null);
    assert.equal(acceptedEncoding(undefined), null);
  });

  test("text is compressible; spreadsheets, archives and images are not", () => {
    for (const t of [
      "text/html; charset=utf-8",
      "text/csv",
      "application/json",
      "application/feed+json",
      "application/rss+xml; charset=utf-8",
      "application/atom+xml",
      "application/x-bibtex",
      "image/svg+xml",
    ])
      assert.ok(isCompressible(t), t);
    for (const t of [
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/zip",
      "image/png",
      undefined,
    ])
      assert.ok(!isCompressible(t), String(t));
  });

  test("If-None-Match compares weakly, takes lists and *", () => {
    assert.ok(matchesEtag('W/"abc"', 'W/"abc"'));
    assert.ok(matchesEtag('"abc"', 'W/"abc"'));
    assert.ok(matchesEtag('"x", W/"abc"', 'W/"abc"'));
    assert.ok(matchesEtag("*", 'W/"abc"'));
    assert.ok(!matchesEtag('W/"abd"', 'W/"abc"'));
    assert.ok(!matchesEtag(undefined, 'W/"abc"'));
  });

  test("a page's key sorts its parameters and keeps the origin", () => {
    assert.equal(
      pageKey("http://a.test/database?q=x&author=B"),
      pageKey("http://a.test/database?author=B&q=x"),
    );
    assert.notEqual(pageKey("http://a.test/feed.xml"), pageKey("http://b.test/feed.xml"));
    assert.notEqual(pageKey("http://a.test/database?q=x"), pageKey("http://a.test/database?q=y"));
  });
});
