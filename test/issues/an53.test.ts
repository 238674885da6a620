import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { importFrom } from "../../src/entries/index.ts";
import type { IssueView } from "../../src/formats/render/issue-view.ts";
import { checkIssue, loadIssueView, renderIssue } from "../../src/issues/index.ts";
import { getTaxonomy, listIssues } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";
import { comparableWords, wordSimilarity } from "../helpers/similarity.ts";

/** AN #53 rendered from the imported sheet, against the golden text a reader received. */
describe("AN #53 from the real sheet", { skip: needAnData() }, () => {
  let store: TestStore;
  let view: IssueView;
  let golden: string;
  before(async () => {
    store = await DIALECTS[0]!.open();
    await importFrom(store, anDataFile("an-database-2022.xlsx"));
    view = await loadIssueView(store, 53);
    golden = readFileSync(anDataFile("an-053-email-text.txt"), "utf8");
  });
  after(async () => {
    await store?.dispose();
  });

  const titles = (v: IssueView) =>
    [...v.highlights, ...v.sections.flatMap((s) => s.categories.flatMap((c) => c.entries))].map(
      (e) => e.title,
    );

  test("has its 12 entries in the order the newsletter printed them", () => {
    const ours = titles(view);
    assert.equal(ours.length, 12);
    const positions = ours.map((t) => golden.indexOf(t));
    assert.ok(
      positions.every((p) => p >= 0),
      "every title appears in the golden text",
    );
    assert.deepEqual(
      positions,
      [...positions].sort((a, b) => a - b),
    );
  });

  test("the text body matches the golden text word for word (≥ 0.95, URLs removed, intro excluded)", () => {
    const text = renderIssue(view, "text");
    const ours = comparableWords(text.slice(text.indexOf("HIGHLIGHTS")));
    const theirs = comparableWords(golden.slice(golden.indexOf("Highlights")));
    const similarity = wordSimilarity(ours, theirs);
    console.log(
      `AN #53 text vs golden: word similarity ${similarity.toFixed(4)} (${ours.length} vs ${theirs.length} words)`,
    );
    assert.ok(similarity >= 0.95, `similarity ${similarity}`);
  });

  test("AN's entry format: summarizer credit, opinion label, link-only entries", () => {
    const text = renderIssue(view, "text");
    assert.match(
      text,
      /Summary of the Technical Safety Workshop <[^>]+> \(David Krueger\) \(summarized by Richard\): David identifies/,
    );
    assert.match(
      text,
      /Alignment Newsletter One Year Retrospective <[^>]+> \(Rohin Shah\): The Alignment Newsletter/,
    );
    assert.match(text, /\n\nRichard's opinion: I like this type of investigation/);
    assert.match(
      text,
      /\n\nParenting: Safe Reinforcement Learning from Human Input <[^>]+> \(Christopher Frye et al\)\n/,
    );
    assert.match(text, /Read more: The code is here\. <https:\/\/github\.com\/cfinlay\/logbarrier>/);
    assert.match(text, /reward uncertainty <[^>]+> \(AN #42 <[^>]+>\)/);
  });

  test("every format is deterministic: the same issue gives the same bytes", async () => {
    const again = await loadIssueView(store, 53);
    for (const format of ["text", "markdown", "html"] as const)
      assert.equal(renderIssue(again, format), renderIssue(view, format), format);
  });

  test("every issue renders, and the whole archive has exactly the 3 unresolved references the data has", async () => {
    let unresolved = 0;
    for (const issue of await listIssues(store.db)) {
      const v = await loadIssueView(store, issue.number);
      for (const format of ["text", "markdown", "html"] as const)
        assert.ok(renderIssue(v, format).length > 100);
      unresolved += checkIssue(v, await getTaxonomy(store.db)).filter(
        (p) => p.kind === "unresolved_reference",
      ).length;
    }
    assert.equal(unresolved, 3);
  });
});
