import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { arxivId, urlKey } from "../../src/domain/url-key.ts";

describe("urlKey: arXiv", () => {
  test("abs, pdf, versions, .pdf and schemes collapse to arxiv:ID", () => {
    for (const url of [
      "https://arxiv.org/abs/1903.10396",
      "https://arxiv.org/abs/1903.10396v2",
      "http://arxiv.org/abs/1903.10396",
      "https://arxiv.org/pdf/1903.10396",
      "https://arxiv.org/pdf/1903.10396v3",
      "https://arxiv.org/pdf/1903.10396.pdf",
      "https://arxiv.org/pdf/1903.10396v1.pdf",
      "https://www.arxiv.org/abs/1903.10396",
      "https://export.arxiv.org/abs/1903.10396",
      "arxiv.org/abs/1903.10396",
      "https://arxiv.org/abs/1903.10396/",
      "https://arxiv.org/abs/1903.10396#section2",
      "https://arxiv.org/abs/1903.10396?context=cs",
      "  https://arxiv.org/abs/1903.10396  ",
    ]) {
      assert.equal(urlKey(url), "arxiv:1903.10396", url);
    }
  });

  test("five-digit ids and different papers stay distinct", () => {
    assert.equal(urlKey("https://arxiv.org/abs/2106.01234"), "arxiv:2106.01234");
    assert.equal(urlKey("https://arxiv.org/abs/2106.012345"), "arxiv.org/abs/2106.012345");
    assert.notEqual(urlKey("https://arxiv.org/abs/1903.10396"), urlKey("https://arxiv.org/abs/1903.10397"));
  });

  test("a look-alike host is not arXiv", () => {
    assert.equal(urlKey("https://notarxiv.org/abs/1903.10396"), "notarxiv.org/abs/1903.10396");
  });
});

describe("arxivId", () => {
  test("new-style ids from links and bare ids", () => {
    assert.equal(arxivId("https://arxiv.org/abs/1903.10396v2"), "1903.10396");
    assert.equal(arxivId("https://arxiv.org/pdf/2001.08361.pdf"), "2001.08361");
    assert.equal(arxivId("1903.10396"), "1903.10396");
    assert.equal(arxivId("1903.10396v4"), "1903.10396");
    assert.equal(arxivId("arXiv:1903.10396"), "1903.10396");
  });

  test("old-style ids keep their archive", () => {
    assert.equal(arxivId("https://arxiv.org/abs/cs/0112017"), "cs/0112017");
    assert.equal(arxivId("https://arxiv.org/abs/cs/0112017v1"), "cs/0112017");
    assert.equal(arxivId("https://arxiv.org/pdf/hep-th/9901001.pdf"), "hep-th/9901001");
    assert.equal(arxivId("http://arxiv.org/abs/math.GT/0309136"), "math.gt/0309136");
    assert.equal(urlKey("https://arxiv.org/pdf/cs/0112017v2.pdf"), "arxiv:cs/0112017");
  });

  test("not arXiv", () => {
    for (const text of [
      "",
      "https://example.org/abs/1903.10396",
      "https://arxiv.org/list/cs.AI/recent",
      "1903.103",
      "see 1903.10396",
    ]) {
      assert.equal(arxivId(text), null, text);
    }
  });
});

describe("urlKey: other links", () => {
  test("http and https, www., m. and host case are one key", () => {
    const key = urlKey("https://example.org/post");
    assert.equal(key, "example.org/post");
    for (const url of [
      "http://example.org/post",
      "https://www.example.org/post",
      "https://m.example.org/post",
      "HTTPS://Example.ORG/post",
      "example.org/post",
      "www.example.org/post",
    ]) {
      assert.equal(urlKey(url), key, url);
    }
  });

  test("the path keeps its case", () => {
    assert.notEqual(urlKey("https://example.org/Post"), urlKey("https://example.org/post"));
  });

  test("a trailing slash and index.html do not matter", () => {
    assert.equal(urlKey("https://example.org/posts/"), "example.org/posts");
    assert.equal(urlKey("https://example.org/posts//"), "example.org/posts");
    assert.equal(urlKey("https://example.org/posts/index.html"), "example.org/posts");
    assert.equal(urlKey("https://example.org/"), "example.org");
    assert.equal(urlKey("https://example.org"), "example.org");
  });

  test("tracking parameters are removed, others kept and sorted", () => {
    assert.equal(
      urlKey("https://example.org/p?utm_source=twitter&utm_medium=social&utm_campaign=x&fbclid=abc&gclid=1"),
      "example.org/p",
    );
    assert.equal(urlKey("https://example.org/p?id=7&utm_source=rss"), "example.org/p?id=7");
    assert.equal(urlKey("https://example.org/p?b=2&a=1"), urlKey("https://example.org/p?a=1&b=2"));
    assert.equal(urlKey("https://example.org/p?b=2&a=1"), "example.org/p?a=1&b=2");
    assert.equal(urlKey("https://www.youtube.com/watch?v=abc&si=xyz"), "youtube.com/watch?v=abc");
  });

  test("different meaningful parameters stay different", () => {
    assert.notEqual(urlKey("https://example.org/p?id=1"), urlKey("https://example.org/p?id=2"));
  });

  test("fragments are dropped", () => {
    assert.equal(urlKey("https://example.org/post#comments"), "example.org/post");
    assert.equal(urlKey("https://example.org/post?x=1#comments"), "example.org/post?x=1");
  });

  test("not a usable http(s) URL gives null", () => {
    for (const text of [
      "",
      "   ",
      "mailto:rohin@example.org",
      "ftp://example.org/file",
      "javascript:alert(1)",
      "file:///etc/passwd",
      "data:text/plain,hello",
      "not a url",
      "https://",
    ]) {
      assert.equal(urlKey(text), null, JSON.stringify(text));
    }
  });

  test("is idempotent on keys of plain links", () => {
    for (const url of ["https://www.example.org/a/b/?utm_source=x&q=1#f", "http://example.org/"]) {
      const key = urlKey(url)!;
      assert.equal(urlKey(key), key, url);
    }
  });
});
