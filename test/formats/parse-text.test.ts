import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Taxonomy } from "../../src/domain/taxonomy.ts";
import { detectIssueFormat, parseIssue, parseIssueText } from "../../src/formats/parse/index.ts";
import { renderIssue } from "../../src/issues/index.ts";
import { issueEntry, issueView, TEST_NEWSLETTER } from "../helpers/issue-view.ts";

const TAXONOMY: Taxonomy = [
  { name: "Technical AI alignment", categories: ["Interpretability", "Learning human intent"] },
  { name: "Other progress in AI", categories: ["Deep learning"] },
  { name: "News", categories: ["News"] },
];
const parse = (text: string) => parseIssueText(text, TAXONOMY, TEST_NEWSLETTER);

/** The text renderer's layout, written by hand. */
const RENDERED = `Alignment Newsletter #53
2019-04-10
View this issue online: <https://example.org/an-53>

Welcome! Cody Wild is now contributing summaries.

HIGHLIGHTS
==========

Attention is not Explanation <https://arxiv.org/abs/1902.10186> (Sarthak Jain et al) (summarized by Richard): This paper explores attention weights.

It has two findings.

Richard's opinion: I like this type of investigation.

But the conclusions are weak.

Prerequisites: Attention <https://example.org/attention>

Read more: The code <https://github.com/example/code>

TECHNICAL AI ALIGNMENT
======================

LEARNING HUMAN INTENT
---------------------

Conditional revealed preference <https://unstableontology.com/crp> (Jessica Taylor): When backing out preferences, context matters.

Rohin's opinion: The general point here comes up pretty often.

----

Parenting: Safe Reinforcement Learning from Human Input <http://arxiv.org/abs/1902.06766> (Christopher Frye et al)
`;

describe("parseIssueText: the text renderer's layout", () => {
  const parsed = parse(RENDERED);

  test("the masthead gives the number and link; the intro is what comes before the first heading", () => {
    assert.equal(parsed.number, 53);
    assert.equal(parsed.url, "https://example.org/an-53");
    assert.equal(parsed.intro, "Welcome! Cody Wild is now contributing summaries.");
    assert.deepEqual(parsed.warnings, []);
  });

  test("headings place entries: Highlights have no section, others the taxonomy's names", () => {
    assert.deepEqual(
      parsed.entries.map((e) => [e.highlight, e.section, e.category]),
      [
        [true, "", ""],
        [false, "Technical AI alignment", "Learning human intent"],
        [false, "Technical AI alignment", "Learning human intent"],
      ],
    );
  });

  test("a header gives title, link, authors and summarizer; labels give the other fields", () => {
    const [e] = parsed.entries;
    assert.equal(e!.title, "Attention is not Explanation");
    assert.equal(e!.url, "https://arxiv.org/abs/1902.10186");
    assert.equal(e!.authors, "Sarthak Jain et al");
    assert.equal(e!.summarizer, "Richard");
    assert.equal(e!.summary, "This paper explores attention weights.\n\nIt has two findings.");
    assert.equal(e!.opinionAuthor, "Richard");
    assert.equal(e!.opinion, "I like this type of investigation.\n\nBut the conclusions are weak.");
    assert.equal(e!.prerequisites, "Attention <https://example.org/attention>");
    assert.equal(e!.readMore, "The code <https://github.com/example/code>");
  });

  test("the editor's entries have no summarizer; a link-only entry has only its header", () => {
    const [, crp, link] = parsed.entries;
    assert.equal(crp!.summarizer, null);
    assert.equal(crp!.opinionAuthor, "Rohin");
    assert.deepEqual(
      [link!.title, link!.url, link!.authors, link!.summary, link!.opinion, link!.opinionAuthor],
      [
        "Parenting: Safe Reinforcement Learning from Human Input",
        "http://arxiv.org/abs/1902.06766",
        "Christopher Frye et al",
        "",
        "",
        "",
      ],
    );
  });
});

describe("parseIssueText: what must not start or end an entry", () => {
  test("a summary paragraph that looks like a header stays in its entry when entries are separated", () => {
    const parsed = parse(`DEEP LEARNING
-------------

A survey of language models <https://example.org/survey> (Ada Lovelace): Background first.

GPT-3 (Brown et al): a large language model, discussed at length.

----

Second paper <https://example.org/2> (Bob Smith)
`);
    assert.equal(parsed.entries.length, 2);
    assert.equal(
      parsed.entries[0]!.summary,
      "Background first.\n\nGPT-3 (Brown et al): a large language model, discussed at length.",
    );
    assert.equal(parsed.entries[1]!.title, "Second paper");
  });

  test("a second opinion inside the first stays in it, and another person's 'opinion:' in a summary is not one", () => {
    const parsed = parse(`INTERPRETABILITY
----------------

Probing <https://example.org/p> (Ann Lee) (summarized by Richard): Paul Christiano's opinion: framed as a quote.

Richard's opinion: Weak.

Rohin's opinion: I agree with Richard.
`);
    const [e] = parsed.entries;
    assert.equal(e!.summary, "Paul Christiano's opinion: framed as a quote.");
    assert.equal(e!.opinionAuthor, "Richard");
    assert.equal(e!.opinion, "Weak.\n\nRohin's opinion: I agree with Richard.");
  });

  test("lists (nested ones too) are kept as written", () => {
    const parsed = parse(`INTERPRETABILITY
----------------

Lists <https://example.org/l> (Ann Lee): Three points:

- first
  - nested
- second

1. one
2. two
`);
    assert.equal(
      parsed.entries[0]!.summary,
      "Three points:\n\n- first\n  - nested\n- second\n\n1. one\n2. two",
    );
  });

  test("titles with colons, parentheses and links of their own", () => {
    const parsed = parse(`INTERPRETABILITY
----------------

Navigation Turing Test (NTT): Learning to Evaluate Navigation <https://example.org/ntt> (Ann Lee): Summary.

----

Logical Counterfactuals <https://example.org/a> and A Short Note on UDT <https://example.org/b> (Chris Leong): Two posts.
`);
    assert.deepEqual(
      parsed.entries.map((e) => [e.title, e.url, e.authors, e.summary]),
      [
        [
          "Navigation Turing Test (NTT): Learning to Evaluate Navigation",
          "https://example.org/ntt",
          "Ann Lee",
          "Summary.",
        ],
        [
          "Logical Counterfactuals <https://example.org/a> and A Short Note on UDT <https://example.org/b>",
          "",
          "Chris Leong",
          "Two posts.",
        ],
      ],
    );
  });

  test("an unknown heading is reported, and its entries keep its name", () => {
    const parsed = parse(`MYSTERY SECTION
===============

Some paper <https://example.org/s> (Ann Lee): Summary.
`);
    assert.equal(parsed.entries[0]!.section, "MYSTERY SECTION");
    assert.equal(parsed.warnings.length, 1);
    assert.match(parsed.warnings[0]!, /unknown heading "MYSTERY SECTION"/);
  });

  test("a section that is its own only category (News) places entries in both", () => {
    const parsed = parse("NEWS\n======\n\nNEWS\n------\n\nA job <https://example.org/job>: Apply.\n");
    assert.deepEqual([parsed.entries[0]!.section, parsed.entries[0]!.category], ["News", "News"]);
  });

  test("empty input gives no entries and says so", () => {
    for (const input of ["", "  \n\n \n"]) {
      const parsed = parse(input);
      assert.deepEqual(parsed.entries, []);
      assert.equal(parsed.intro, "");
      assert.ok(parsed.warnings.includes("the input is empty"));
    }
  });
});

describe("parseIssueText: foreign layouts", () => {
  test("without separators, a paragraph that looks like a header starts an entry", () => {
    const parsed = parse(`Intro paragraph.

Highlights

Title A <https://example.org/a> (Ann Author): Summary of A.

More about A (it continues).

Rohin's opinion: Fine.

Title B (Bob Builder et al): Summary of B.

Interpretability

Title C (Cy Dee)
`);
    assert.deepEqual(
      parsed.entries.map((e) => [e.title, e.highlight, e.category, e.summary, e.opinion]),
      [
        ["Title A", true, "", "Summary of A.\n\nMore about A (it continues).", "Fine."],
        ["Title B", true, "", "Summary of B.", ""],
        ["Title C", false, "Interpretability", "", ""],
      ],
    );
    assert.equal(parsed.intro, "Intro paragraph.");
  });

  test("one flattened line: headings run in, ' :' headers, summarizers, link-only entries", () => {
    const parsed = parse(
      "Find all resources here . Welcome! Highlights Title One (Ann Author) : Summary one. Rohin's opinion: Nice. " +
        "Technical AI alignment Interpretability Interpretability Beyond Feature Attribution (Been Kim et al) (summarized by Richard): " +
        "Summary two (with a parenthesis). Richard's opinion: Meh. Read more: Paper " +
        "Other progress in AI Deep learning A Link Only Paper (Cy Dee) Last One (Dan Eel) : Last summary.",
    );
    assert.equal(parsed.intro, "Find all resources here . Welcome!");
    assert.deepEqual(
      parsed.entries.map((e) => [e.title, e.authors, e.summarizer, e.highlight, e.category, e.opinionAuthor]),
      [
        ["Title One", "Ann Author", null, true, "", "Rohin"],
        [
          "Interpretability Beyond Feature Attribution",
          "Been Kim et al",
          "Richard",
          false,
          "Interpretability",
          "Richard",
        ],
        ["A Link Only Paper", "Cy Dee", null, false, "Deep learning", ""],
        ["Last One", "Dan Eel", null, false, "Deep learning", ""],
      ],
    );
    assert.equal(parsed.entries[1]!.summary, "Summary two (with a parenthesis).");
    assert.equal(parsed.entries[1]!.readMore, "Paper");
  });
});

describe("parseIssueText: a page copied from a browser", () => {
  // A paragraph a part, a blank line between: a summary's paragraph that opens like a header
  // ("Specifically, the model (a transformer): ..."), and link-only entries one after another.
  const copy = `Find all resources here.

Highlights

Title One (Ann Author): Summary one.

Specifically, the authors take the model (a transformer): they freeze it.

Rohin's opinion: Nice.

News

Research Engineer, Safety (OpenAI)

Hiring ML Software Engineer (BERI)

Last One (Dan Eel, Eve Fox, and Gil Ho): Last summary.
`;

  test("is read as a whole: a summary's paragraph stays in its entry, link-only entries are kept", () => {
    const parsed = parse(copy);
    assert.deepEqual(
      parsed.entries.map((e) => [e.title, e.authors, e.highlight, e.category, e.opinionAuthor]),
      [
        ["Title One", "Ann Author", true, "", "Rohin"],
        ["Research Engineer, Safety", "OpenAI", false, "News", ""],
        ["Hiring ML Software Engineer", "BERI", false, "News", ""],
        ["Last One", "Dan Eel, Eve Fox, and Gil Ho", false, "News", ""],
      ],
    );
    assert.equal(
      parsed.entries[0]!.summary.replace(/\s+/g, " "),
      "Summary one. Specifically, the authors take the model (a transformer): they freeze it.",
    );
  });

  test("a paragraph's end ends a list without a full stop: a label or a heading may follow", () => {
    const parsed = parse(`Intro.

Highlights

Title One (Ann Author): Summary one.

Specifically, the authors take the model (a transformer): they freeze it.

Prerequisites: Paper Zero

Read more: Paper Two

Title Two (Bob Builder): See Import AI

Deep learning

Title Three (Cy Dee): Summary three.
`);
    assert.deepEqual(
      parsed.entries.map((e) => [e.title, e.category, e.summary, e.prerequisites, e.readMore]),
      [
        [
          "Title One",
          "",
          "Summary one.\n\nSpecifically, the authors take the model (a transformer): they freeze it.",
          "Paper Zero",
          "Paper Two",
        ],
        ["Title Two", "", "See Import AI", "", ""],
        ["Title Three", "Deep learning", "Summary three.", "", ""],
      ],
    );
  });
});

describe("parseIssue: detecting the format", () => {
  const view = issueView([
    issueEntry({ title: "A paper", highlight: true, summary: "Sum **bold**.", opinion: "Op." }),
    issueEntry({ title: "Another", category: "Deep learning", summary: "", opinion: "" }),
  ]);

  test("each rendering is detected as what it is and read back", () => {
    for (const format of ["text", "markdown", "html"] as const) {
      const rendered = renderIssue(view, format);
      assert.equal(detectIssueFormat(rendered), format);
      const parsed = parseIssue(rendered, TAXONOMY, TEST_NEWSLETTER);
      assert.equal(parsed.format, format);
      assert.deepEqual(
        parsed.entries.map((e) => e.title),
        ["A paper", "Another"],
      );
    }
  });

  test("a flattened email is plain text", () => {
    assert.equal(detectIssueFormat("Intro. Highlights A paper (Ann) : Summary."), "text");
  });
});
