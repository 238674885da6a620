import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateCategories, evaluateCategoryBaseline, evaluateRanker } from "../../bench/lib/inbox-eval.ts";
import { buildSplit, readBibliography, readSheet, TEST_SPLIT } from "../../bench/lib/inbox-split.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";

/**
 * The time split on the real sheet and bibliography (bench/inbox-rank.ts prints the
 * whole measurement): the default ranker and category settings, chosen on a validation split
 * inside the history, against the text-only baselines. The floors are the figures reached
 * (bench/inbox-rank.ts) minus a small margin; where the goal is reached it is asserted.
 */
test("on the time split, the ranker beats text alone and categories reach the goals", {
  skip: needAnData(),
}, () => {
  const split = buildSplit(
    readSheet(anDataFile("an-database-2022.json")),
    readBibliography(anDataFile("ai-alignment-papers.csv")),
    TEST_SPLIT,
  );
  // The split itself: a mistake in dates or matching shows here first.
  assert.equal(split.history.length, 766);
  assert.equal(split.history.filter((h) => h.picked).length, 437);
  assert.equal(split.candidates.length, 458);
  assert.equal(split.candidates.filter((c) => c.picked).length, 296);

  const model = evaluateRanker(split, {});
  const text = evaluateRanker(split, { groups: ["text"], groupL2: {}, l2: 0.1 });
  // Reached 0.638 (goal 0.65, not reached): asserted with a margin of 0.01.
  assert.ok(model.auc >= 0.628, `AUC ${model.auc}`);
  assert.ok(model.auc >= text.auc + 0.07, `AUC ${model.auc} against text alone ${text.auc}`);
  // Reached 0.74; the share of positives among the candidates is 0.646.
  assert.ok(model.precisionAt50 >= 0.7, `P@50 ${model.precisionAt50}`);

  const categories = evaluateCategories(split, {});
  const baseline = evaluateCategoryBaseline(split);
  assert.ok(categories.top1 >= 0.5, `top-1 ${categories.top1}`);
  assert.ok(categories.top3 >= 0.7, `top-3 ${categories.top3}`);
  assert.ok(categories.top3 >= baseline.top3, `top-3 ${categories.top3} against ${baseline.top3}`);
});
