import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { arxivId, urlKey } from "../../src/domain/url-key.ts";
import { within } from "../helpers/timing.ts";

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

describe("urlKey: identifiers", () => {
  test("bare arXiv ids, with a version or an arXiv: prefix, are the paper", () => {
    for (const id of [
      "1811.07871",
      "1811.07871v2",
      "arXiv:1811.07871",
      "arXiv:1811.07871v2",
      "ARXIV:1811.07871",
    ])
      assert.equal(urlKey(id), "arxiv:1811.07871", id);
  });

  test("DOI links, doi: prefixes and bare DOIs are one key, case aside", () => {
    for (const doi of [
      "https://doi.org/10.1038/nature14236",
      "http://dx.doi.org/10.1038/nature14236",
      "doi.org/10.1038/NATURE14236",
      "doi:10.1038/nature14236",
      "DOI: 10.1038/nature14236",
      "10.1038/nature14236",
      "https://doi.org/10.1038%2Fnature14236",
    ])
      assert.equal(urlKey(doi), "doi:10.1038/nature14236", doi);
    assert.notEqual(urlKey("10.1038/nature14236"), urlKey("10.1038/nature14237"));
  });

  test("LessWrong, Alignment Forum and GreaterWrong posts are one key by post id", () => {
    const key = "lw-post:FkMPXiomjGBjMfosg";
    for (const url of [
      "https://www.alignmentforum.org/posts/FkMPXiomjGBjMfosg/axrp-episode-5-infra-bayesianism-with-vanessa-kosoy",
      "https://www.lesswrong.com/posts/FkMPXiomjGBjMfosg/axrp-episode-5-infra-bayesianism-with-vanessa-kosoy",
      "https://www.lesswrong.com/posts/FkMPXiomjGBjMfosg/any-other-slug",
      "https://alignmentforum.org/posts/FkMPXiomjGBjMfosg",
      "https://www.greaterwrong.com/posts/FkMPXiomjGBjMfosg/axrp-episode-5",
      "https://www.alignmentforum.org/s/knbhjv252HshMSwpt/p/FkMPXiomjGBjMfosg",
      "http://www.lesswrong.com/posts/FkMPXiomjGBjMfosg/slug/?utm_source=x#comments",
      "https://www.lesswrong.com/posts/FkMPXiomjGBjMfosg/slug?commentId=abc",
    ])
      assert.equal(urlKey(url), key, url);
    assert.equal(
      urlKey("https://www.lesswrong.com/posts/5bd75cc58225bf06703754ce/old"),
      "lw-post:5bd75cc58225bf06703754ce",
    );
    assert.equal(
      urlKey("https://forum.effectivealtruism.org/posts/42reWndoTEhFqu6T8/ai-governance"),
      "ea-post:42reWndoTEhFqu6T8",
      "the EA Forum has posts of its own",
    );
    assert.equal(
      urlKey("https://www.alignmentforum.org/s/kxs3eeEti9ouwWFzr"),
      "alignmentforum.org/s/kxs3eeEti9ouwWFzr",
    );
  });
});

describe("urlKey: long inputs (found by the fuzz test)", () => {
  test("runs of slashes or closing punctuation take linear time", async () => {
    // Each took about a second or more (quadratic trimming of a run that does not end the text).
    const n = 100_000;
    for (const [input, expected] of [
      // Too long for an index row (keys.ts KEY_MAX_BYTES): no key, but found in linear time.
      [`http://example.org/${"/".repeat(n)}x`, null],
      [`http://example.org/a${"/".repeat(n)}`, "example.org/a"],
      [`10.1234/${")".repeat(n)}x`, null],
      [`10.1234/abc${")".repeat(n)}`, "doi:10.1234/abc"],
      [`https://www.lesswrong.com/posts/abcdefghijklmnopq${"/".repeat(n)}`, "lw-post:abcdefghijklmnopq"],
    ] as const) {
      assert.equal(await within(250, `${input.slice(0, 30)}...`, () => urlKey(input)), expected);
    }
  });
});
