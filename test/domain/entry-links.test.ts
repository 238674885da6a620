import assert from "node:assert/strict";
import { test } from "node:test";
import { entryLinks, urlsIn } from "../../src/domain/entry-links.ts";
import { within } from "../helpers/timing.ts";

test("URLs in Markdown: links, autolinks and bare URLs, without the sentence around them", () => {
  assert.deepEqual(
    urlsIn(
      "See [the paper](https://arxiv.org/abs/1811.07871). Also <https://example.org/a>, and https://x.org/b_(c) (or https://y.org/d).",
    ),
    ["https://arxiv.org/abs/1811.07871", "https://example.org/a", "https://x.org/b_(c)", "https://y.org/d"],
  );
  assert.deepEqual(urlsIn("As arXiv:1811.07871v2 shows"), ["arXiv:1811.07871"]);
  assert.deepEqual(urlsIn("No links here."), []);
});

test("an entry's links: each once per field, with the link cells; its own URL is not among them", () => {
  const links = entryLinks({
    summary: "[paper](https://arxiv.org/abs/1811.07871) and [pdf](https://arxiv.org/pdf/1811.07871v2)",
    opinion: "",
    prerequisites: "",
    prerequisites_url: "https://doi.org/10.1038/nature14236",
    read_more: "[post](https://www.lesswrong.com/posts/FkMPXiomjGBjMfosg/x)",
    read_more_url: "https://www.alignmentforum.org/posts/FkMPXiomjGBjMfosg",
  });
  assert.deepEqual(links, [
    { key: "arxiv:1811.07871", field: "summary" },
    { key: "doi:10.1038/nature14236", field: "prerequisites" },
    { key: "lw-post:FkMPXiomjGBjMfosg", field: "read_more" },
  ]);
});

test("long runs of punctuation or parentheses in a URL take linear time (found by the fuzz test)", async () => {
  // Each of these took seconds (quadratic trimming) before; linear code takes a few ms.
  const n = 100_000;
  for (const [run, expected] of [
    ["_", `http://example.org/${"_".repeat(n)}x`],
    [".", `http://example.org/${".".repeat(n)}x`],
    [")", "http://example.org/"],
    [".)", "http://example.org/"],
  ] as const) {
    const text = `See http://example.org/${run.repeat(n / run.length)}${expected.endsWith("x") ? "x" : ""}.`;
    assert.deepEqual(await within(250, `${JSON.stringify(run)} x ${n}`, () => urlsIn(text)), [expected]);
  }
  assert.deepEqual(urlsIn("[a](https://x.org/a_(b)))."), ["https://x.org/a_(b)"]);
  assert.deepEqual(urlsIn("(see https://x.org/a_(b)_c)..)"), ["https://x.org/a_(b)_c"]);
});
