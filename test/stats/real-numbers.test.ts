import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { importFrom } from "../../src/entries/index.ts";
import { type ContentFigures, loadNumbers, type Numbers } from "../../src/stats/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";

/**
 * The content figures of the real AN sheet: the first year (AN #1-#52) and each run of 52
 * issues (the sheet has no issue dates, so its calendar years are unknown: every issue is
 * "undated"). Printed for the README; checked against the sheet's own rows.
 */
const skipData = needAnData();
const sqlite = DIALECTS.find((d) => d.name === "sqlite")!;

const row = (f: ContentFigures) =>
  `| ${f.period} | ${f.issues} | ${f.entries} | ${f.summarized} | ${f.wordsSummarized.toLocaleString("en")} | ${f.opinionWords.toLocaleString("en")} | ${f.highlights} (${(f.highlightsShare * 100).toFixed(1)}%) | ${f.summarizers.length} | ${f.medianSummaryWords} | ${f.medianOpinionWords} | ${f.mostCited[0] ? `${f.mostCited[0].title} (${f.mostCited[0].citations})` : "-"} |`;

describe("the numbers of the real AN sheet", { skip: sqlite.skip || skipData }, () => {
  let store: TestStore;
  let numbers: Numbers;
  let sheet: { issue_number: number | null; highlight: boolean; summary: string }[];

  before(async () => {
    store = await sqlite.open();
    await importFrom(store, anDataFile("an-database-2022.xlsx"));
    numbers = await loadNumbers(store);
    sheet = JSON.parse(readFileSync(anDataFile("an-database-2022.json"), "utf8"));
  });
  after(() => store?.dispose());

  test("entries are the sheet's rows with an issue number; the years add up to the whole", () => {
    const r = numbers.retrospective;
    const withIssue = sheet.filter((s) => s.issue_number !== null);
    assert.equal(r.overall.entries, withIssue.length);
    assert.equal(r.overall.issues, new Set(withIssue.map((s) => s.issue_number)).size);
    assert.equal(r.overall.highlights, withIssue.filter((s) => s.highlight).length);
    assert.equal(r.overall.summarized, withIssue.filter((s) => s.summary.trim() !== "").length);
    for (const parts of [r.byVolume, r.byYear]) {
      for (const key of [
        "entries",
        "issues",
        "wordsSummarized",
        "opinionWords",
        "highlights",
        "summarized",
      ] as const)
        assert.equal(
          parts.reduce((n, p) => n + p[key], 0),
          r.overall[key],
          key,
        );
    }
    const first = r.byVolume[0]!;
    assert.equal(first.period, "#1-#52");
    assert.equal(first.entries, withIssue.filter((s) => s.issue_number! <= 52).length);
    assert.deepEqual([first.firstIssue, first.lastIssue], [1, 52]);
    for (const p of [r.overall, ...r.byVolume]) {
      assert.ok(p.wordsSummarized > p.summarized, `${p.period}: words > summaries`);
      assert.ok(p.highlightsShare > 0 && p.highlightsShare < 1, p.period);
      assert.ok(p.medianSummaryWords! > 20 && p.medianSummaryWords! < 1000, p.period);
      assert.equal(p.summarizers.reduce((n, s) => n + s.entries, 0) >= p.entries - p.uncredited, true);
    }
    assert.ok(r.overall.mostCited.length === 10 && r.overall.mostCited[0]!.citations > 1);
    assert.deepEqual(
      r.byYear.map((p) => p.period),
      ["undated"],
      "the sheet dates no issue",
    );

    const header =
      "| issues | # | entries | summarized | summary words | opinion words | highlights | summarizers | median summary words | median opinion words | most cross-referenced (cited by) |\n|---|---|---|---|---|---|---|---|---|---|---|";
    console.log(
      [header, row(r.overall), ...r.byVolume.map(row)].join("\n"),
      `\nSummarizers (all): ${r.overall.summarizers.map((s) => `${s.name} ${s.entries}`).join(", ")}`,
      `\nSummarizers (#1-#52): ${first.summarizers.map((s) => `${s.name} ${s.entries}`).join(", ")}`,
      `\nSections (#1-#52): ${first.sections.map((s) => `${s.name} ${s.entries}`).join(", ")}`,
      `\nVenues (#1-#52, top 8): ${first.venues
        .slice(0, 8)
        .map((s) => `${s.name} ${s.entries}`)
        .join(", ")}`,
      `\nMost cited (all): ${r.overall.mostCited.map((c) => `${c.title} [AN #${c.issueNumber}] ${c.citations}`).join("; ")}`,
    );
  });
});
