/**
 * The inbox's models measured on real data, as a time split (issue 17, "Rank and suggest"):
 * the database holds the AN sheet's rows up to AN #100 (and the unsent ones); the bibliography's
 * items published before 2020-05-01 are the history (matching a database row = picked, else
 * passed over); its items published 2020-05-01..2021-12-31 are the new candidates, positive
 * when they match a row from AN #101 on. Items without a year-month-day Date are left out, and
 * so are new candidates that match a database row (the inbox says "already summarized").
 *
 *   node --import tsx bench/inbox-rank.ts [--quick]
 *
 * Hyperparameters are chosen on two folds inside the history only (database up to AN #61,
 * history before 2019-08-01, candidates 2019-08-01..2020-04-30; and up to AN #39, before
 * 2019-01-01, 2019-01-01..2019-07-31), by their mean AUC, never on the test period.
 * Beside each model, the text-only baseline: tf-idf of title and abstract + logistic regression
 * for ranking, nearest tf-idf centroid of the summaries for categories.
 * Goals: AUC >= 0.65; category top-1 >= 0.50, top-3 >= 0.70.
 */
import { join } from "node:path";
import type { FeatureGroup, RankOptions } from "../src/inbox/index.ts";
import { ALL_GROUPS } from "../src/inbox/index.ts";
import { boolFlag, DATA_DIR, requireFile, round, table } from "./lib/common.ts";
import {
  type CategoryTraining,
  evaluateCategories,
  evaluateCategoryBaseline,
  evaluateRanker,
} from "./lib/inbox-eval.ts";
import {
  buildSplit,
  EARLY_VALIDATION_SPLIT,
  readBibliography,
  readSheet,
  TEST_SPLIT,
  VALIDATION_SPLIT,
} from "./lib/inbox-split.ts";

const sheet = readSheet(requireFile(join(DATA_DIR, "an-database-2022.json"), "the AN sheet (JSON)"));
const bibliography = readBibliography(
  requireFile(join(DATA_DIR, "ai-alignment-papers.csv"), "the alignment bibliography (Zotero CSV)"),
);
const validation = buildSplit(sheet, bibliography, VALIDATION_SPLIT);
const early = buildSplit(sheet, bibliography, EARLY_VALIDATION_SPLIT);
const test = buildSplit(sheet, bibliography, TEST_SPLIT);
for (const [name, s] of [
  ["early validation", early],
  ["validation", validation],
  ["test", test],
] as const)
  console.log(
    `${name}: database ${s.database.length} rows; history ${s.history.length} items (${s.history.filter((h) => h.picked).length} picked); ` +
      `${s.candidates.length} new candidates (${s.candidates.filter((c) => c.picked).length} positive), ${s.alreadySummarized} already summarized left out`,
  );

const quick = boolFlag("quick");
const TEXT_ONLY: Partial<RankOptions> = { groups: ["text"], groupL2: {} };

// 1. Ranker hyperparameters on the validation split.
const grid: Partial<RankOptions>[] = [];
// Feature sets: the bibliography's curation tags ("TechSafety", "UnsortedSafety") are left out
// of the model the desk uses, since arXiv, feeds and the forum carry none of them (section 4
// measures them anyway); "similar" (cosine to the nearest summaries) is slow and did not help
// on validation. One weight per author can overfit a history this small: validation decides.
const BASE = ALL_GROUPS.filter((g) => g !== "tag" && g !== "similar");
const GROUP_SETS: FeatureGroup[][] = [BASE, BASE.filter((g) => g !== "author")];
for (const groups of quick ? [GROUP_SETS[1]!] : GROUP_SETS)
  for (const l2 of quick ? [0.03] : [0.003, 0.01, 0.03, 0.1])
    for (const text of quick ? [1] : [0.1, 0.3, 1, 3, 10])
      grid.push({ groups, l2, groupL2: { text }, smoothing: 2 });
// Each setting's validation figure is the mean over the two folds inside the history.
const meanFigures = (o: Partial<RankOptions>) => {
  const [a, b] = [evaluateRanker(validation, o), evaluateRanker(early, o)];
  return { auc: (a.auc + b.auc) / 2, precisionAt50: (a.precisionAt50 + b.precisionAt50) / 2 };
};
const tried = grid.map((o) => ({ o, v: meanFigures(o) }));
tried.sort((a, b) => b.v.auc - a.v.auc);
const best = tried[0]!.o;
console.log(`\nranker grid on validation (${grid.length} settings), best 5 by AUC:`);
console.log(
  table(
    ["groups", "l2", "text l2", "val AUC", "val P@50"],
    tried
      .slice(0, 5)
      .map(({ o, v }) => [
        o.groups!.join(","),
        o.l2!,
        o.groupL2!.text!,
        round(v.auc, 3),
        round(v.precisionAt50, 2),
      ]),
  ),
);
let textBest: Partial<RankOptions> = { ...TEXT_ONLY, l2: 0.1 };
let textBestAuc = -1;
for (const l2 of quick ? [0.1] : [0.01, 0.1, 1]) {
  const v = evaluateRanker(validation, { ...TEXT_ONLY, l2 });
  if (v.auc > textBestAuc) [textBest, textBestAuc] = [{ ...TEXT_ONLY, l2 }, v.auc];
}

// 2. Category hyperparameters on the validation split.
const catGrid: Partial<CategoryTraining>[] = [];
for (const authorWeight of quick ? [0] : [0, 1, 3])
  for (const recency of quick ? [0.99] : [1, 0.99, 0.97])
    for (const withPickedAbstracts of quick ? [true] : [true, false])
      catGrid.push({ authorWeight, recency, withPickedAbstracts });
const catTried = catGrid.map((o) => ({ o, v: evaluateCategories(validation, o) }));
// Stable sort: among equals, the first in grid order (the simpler setting).
catTried.sort((a, b) => b.v.top1 + b.v.top3 - (a.v.top1 + a.v.top3));
const catBest = catTried[0]!.o;
console.log(`\ncategory grid on validation (${catGrid.length} settings), best 5 by top-1 + top-3:`);
console.log(
  table(
    ["author weight", "recency", "picked abstracts", "val top-1", "val top-3"],
    catTried
      .slice(0, 5)
      .map(({ o, v }) => [
        o.authorWeight!,
        o.recency!,
        String(o.withPickedAbstracts),
        round(v.top1, 3),
        round(v.top3, 3),
      ]),
  ),
);

// 3. The test period, once, with what validation chose.
const model = evaluateRanker(test, best);
const baseline = evaluateRanker(test, textBest);
const cat = evaluateCategories(test, catBest);
const catBase = evaluateCategoryBaseline(test);
console.log(`\ntest period (chosen: ranker ${JSON.stringify(best)}; categories ${JSON.stringify(catBest)})`);
console.log(
  table(
    ["model", "AUC", "P@50", "category top-1", "category top-3", "train ms"],
    [
      [
        "authors' record + venue + site + kind + text (LR)",
        round(model.auc, 3),
        round(model.precisionAt50, 2),
        round(cat.top1, 3),
        round(cat.top3, 3),
        Math.round(model.trainMs),
      ],
      [
        "baseline: text only (tf-idf LR; summaries' tf-idf centroids)",
        round(baseline.auc, 3),
        round(baseline.precisionAt50, 2),
        round(catBase.top1, 3),
        round(catBase.top3, 3),
        Math.round(baseline.trainMs),
      ],
    ],
  ),
);
console.log(
  `positives scored for categories: ${cat.cases}; share of positives among candidates: ${round(test.candidates.filter((c) => c.picked).length / test.candidates.length, 3)}`,
);

// 4. What each group brings: the chosen settings without it (validation and test).
if (!quick) {
  const rows: (string | number)[][] = [];
  const chosen = best.groups ?? BASE;
  for (const drop of chosen) {
    const groups = chosen.filter((g) => g !== drop);
    const v = evaluateRanker(validation, { ...best, groups });
    const t = evaluateRanker(test, { ...best, groups });
    rows.push([`without ${drop}`, round(v.auc, 3), round(t.auc, 3), round(t.precisionAt50, 2)]);
  }
  const variants: [string, Partial<RankOptions>][] = [
    ["with the bibliography's tags", { groups: [...chosen, "tag"] }],
    ["with one weight per author", { groups: [...new Set([...chosen, "author" as const])] }],
    ["with similar (cosine to summaries)", { groups: [...chosen, "similar"] }],
    ["recent decisions count more (half-life 365 d)", { halfLifeDays: 365 }],
    ["classes weighed equally", { balanced: true }],
    ["only authors' record", { groups: ["author", "authors"] }],
    ["only venue + site + kind", { groups: ["venue", "host", "type"] }],
  ];
  for (const [name, o] of variants) {
    const v = evaluateRanker(validation, { ...best, ...o });
    const t = evaluateRanker(test, { ...best, ...o });
    rows.push([name, round(v.auc, 3), round(t.auc, 3), round(t.precisionAt50, 2)]);
  }
  console.log("\nablations (chosen settings):");
  console.log(table(["features", "val AUC", "test AUC", "test P@50"], rows));
  for (const [name, o] of [
    ["authors as terms (weight 3)", { authorWeight: 3 }],
    ["without picked candidates' abstracts", { withPickedAbstracts: false }],
    ["recent issues count more (0.97 per issue)", { recency: 0.97 }],
  ] as [string, Partial<CategoryTraining>][]) {
    const v = evaluateCategories(validation, { ...catBest, ...o });
    const t = evaluateCategories(test, { ...catBest, ...o });
    console.log(
      `categories, ${name}: val ${round(v.top1, 3)} / ${round(v.top3, 3)}, test ${round(t.top1, 3)} / ${round(t.top3, 3)}`,
    );
  }
}
const met = (ok: boolean) => (ok ? "met" : "NOT met");
console.log(
  `\ngoals: AUC >= 0.65 ${met(model.auc >= 0.65)}; category top-1 >= 0.50 ${met(cat.top1 >= 0.5)}, top-3 >= 0.70 ${met(cat.top3 >= 0.7)}`,
);
