import assert from "node:assert/strict";
import { describe, test } from "node:test";
import MarkdownIt from "markdown-it";
import { isSafeLink, isWebAddress } from "../../src/domain/url-rule.ts";
import { renderIssueMarkdown } from "../../src/formats/render/markdown.ts";
import { safeMarkdown } from "../../src/formats/render/markdown-safe.ts";
import { renderIssueText } from "../../src/formats/render/text.ts";
import { issueEntry, issueView } from "../helpers/issue-view.ts";

const JS = "javascript:alert(1)";
const IMG = "<img src=x onerror=alert(1)>";

/** An issue whose entry carries every kind of unsafe link and markup the sheet could hold. */
function unsafeView() {
  return issueView(
    [
      issueEntry({
        title: "A paper",
        url: JS,
        summary: `See [title](${JS}) and ![pic](data:image/svg+xml,x) and ${IMG} and <a href="${JS}">raw</a> and <${JS}>.\n\n[ref]: ${JS}\n\nSee [a ref][ref], [entity](&#106;avascript:alert(2)) and [spaced]( <${JS}> ). Keep [this](https://example.org/a_(b)) and <https://example.org/auto>.`,
        opinion:
          "Fine \u001b[31mred\u001b[0m \u202eevil\u202c, `<b>code</b>` and\n\n```\n<script>x</script>\n```",
      }),
    ],
    { url: JS },
  );
}

describe("Markdown and text renders drop what the HTML renderer drops", () => {
  test("the Markdown cross-post holds no unsafe link and no raw HTML", () => {
    const md = renderIssueMarkdown(unsafeView());
    assert.doesNotMatch(md, /\]\(\s*<?\s*(javascript|data|&#)/i, "no unsafe inline link or image");
    assert.doesNotMatch(md, /\]:\s*javascript/i, "no unsafe reference definition");
    const outsideCode = md.replace(/```[\s\S]*?```/g, "").replace(/`[^`]*`/g, "");
    assert.doesNotMatch(outsideCode, /<(img|a|script)\b/i, "no raw HTML outside code");
    assert.doesNotMatch(md, /<javascript:/i, "no unsafe autolink");
    assert.ok(!md.includes("[A paper]("), "the title is not linked to a javascript: URL");
    // What is safe is kept as written.
    assert.ok(md.includes("[this](https://example.org/a_(b))"));
    assert.ok(md.includes("<https://example.org/auto>"));
    assert.ok(md.includes("`<b>code</b>`"), "code spans are left alone");
    assert.ok(md.includes("```\n<script>x</script>\n```"), "fenced code is left alone");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be absent
    assert.doesNotMatch(md, /[\u001b\u202e\u202c]/, "no control characters");
    // The text is still there, for a reader.
    assert.ok(md.includes("&lt;img src=x onerror=alert(1)>"));
  });

  test("a forum's Markdown renderer, raw HTML on and any link allowed, makes no element or link of them", () => {
    const forum = new MarkdownIt({ html: true });
    forum.validateLink = () => true;
    const html = forum.render(renderIssueMarkdown(unsafeView()));
    assert.doesNotMatch(html, /href="(?!https:)|src="data|<img|<a href="javascript/i);
    assert.match(html, /<a href="https:\/\/example.org\/a_\(b\)">this<\/a>/);
  });

  test("safeMarkdown is idempotent and leaves ordinary Markdown alone", () => {
    const md = renderIssueMarkdown(unsafeView());
    assert.equal(safeMarkdown(md), md);
    const plain = "**Bold** [link](https://arxiv.org/abs/1811.07871) <@Title@> a < b, 3 > 2, `x<y`\n";
    assert.equal(safeMarkdown(plain), plain);
  });

  test("the text render writes no unsafe address and no control characters", () => {
    const text = renderIssueText(unsafeView());
    // Plain text has no markup: the summary's own text stays as the HTML page shows it, but no
    // address outside the URL rule is written out as a link (`title <url>`).
    assert.ok(!text.includes(`A paper <${JS}>`), "the entry's javascript: URL is not written out");
    assert.ok(!text.includes("View this issue online"), "the issue's unsafe URL is left out");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be absent
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
    assert.ok(text.includes("Fine [31mred[0m evil"), "the text around them stays");
  });

  test("the URL rule", () => {
    for (const ok of ["https://x.org", "http://x.org/a", "mailto:a@b.org", "HTTPS://X.ORG", " https://x.org"])
      assert.ok(isSafeLink(ok), ok);
    for (const bad of [
      JS,
      "java\tscript:x",
      "\u0001javascript:x",
      "data:text/html,x",
      "&#106;avascript:x",
      "/relative",
      "//evil.example",
      "vbscript:x",
      "file:///etc/passwd",
    ])
      assert.ok(!isSafeLink(bad), bad);
    assert.ok(isWebAddress("https://arxiv.org/abs/1811.07871"));
    for (const bad of ["mailto:a@b.org", JS, "https://x.org/a b", "arxiv.org/abs/1"])
      assert.ok(!isWebAddress(bad), bad);
  });
});
