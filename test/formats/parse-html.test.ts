import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseDocument } from "htmlparser2";
import type { Taxonomy } from "../../src/domain/taxonomy.ts";
import { toMarkdown } from "../../src/formats/parse/html-to-markdown.ts";
import { parseIssueHtml } from "../../src/formats/parse/index.ts";
import { renderIssueHtml } from "../../src/formats/render/html.ts";
import { markdown } from "../../src/formats/render/markdown-engine.ts";
import { issueEntry, issueView, TEST_NEWSLETTER } from "../helpers/issue-view.ts";

const TAXONOMY: Taxonomy = [
  { name: "Technical AI alignment", categories: ["Interpretability", "Learning human intent"] },
  { name: "Other progress in AI", categories: ["Deep learning"] },
];
const parse = (html: string) => parseIssueHtml(html, TAXONOMY, TEST_NEWSLETTER);
const back = (html: string) => toMarkdown(parseDocument(html).children);
const normalized = (html: string) => html.replace(/\s+/g, " ").replace(/>\s+</g, "><").trim();

describe("HTML back to Markdown", () => {
  test("paragraphs, nested and numbered lists, links, bold and italics", () => {
    assert.equal(
      back(
        '<p>A <strong>bold</strong> and <em>italic</em> <a href="https://example.org/x">link</a>.</p>\n' +
          '<ul>\n<li>one\n<ul>\n<li>nested</li>\n</ul>\n</li>\n<li>two</li>\n</ul>\n<ol start="3">\n<li>three</li>\n</ol>',
      ),
      "A **bold** and _italic_ [link](https://example.org/x).\n\n- one\n  - nested\n- two\n\n3. three",
    );
  });

  test("text that would read as Markdown is escaped", () => {
    assert.equal(
      back("<p>1. not a list, *not emphasis*, [not a link], #not-a-heading</p>"),
      "1\\. not a list, \\*not emphasis\\*, \\[not a link\\], \\#not-a-heading",
    );
  });

  // Whatever the Markdown engine writes must come back as Markdown that it writes the same way.
  const SAMPLES = [
    "Plain, with **bold**, _em_, `code`, ~~struck~~ and a [link](https://example.org/a_b) (AN #53).",
    "Intra**word**bold and intra*word*em; ***both***; **_nested_**; _**nested**_; *x*y.",
    "**Q** function **Q*** and **d(s*, s')** and *|Q*-Q|*.",
    "$x_1 * y_2$ is math; $5 and $10 is money; 2 * 3 = 6; a_b_c; <angle> & ampersand &copy;",
    "- a\n- b\n\n1. first\n2. second\n\n1. restarted?\n\n3) three\n4) four",
    "1. loose\n\n   with a second paragraph\n\n2. item\n   - nested tight\n   - list",
    "> a quote\n>\n> - with a list\n\nThen `` a ` tick `` and a line  \nbreak and a backslash\\\nbreak.",
    "```js\nconst x = 1;\n\n// ``` inside\n```\n\n    indented code\n\n---\n\n## A heading\n\n| a | b |\n|---|:-:|\n| 1 | 2 |",
    "A [link with (parens)](https://example.org/a%20b/(c)) and ![an image](https://example.org/i.png) and [empty]().",
    "Ends with a bang! [then a link](https://example.org/) and - dash\\\n- after a break; Wow![no image](https://example.org/)",
  ];
  for (const md of SAMPLES) {
    test(`renders the same after the round trip: ${JSON.stringify(md.slice(0, 40))}`, () => {
      const html = markdown.render(md);
      assert.equal(normalized(markdown.render(back(html))), normalized(html));
    });
  }
});

describe("parseIssueHtml: the renderer's structure", () => {
  const view = issueView([
    issueEntry({
      title: "Attention is not <Explanation>",
      url: "https://arxiv.org/abs/1902.10186",
      highlight: true,
      summarizers: ["Richard"],
      summary:
        "- starts with a list\n  - nested\n\nThen **bold** and a [link](https://example.org/l).\n\n**GPT-3** *(Brown et al)*: looks like a header.",
      opinion: "Weak.\n\n**Rohin's opinion:** embedded.",
      prerequisites: "[P](https://example.org/p)",
      readMore: "[R](https://example.org/r)",
    }),
    issueEntry({
      title: "Link only",
      category: "Deep learning",
      summary: "",
      opinion: "",
      url: "https://example.org/lo",
    }),
  ]);
  const parsed = parse(renderIssueHtml(view));

  test("the page's number, and entries under their headings", () => {
    assert.equal(parsed.number, 53);
    assert.deepEqual(
      parsed.entries.map((e) => [e.title, e.highlight, e.section, e.category]),
      [
        ["Attention is not <Explanation>", true, "", ""],
        ["Link only", false, "Other progress in AI", "Deep learning"],
      ],
    );
    assert.deepEqual(parsed.warnings, []);
  });

  test("fields come back as Markdown, without the header or the labels", () => {
    const [e] = parsed.entries;
    assert.equal(e!.url, "https://arxiv.org/abs/1902.10186");
    assert.equal(e!.authors, "Ada Lovelace");
    assert.equal(e!.summarizer, "Richard");
    assert.equal(
      e!.summary,
      "- starts with a list\n  - nested\n\nThen **bold** and a [link](https://example.org/l).\n\n**GPT-3** _(Brown et al)_: looks like a header.",
    );
    assert.equal(e!.opinionAuthor, "Richard");
    assert.equal(e!.opinion, "Weak.\n\n**Rohin's opinion:** embedded.");
    assert.equal(e!.prerequisites, "[P](https://example.org/p)");
    assert.equal(e!.readMore, "[R](https://example.org/r)");
  });

  test("a link-only entry has only its header", () => {
    const e = parsed.entries[1]!;
    assert.deepEqual([e.url, e.summary, e.opinion, e.opinionAuthor], ["https://example.org/lo", "", "", ""]);
  });

  test("an unknown category heading is reported", () => {
    const html =
      '<section class="section"><h2>Technical AI alignment</h2><section class="category"><h3>Oddities</h3>' +
      '<article class="entry"><div class="entry-summary"><p><span class="entry-head"><a class="entry-title" href="https://example.org/o">O</a></span>: S.</p></div></article></section></section>';
    const p = parse(html);
    assert.deepEqual([p.entries[0]!.section, p.entries[0]!.category], ["Technical AI alignment", "Oddities"]);
    assert.match(p.warnings[0]!, /unknown heading "Oddities"/);
  });

  test("foreign HTML without the structure is read as Markdown", () => {
    const p = parse(
      "<html><body><h1>Highlights</h1><p><strong><a href='https://example.org/a'>Title A</a></strong> <em>(Ann Author)</em>: Summary <em>A</em>.</p>" +
        "<p><strong>Rohin's opinion:</strong> Fine.</p><h2>Deep learning</h2><p><a href='https://example.org/b'>Title B</a> (Bob): B.</p></body></html>",
    );
    assert.deepEqual(
      p.entries.map((e) => [e.title, e.url, e.authors, e.highlight, e.category, e.summary, e.opinion]),
      [
        ["Title A", "https://example.org/a", "Ann Author", true, "", "Summary _A_.", "Fine."],
        ["Title B", "https://example.org/b", "Bob", false, "Deep learning", "B.", ""],
      ],
    );
  });

  test("empty input gives no entries and says so", () => {
    const p = parse("");
    assert.deepEqual(p.entries, []);
    assert.ok(p.warnings.includes("the input is empty"));
  });
});
