import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { composeIssue, type IssueEntry } from "../../src/domain/issue.ts";
import { renderIssueHtml } from "../../src/formats/render/html.ts";
import { buildIssueView, type IssueView } from "../../src/formats/render/issue-view.ts";
import { renderIssueMarkdown } from "../../src/formats/render/markdown.ts";
import { markdownToText } from "../../src/formats/render/plain-text.ts";
import { renderIssueText } from "../../src/formats/render/text.ts";
import { issueEntry, TEST_NEWSLETTER, TEST_TAXONOMY } from "../helpers/issue-view.ts";

/** A view with one cross-reference target, "Earlier work" (AN #3). */
function view(entries: IssueEntry[], intro = ""): IssueView {
  const composed = composeIssue(
    TEST_NEWSLETTER,
    { number: 7, date: "2019-04-24", subject: "A subject", intro, url: "" },
    entries,
    TEST_TAXONOMY,
  );
  return buildIssueView(composed, (t) =>
    t.toLowerCase() === "earlier work"
      ? { url: "https://e.org/earlier", issueLabel: "AN #3", issueUrl: "https://mail.example/3" }
      : undefined,
  );
}
const entry = issueEntry;

describe("Markdown as plain text", () => {
  test("emphasis dropped, links written out, nested lists indented, math literal", () => {
    const md =
      "A **bold** _move_ by [them](https://x.org/p).\n\n- one\n- two\n  - nested\n\nCost $x_1 * y_2$ and $5.";
    assert.equal(
      markdownToText(md),
      "A bold move by them <https://x.org/p>.\n\n- one\n- two\n  - nested\n\nCost $x_1 * y_2$ and $5.",
    );
  });
});

describe("Markdown tables and quotes as plain text", () => {
  test("table rows keep their cells; quotes keep their marker", () => {
    assert.equal(
      markdownToText("Results:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted **text**\n\nAfter."),
      "Results:\n\na | b\n1 | 2\n\n> quoted text\n\nAfter.",
    );
  });

  test("a list indented by four spaces after a blank line is still a list, not code", () => {
    assert.equal(
      markdownToText("Some points:\n\n    - first\n    - second"),
      "Some points:\n\n- first\n- second",
    );
  });
});

describe("rendering an issue", () => {
  const v = view(
    [
      entry({
        title: "Attention is not Explanation",
        url: "https://arxiv.org/abs/1902.10186",
        authors: [
          { name: "Sarthak Jain", equalContribution: false },
          { name: "Byron Wallace", equalContribution: false },
        ],
        summarizers: ["Richard"],
        summary: "First paragraph builds on <@Earlier work@>.\n\nSecond with **bold** and $\\alpha_1$.",
        opinion: "I like it.",
        readMore: "Code",
        readMoreUrl: "https://github.com/x/y",
      }),
      entry({ title: "Link only paper", url: "https://x.org/l", summary: "", opinion: "", summarizers: [] }),
      entry({
        title: "By the editor",
        category: "Learning human intent",
        summarizers: ["Rohin"],
        summary: "S.",
        opinion: "O.",
      }),
    ],
    "Welcome to **this** issue.",
  );

  test("text: AN's entry format, credits, labels, separators and headings", () => {
    const text = renderIssueText(v);
    assert.match(
      text,
      /^Alignment Newsletter #7: A subject\n2019-04-24\n\nWelcome to this issue\.\n\nTECHNICAL AI ALIGNMENT\n=+\n\nINTERPRETABILITY\n-+\n\n/,
    );
    assert.match(
      text,
      /Attention is not Explanation <https:\/\/arxiv\.org\/abs\/1902\.10186> \(Sarthak Jain et al\) \(summarized by Richard\): First paragraph builds on Earlier work <https:\/\/e\.org\/earlier> \(AN #3 <https:\/\/mail\.example\/3>\)\.\n\nSecond with bold and \$\\alpha_1\$\.\n\nRichard's opinion: I like it\.\n\nRead more: Code <https:\/\/github\.com\/x\/y>\n\n----\n\nLink only paper <https:\/\/x\.org\/l> \(Sarthak Jain\)|Link only paper <https:\/\/x\.org\/l> \(Ada Lovelace\)/,
    );
    assert.match(text, /By the editor <[^>]+> \(Ada Lovelace\): S\.\n\nRohin's opinion: O\./);
    assert.doesNotMatch(text, /summarized by Rohin/);
  });

  test("markdown: headings, bold labels, links, entry separators", () => {
    const md = renderIssueMarkdown(v);
    assert.match(
      md,
      /^Welcome to \*\*this\*\* issue\.\n\n# TECHNICAL AI ALIGNMENT\n\n## INTERPRETABILITY\n\n\*\*\[Attention is not Explanation\]\(https:\/\/arxiv\.org\/abs\/1902\.10186\)\*\* \*\(Sarthak Jain et al\)\* \(summarized by Richard\): First paragraph builds on \[Earlier work\]\(https:\/\/e\.org\/earlier\) \(\[AN #3\]\(https:\/\/mail\.example\/3\)\)\./,
    );
    assert.match(md, /\*\*Richard's opinion:\*\* I like it\./);
    assert.match(md, /\*\*Read more:\*\* \[Code\]\(https:\/\/github\.com\/x\/y\)/);
    assert.match(md, /\n\n---\n\n\*\*\[Link only paper\]/);
  });

  test("html: semantic structure, label run into the first paragraph, math literal", () => {
    const html = renderIssueHtml(v);
    assert.match(
      html,
      /<article class="entry" id="entry-\d+">\n<div class="entry-summary"><p><span class="entry-head"><a class="entry-title" href="https:\/\/arxiv\.org\/abs\/1902\.10186">Attention is not Explanation<\/a> <span class="entry-authors">\(Sarthak Jain et al\)<\/span> <span class="entry-summarizer">\(summarized by Richard\)<\/span><\/span>: First paragraph/,
    );
    assert.match(html, /<span class="math">\$\\alpha_1\$<\/span>/);
    assert.match(html, /<article class="entry link-only"/);
    assert.match(html, /<strong class="entry-label">Richard's opinion:<\/strong> I like it\./);
  });

  test("text from the database is escaped and links are restricted to http(s) and mailto", () => {
    const evil = view([
      entry({
        title: '<script>alert(1)</script>"><img src=x onerror=alert(2)>',
        url: "javascript:alert(3)",
        authors: [{ name: "<b>Mallory</b>", equalContribution: false }],
        summarizers: ['"><svg onload=alert(4)>'],
        summary:
          "Click [here](javascript:alert(5)) or <img src=x onerror=alert(6)> and [ok](https://ok.org).",
        opinion: "<script>alert(7)</script>",
        readMore: "x",
        readMoreUrl: "javascript:alert(8)",
      }),
    ]);
    const html = renderIssueHtml(evil);
    assert.doesNotMatch(html, /<script>alert|<img src=x|<svg|<b>Mallory|href="javascript:/i);
    assert.match(
      html,
      /&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;/,
    );
    assert.match(html, /<a href="https:\/\/ok\.org">ok<\/a>/);
    assert.match(html, /<span class="entry-title">/, "an unsafe title URL becomes no link");
  });

  test("deterministic: the same view renders to the same bytes", () => {
    assert.equal(renderIssueText(v), renderIssueText(v));
    assert.equal(renderIssueHtml(v), renderIssueHtml(v));
    assert.equal(renderIssueMarkdown(v), renderIssueMarkdown(v));
  });
});
