import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { displayAuthors, opinionAuthor, summarizedBy } from "../../src/domain/entry-display.ts";
import { composeIssue, type IssueEntry } from "../../src/domain/issue.ts";
import type { Taxonomy } from "../../src/domain/taxonomy.ts";
import { entryFields } from "../helpers/factories.ts";

const taxonomy: Taxonomy = [
  {
    name: "Technical AI alignment",
    categories: ["Iterated amplification", "Learning human intent", "Interpretability"],
  },
  { name: "Other progress in AI", categories: ["Deep learning"] },
  { name: "News", categories: ["News"] },
];
const newsletter = { name: "Alignment Newsletter", prefix: "AN", editor: "Rohin" };
const meta = { number: 53, date: null, subject: "", intro: "", url: "" };
let id = 0;
function entry(title: string, category: string, extra: Partial<IssueEntry> = {}): IssueEntry {
  id++;
  return {
    ...entryFields({ title, category }),
    id,
    sheetRow: id,
    status: "published",
    createdBy: null,
    issuePosition: null,
    authorsDisplay: "",
    ...extra,
  };
}

describe("composing an issue", () => {
  test("highlights first in taxonomy order, then sections and subsections in taxonomy order, empty ones left out", () => {
    const issue = composeIssue(
      newsletter,
      meta,
      [
        entry("Deep", "Deep learning"),
        entry("Intent", "learning HUMAN intent"),
        entry("Highlight late", "Deep learning", { highlight: true }),
        entry("Highlight early", "Iterated amplification", { highlight: true }),
        entry("Amp", "Iterated amplification"),
      ],
      taxonomy,
    );
    assert.deepEqual(
      issue.highlights.map((e) => e.title),
      ["Highlight early", "Highlight late"],
    );
    assert.deepEqual(
      issue.sections.map((s) => [s.name, s.categories.map((c) => [c.name, c.entries.map((e) => e.title)])]),
      [
        [
          "Technical AI alignment",
          [
            ["Iterated amplification", ["Amp"]],
            ["Learning human intent", ["Intent"]],
          ],
        ],
        ["Other progress in AI", [["Deep learning", ["Deep"]]]],
      ],
    );
  });

  test("inside a subsection: summarized before link-only, then the editor's order, then the sheet's", () => {
    const issue = composeIssue(
      newsletter,
      meta,
      [
        entry("Link only", "Interpretability", { summary: "", opinion: "" }),
        entry("Sheet second", "Interpretability"),
        entry("Editor first", "Interpretability", { issuePosition: 1 }),
        entry("Sheet third", "Interpretability"),
      ],
      taxonomy,
    );
    assert.deepEqual(
      issue.sections[0]!.categories[0]!.entries.map((e) => e.title),
      ["Editor first", "Sheet second", "Sheet third", "Link only"],
    );
  });

  test("categories the taxonomy doesn't know go last, each in its own subsection", () => {
    const issue = composeIssue(
      newsletter,
      meta,
      [
        entry("Odd", "Quantum"),
        entry("News item", "News"),
        entry("Odd 2", "Alchemy"),
        entry("Odd 3", "Quantum"),
      ],
      taxonomy,
    );
    assert.deepEqual(
      issue.sections.map((s) => s.name),
      ["News", "Other"],
    );
    assert.deepEqual(
      issue.sections[1]!.categories.map((c) => [c.name, c.entries.length]),
      [
        ["Alchemy", 1],
        ["Quantum", 2],
      ],
    );
  });
});

describe("credits, as AN wrote them", () => {
  test("one author as is, more as First Author et al, or the entry's override", () => {
    assert.equal(
      displayAuthors({ authors: [{ name: "Lilian Weng", equalContribution: false }] }),
      "Lilian Weng",
    );
    assert.equal(
      displayAuthors({
        authors: [
          { name: "Chunyuan Li", equalContribution: false },
          { name: "Jason Yosinski", equalContribution: true },
        ],
      }),
      "Chunyuan Li et al",
    );
    assert.equal(displayAuthors({ authors: [], authorsDisplay: "" }), "");
    assert.equal(
      displayAuthors({
        authors: [
          { name: "A", equalContribution: false },
          { name: "B", equalContribution: false },
        ],
        authorsDisplay: "A and B",
      }),
      "A and B",
    );
  });

  test("(summarized by X) is left out for the editor; the opinion is the summarizer's, else the editor's", () => {
    assert.equal(summarizedBy(["Rohin"], "Rohin"), null);
    assert.equal(summarizedBy(["rohin"], "Rohin"), null);
    assert.equal(summarizedBy([], "Rohin"), null);
    assert.equal(summarizedBy(["Cody"], "Rohin"), "Cody");
    assert.equal(summarizedBy(["Rohin", "Robert"], "Rohin"), "Rohin and Robert");
    assert.equal(opinionAuthor([], "Rohin"), "Rohin");
    assert.equal(opinionAuthor(["Dan H"], "Rohin"), "Dan H");
    assert.equal(opinionAuthor(["Asya", "Rohin"], "Rohin"), "Asya and Rohin");
  });
});
