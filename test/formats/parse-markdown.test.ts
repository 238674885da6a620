import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Taxonomy } from "../../src/domain/taxonomy.ts";
import { parseIssueMarkdown } from "../../src/formats/parse/index.ts";
import { renderIssueMarkdown } from "../../src/formats/render/markdown.ts";
import { issueEntry, issueView, TEST_NEWSLETTER } from "../helpers/issue-view.ts";

const TAXONOMY: Taxonomy = [
  { name: "Technical AI alignment", categories: ["Interpretability", "Learning human intent"] },
  { name: "Other progress in AI", categories: ["Deep learning"] },
];
const parse = (md: string) => parseIssueMarkdown(md, TAXONOMY, TEST_NEWSLETTER);

const RENDERED = `Welcome to **this** issue.

# HIGHLIGHTS

**[Is Robustness \\[at\\] the Cost of Accuracy?](https://example.org/r%28x%29)** *(Dong Su et al)* (summarized by Dan H): A summary with **bold**, _italics_ and a [link](https://example.org/l).

- a list
  - nested
- items

**Dan H's opinion:** First paragraph.

Second paragraph.

**Prerequisites:** [Adversarial examples](https://example.org/adv)

**Read more:** [Paper](https://example.org/paper)

---

**Just a title**

# TECHNICAL AI ALIGNMENT

## INTERPRETABILITY

**[Attention is not Explanation](https://arxiv.org/abs/1902.10186)** *(Sarthak Jain et al)*: This paper explores attention.

**GPT-3** *(Brown et al)*: a paragraph that looks like a header, inside the summary.

**Rohin's opinion:** Weak.

**Richard's opinion:** Agreed, with **Rohin's opinion:** quoted.
`;

describe("parseIssueMarkdown: the Markdown renderer's layout", () => {
  const parsed = parse(RENDERED);

  test("entries, in order, under their headings; the intro is the Markdown before them", () => {
    assert.equal(parsed.intro, "Welcome to **this** issue.");
    assert.deepEqual(
      parsed.entries.map((e) => [e.title, e.highlight, e.section, e.category]),
      [
        ["Is Robustness [at] the Cost of Accuracy?", true, "", ""],
        ["Just a title", true, "", ""],
        ["Attention is not Explanation", false, "Technical AI alignment", "Interpretability"],
      ],
    );
    assert.deepEqual(parsed.warnings, []);
  });

  test("the header is unescaped; the link keeps its percent-escapes; the fields stay Markdown", () => {
    const [e] = parsed.entries;
    assert.equal(e!.url, "https://example.org/r%28x%29");
    assert.equal(e!.authors, "Dong Su et al");
    assert.equal(e!.summarizer, "Dan H");
    assert.equal(
      e!.summary,
      "A summary with **bold**, _italics_ and a [link](https://example.org/l).\n\n- a list\n  - nested\n- items",
    );
    assert.equal(e!.opinionAuthor, "Dan H");
    assert.equal(e!.opinion, "First paragraph.\n\nSecond paragraph.");
    assert.equal(e!.prerequisites, "[Adversarial examples](https://example.org/adv)");
    assert.equal(e!.readMore, "[Paper](https://example.org/paper)");
  });

  test("a link-only entry with neither link nor authors is its bold title", () => {
    const e = parsed.entries[1]!;
    assert.deepEqual([e.url, e.authors, e.summary, e.opinion], ["", "", "", ""]);
  });

  test("a header-like paragraph and an embedded opinion label stay inside the entry", () => {
    const e = parsed.entries[2]!;
    assert.equal(
      e.summary,
      "This paper explores attention.\n\n**GPT-3** *(Brown et al)*: a paragraph that looks like a header, inside the summary.",
    );
    assert.equal(e.opinionAuthor, "Rohin");
    assert.equal(e.opinion, "Weak.\n\n**Richard's opinion:** Agreed, with **Rohin's opinion:** quoted.");
  });
});

describe("parseIssueMarkdown: edge cases", () => {
  test("a rule, a fenced block and a heading of a summary's own stay in the entry", () => {
    const parsed = parse(`## DEEP LEARNING

**[A](https://example.org/a)** *(Ann)*: Before the rule.

---

After the rule.

\`\`\`
# not a heading

---
\`\`\`

## Results

More.

---

**[B](https://example.org/b)** *(Bob)*
`);
    assert.equal(parsed.entries.length, 2);
    assert.equal(
      parsed.entries[0]!.summary,
      "Before the rule.\n\n---\n\nAfter the rule.\n\n```\n# not a heading\n\n---\n```\n\n## Results\n\nMore.",
    );
    assert.deepEqual(parsed.warnings, []);
  });

  test("an unknown heading before an entry is reported and names its entries", () => {
    const parsed = parse("# ELSEWHERE\n\n**[A](https://example.org/a)** *(Ann)*: S.\n");
    assert.equal(parsed.entries[0]!.section, "ELSEWHERE");
    assert.match(parsed.warnings[0]!, /unknown heading "ELSEWHERE"/);
  });

  test("a title made of links is kept as Markdown, with no link of its own", () => {
    const parsed = parse(
      "## INTERPRETABILITY\n\n**[A](https://example.org/a) and [B](https://example.org/b)** *(Chris)*: Two posts.\n",
    );
    assert.deepEqual(
      [parsed.entries[0]!.title, parsed.entries[0]!.url],
      ["[A](https://example.org/a) and [B](https://example.org/b)", ""],
    );
  });

  test("a foreign post without separators: each header-like paragraph starts an entry", () => {
    const parsed = parse(`# Highlights

[Title A](https://example.org/a) (Ann Author): Summary A.

**Rohin's opinion**: Opinion A.

**[Title B](https://example.org/b)** *(Bob)* (summarized by Cody): Summary B.

Still B.
`);
    assert.deepEqual(
      parsed.entries.map((e) => [e.title, e.authors, e.summarizer, e.summary, e.opinionAuthor, e.opinion]),
      [
        ["Title A", "Ann Author", null, "Summary A.", "Rohin", "Opinion A."],
        ["Title B", "Bob", "Cody", "Summary B.\n\nStill B.", "", ""],
      ],
    );
  });

  test("empty input gives no entries and says so", () => {
    const parsed = parse("\n\n");
    assert.deepEqual(parsed.entries, []);
    assert.ok(parsed.warnings.includes("the input is empty"));
  });

  test("what the renderer writes comes back exactly", () => {
    const view = issueView([
      issueEntry({
        title: "Odd *title* with [brackets] and #hash",
        authors: [
          { name: "A_B", equalContribution: false },
          { name: "C", equalContribution: false },
        ],
        summarizers: ["Rohin", "Robert"],
        summary: "Line one\nline two.\n\n1. x\n2. y",
        opinion: "Mine.\n\n**Rohin's opinion:** embedded.",
      }),
    ]);
    const [e] = parse(renderIssueMarkdown(view)).entries;
    assert.equal(e!.title, "Odd *title* with [brackets] and #hash");
    assert.equal(e!.authors, "A_B et al");
    assert.equal(e!.summarizer, "Rohin and Robert");
    assert.equal(e!.opinionAuthor, "Rohin and Robert");
    assert.equal(e!.summary, "Line one\nline two.\n\n1. x\n2. y");
    assert.equal(e!.opinion, "Mine.\n\n**Rohin's opinion:** embedded.");
  });
});
