import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SummaError } from "../../src/domain/errors.ts";
import { checkSiteUrl, parseSiteUrl } from "../../src/domain/site-url.ts";

describe("the site's address (newsletter.site_url)", () => {
  test("an absolute http(s) URL with a host, normalized without trailing slashes", () => {
    assert.equal(parseSiteUrl("https://news.example.org"), "https://news.example.org");
    assert.equal(parseSiteUrl(" https://News.Example.org/an// "), "https://news.example.org/an");
    assert.equal(parseSiteUrl("http://127.0.0.1:3000/"), "http://127.0.0.1:3000");
    assert.equal(parseSiteUrl("https://[::1]:8443/news"), "https://[::1]:8443/news");
  });

  test("anything else is refused with config.invalid naming the setting, the value and the problem", () => {
    const cases: [string, RegExp][] = [
      ["javascript:alert(1)//", /must start with https:\/\/ or http:\/\//],
      ["data:text/html,<script>", /must start with https:\/\//],
      ["ftp://files.example.org", /must start with https:\/\//],
      ["news.example.org", /not an absolute URL/],
      ["/relative/path", /not an absolute URL/],
      ["https://user:secret@news.example.org", /user name or password/],
      ["https://news.example.org/?ref=mail", /query .* or fragment/],
      ["https://news.example.org/#top", /query .* or fragment/],
      ["https://news.example.org/?", /query/],
      ["https://news example.org", /spaces or control characters/],
      ["https://news.example.org/\u0000", /control characters/],
      ["", /empty/],
    ];
    for (const [value, problem] of cases) {
      assert.equal(checkSiteUrl(value).ok, false, value);
      assert.throws(
        () => parseSiteUrl(value),
        (err: unknown) => {
          assert.ok(err instanceof SummaError);
          assert.equal(err.code, "config.invalid");
          assert.match(err.message, /^newsletter\.site_url "/);
          assert.match(err.message, problem, value);
          return true;
        },
      );
    }
  });
});
