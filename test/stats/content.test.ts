import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type ContentRow, countWords, median, retrospective, volumeOf } from "../../src/stats/index.ts";

let nextId = 1;
const entry = (over: Partial<ContentRow>): ContentRow => {
  const id = nextId++;
  return {
    id,
    title: `Entry ${id}`,
    titleKey: `entry ${id}`,
    issueNumber: 1,
    issueDate: null,
    highlight: false,
    category: "Learning human intent",
    section: "Technical AI alignment",
    venue: "",
    summary: "",
    opinion: "",
    summarizers: [],
    ...over,
  };
};

describe("words", () => {
  test("a reader's words: links by their text, cross-references by what they show", () => {
    assert.equal(countWords("Reward uncertainty helps."), 3);
    assert.equal(countWords("See [the paper](https://arxiv.org/abs/1234.5678) and https://x.org/a."), 4);
    assert.equal(countWords("As in <@Cooperative Inverse Reinforcement Learning@>, don't."), 7);
    assert.equal(countWords("<@CIRL@>(@Cooperative Inverse Reinforcement Learning@) is GPT-3's e.g."), 4);
    assert.equal(countWords("**bold** _it_ `code`"), 3);
    assert.equal(countWords(""), 0);
    assert.equal(median([]), null);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 10]), 3.5);
  });
});

describe("the retrospective", () => {
  const cirl = entry({
    title: "Cooperative Inverse Reinforcement Learning",
    titleKey: "cooperative inverse reinforcement learning",
    issueNumber: 1,
    issueDate: "2018-04-09",
    highlight: true,
    venue: "NeurIPS",
    summary: "one two three four",
    opinion: "five six",
    summarizers: ["Rohin"],
  });
  const rows = [
    cirl,
    entry({
      issueNumber: 1,
      issueDate: "2018-04-09",
      venue: "arXiv",
      summary: "Builds on <@Cooperative Inverse Reinforcement Learning@> a lot.",
      summarizers: ["Richard", "Rohin"],
      category: "Forecasting",
      section: "Strategy",
    }),
    entry({
      issueNumber: 2,
      issueDate: "2018-12-31",
      venue: "arXiv",
      summary: "one two",
      opinion: "three four five six seven eight",
      summarizers: ["Dan H"],
    }),
    entry({ issueNumber: 53, issueDate: "2019-04-10", highlight: true, venue: "NeurIPS" }),
    entry({
      issueNumber: 54,
      issueDate: null,
      summary:
        "<@CIRL@>(@cooperative inverse reinforcement learning@) again, twice: <@Cooperative Inverse Reinforcement Learning@>",
      summarizers: ["Richard"],
    }),
  ];
  const refs = [
    { entryId: rows[1]!.id, targetKey: "cooperative inverse reinforcement learning" },
    { entryId: rows[4]!.id, targetKey: "cooperative inverse reinforcement learning" },
    { entryId: rows[4]!.id, targetKey: "a title nobody has" },
  ];
  const r = retrospective(rows, refs);

  test("overall: exact counts", () => {
    const o = r.overall;
    assert.deepEqual(
      [o.issues, o.entries, o.summarized, o.wordsSummarized, o.opinionWords, o.withOpinion, o.highlights],
      [4, 5, 4, 4 + 8 + 2 + 7, 2 + 6, 2, 2],
    );
    assert.equal(o.highlightsShare, 0.4);
    assert.deepEqual(o.summarizers, [
      { name: "Richard", entries: 2 },
      { name: "Rohin", entries: 2 },
      { name: "Dan H", entries: 1 },
    ]);
    assert.equal(o.uncredited, 1);
    assert.deepEqual(o.sections, [
      { name: "Technical AI alignment", entries: 4 },
      { name: "Strategy", entries: 1 },
    ]);
    assert.deepEqual(o.venues, [
      { name: "arXiv", entries: 2 },
      { name: "NeurIPS", entries: 2 },
    ]);
    assert.equal(o.medianSummaryWords, 5.5); // 2, 4, 7, 8
    assert.equal(o.medianOpinionWords, 4); // 2, 6
    assert.deepEqual(o.mostCited, [
      { title: "Cooperative Inverse Reinforcement Learning", issueNumber: 1, citations: 2 },
    ]);
    assert.deepEqual([o.firstIssue, o.lastIssue], [1, 54]);
  });

  test("by calendar year (undated last) and by volume of 52 issues; the parts add up", () => {
    assert.deepEqual(
      r.byYear.map((p) => [p.period, p.issues, p.entries, p.highlights]),
      [
        ["2018", 2, 3, 1],
        ["2019", 1, 1, 1],
        ["undated", 1, 1, 0],
      ],
    );
    assert.deepEqual(
      r.byVolume.map((p) => [p.period, p.issues, p.entries, p.mostCited[0]?.citations ?? 0]),
      [
        ["#1-#52", 2, 3, 1],
        ["#53-#104", 2, 2, 1],
      ],
    );
    for (const parts of [r.byYear, r.byVolume]) {
      assert.equal(
        parts.reduce((n, p) => n + p.entries, 0),
        r.overall.entries,
      );
      assert.equal(
        parts.reduce((n, p) => n + p.wordsSummarized, 0),
        r.overall.wordsSummarized,
      );
    }
    assert.equal(volumeOf(52), "#1-#52");
    assert.equal(volumeOf(53), "#53-#104");
  });

  test("no entries: zeros and nulls, no periods", () => {
    const empty = retrospective([], []);
    assert.equal(empty.overall.entries, 0);
    assert.equal(empty.overall.highlightsShare, 0);
    assert.equal(empty.overall.medianSummaryWords, null);
    assert.deepEqual([empty.byYear, empty.byVolume], [[], []]);
  });
});
