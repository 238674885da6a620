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
 * The ranker's variant and hyperparameters are chosen on three rolling-origin folds inside the
 * history only (origins 3, 6 and 9 months before its end, each with the database of its day,
 * candidates up to the history's end), by their AUC weighted by candidates, never on the test
 * period. The same procedure runs on a second, earlier split (history before 2019-05-01,
 * database to AN #52, candidates 2019-05-01..2020-04-30) as a robustness report. The category
 * suggester's settings are chosen on one fold (database to AN #61, history before 2019-08-01).
 * Beside each model, the text-only baseline: tf-idf of title and abstract + logistic regression
 * for ranking, nearest tf-idf centroid of the summaries for categories.
 * Goals: AUC >= 0.65; category top-1 >= 0.50, top-3 >= 0.70.
 */
import { join } from "node:path";
import type { FeatureGroup, RankOptions } from "../src/inbox/index.ts";
import { boolFlag, DATA_DIR, requireFile, round, table } from "./lib/common.ts";
import {
  type CategoryTraining,
  evaluateCategories,
  evaluateCategoryBaseline,
  evaluateRanker,
  evaluateRankerAsDeployed,
  type RankFigures,
} from "./lib/inbox-eval.ts";
import {
  buildSplit,
  EARLY_TEST_SPLIT,
  readBibliography,
  readSheet,
  rollingFolds,
  type Split,
  type SplitBounds,
  TEST_SPLIT,
  VALIDATION_SPLIT,
} from "./lib/inbox-split.ts";

const sheet = readSheet(requireFile(join(DATA_DIR, "an-database-2022.json"), "the AN sheet (JSON)"));
const bibliography = readBibliography(
  requireFile(join(DATA_DIR, "ai-alignment-papers.csv"), "the alignment bibliography (Zotero CSV)"),
);
const validation = buildSplit(sheet, bibliography, VALIDATION_SPLIT);
const test = buildSplit(sheet, bibliography, TEST_SPLIT);
const describe = (s: Split) =>
  `database ${s.database.length} rows; history ${s.history.length} items (${s.history.filter((h) => h.picked).length} picked); ` +
  `${s.candidates.length} new candidates (${s.candidates.filter((c) => c.picked).length} positive), ${s.alreadySummarized} already summarized left out`;

const quick = boolFlag("quick");
const TEXT_ONLY: Partial<RankOptions> = { groups: ["text"], groupL2: {} };

// 1. The ranker, chosen the same way on each outer split: every variant's settings are tried on
// rolling-origin folds inside that split's history (three origins 3, 6 and 9 months before its
// end, candidates up to its end), scored by the folds' AUC weighted by their candidates; the
// variant and setting with the best such figure is the split's choice, and only then is its test
// period scored. The issue's split is the one the desk's defaults come from; the earlier split
// is a robustness report (its folds lie wholly before its own test period).
interface Outer {
  name: string;
  folds: Split[];
  test: Split;
}
const outers: Outer[] = [
  ["issue split", TEST_SPLIT],
  ["early split", EARLY_TEST_SPLIT],
].map(([name, bounds]) => ({
  name: name as string,
  folds: rollingFolds(bounds as SplitBounds).map((b) => buildSplit(sheet, bibliography, b)),
  test: name === "issue split" ? test : buildSplit(sheet, bibliography, bounds as SplitBounds),
}));
for (const o of outers) {
  console.log(`${o.name}, test: ${describe(o.test)}`);
  for (const [i, f] of o.folds.entries()) console.log(`  fold ${i + 1}: ${describe(f)}`);
}
const foldAuc = (o: Outer, options: Partial<RankOptions>) => {
  let sum = 0;
  let n = 0;
  for (const f of o.folds) {
    sum += evaluateRanker(f, options).auc * f.candidates.length;
    n += f.candidates.length;
  }
  return sum / n;
};

// Feature sets: the bibliography's curation tags ("TechSafety", "UnsortedSafety") are left out
// of the model the desk uses, since arXiv, feeds and the forum carry none of them (the
// ablations measure them anyway); "similar" (cosine to the nearest summaries) is slow and did
// not help on validation. One weight per author can overfit a history this small: validation decides.
const BASE: FeatureGroup[] = ["authors", "venue", "host", "type", "text", "meta"];
const VARIANTS: [string, Partial<RankOptions>][] = [
  ["authors' record, venue, site, kind, text, lengths (before)", { groups: BASE }],
  ["without the authors' record", { groups: BASE.filter((g) => g !== "authors") }],
  ["+ one weight per author", { groups: [...BASE, "author"] }],
  ["+ unseen author / venue / site", { groups: [...BASE, "unseen"] }],
  ["+ co-authors' record", { groups: [...BASE, "coauthors"] }],
  ["+ record by origin (summarized vs decided)", { groups: [...BASE, "origin"] }],
  ["+ co-authors + origin + unseen", { groups: [...BASE, "coauthors", "origin", "unseen"] }],
  ["blended with boosted stumps (30% of the logit)", { groups: BASE, stumpWeight: 0.3 }],
  ["blended with boosted stumps (50% of the logit)", { groups: BASE, stumpWeight: 0.5 }],
];
const SETTINGS: Partial<RankOptions>[] = [];
for (const l2 of quick ? [0.003] : [0.003, 0.01, 0.03])
  for (const text of quick ? [10] : [1, 3, 10, 30]) SETTINGS.push({ l2, groupL2: { text }, smoothing: 2 });
interface Attempt {
  name: string;
  perSplit: { options: Partial<RankOptions>; val: number; test: RankFigures }[];
}
const attempts: Attempt[] = (quick ? VARIANTS.slice(0, 1) : VARIANTS).map(([name, variant]) => ({
  name,
  perSplit: outers.map((o) => {
    let best = { options: {} as Partial<RankOptions>, val: -1 };
    for (const setting of SETTINGS) {
      const options = { ...setting, ...variant };
      const val = foldAuc(o, options);
      if (val > best.val) best = { options, val };
    }
    return { ...best, test: evaluateRanker(o.test, best.options) };
  }),
}));
console.log(`\nranker variants (each with the best of ${SETTINGS.length} settings on its split's folds):`);
console.log(
  table(
    ["variant", ...outers.flatMap((o) => [`${o.name} val`, "test", "P@50"])],
    attempts.map((a) => [
      a.name,
      ...a.perSplit.flatMap((p) => [round(p.val, 3), round(p.test.auc, 3), round(p.test.precisionAt50, 2)]),
    ]),
  ),
);
const chosenOn = (i: number) => attempts.reduce((a, b) => (b.perSplit[i]!.val > a.perSplit[i]!.val ? b : a));
for (const [i, o] of outers.entries()) {
  const c = chosenOn(i);
  const p = c.perSplit[i]!;
  console.log(
    `${o.name}: validation chooses "${c.name}" ${JSON.stringify(p.options)}: val ${round(p.val, 3)}, test AUC ${round(p.test.auc, 3)}, P@50 ${round(p.test.precisionAt50, 2)}`,
  );
}
const best = chosenOn(0).perSplit[0]!.options;
// Before this round: the desk's settings as they were (chosen on two fixed folds).
const BEFORE: Partial<RankOptions> = { groups: BASE, l2: 0.003, groupL2: { text: 10 }, smoothing: 2 };
console.log(
  `before (${JSON.stringify(BEFORE)}): ${outers.map((o) => `${o.name} val ${round(foldAuc(o, BEFORE), 3)}, test ${round(evaluateRanker(o.test, BEFORE).auc, 3)}`).join("; ")}`,
);
let textBest: Partial<RankOptions> = { ...TEXT_ONLY, l2: 0.1 };
let textBestAuc = -1;
for (const l2 of quick ? [0.1] : [0.01, 0.1, 1]) {
  const v = foldAuc(outers[0]!, { ...TEXT_ONLY, l2 });
  if (v > textBestAuc) [textBest, textBestAuc] = [{ ...TEXT_ONLY, l2 }, v];
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

// 3b. The same choice as the desk runs it: retrained every 25 decisions (inbox.retrain_every's
// default) while the new candidates are decided in order of publication. A second figure, not
// the issue's measure; each split with its own chosen settings.
for (const [i, o] of outers.entries()) {
  const options = chosenOn(i).perSplit[i]!.options;
  for (const every of [25, 100]) {
    const d = evaluateRankerAsDeployed(o.test, options, every);
    const t = evaluateRankerAsDeployed(o.test, textBest, every);
    console.log(
      `${o.name}, retrained every ${every} decisions in order of publication (${d.trainings} trainings): AUC ${round(d.auc, 3)}, P@50 ${round(d.precisionAt50, 2)}; text only ${round(t.auc, 3)}`,
    );
  }
}

// 4. What each group brings: the chosen settings without it (validation and test).
if (!quick) {
  const rows: (string | number)[][] = [];
  const chosen = best.groups ?? BASE;
  for (const drop of chosen) {
    const groups = chosen.filter((g) => g !== drop);
    const v = foldAuc(outers[0]!, { ...best, groups });
    const t = evaluateRanker(test, { ...best, groups });
    rows.push([`without ${drop}`, round(v, 3), round(t.auc, 3), round(t.precisionAt50, 2)]);
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
    const v = foldAuc(outers[0]!, { ...best, ...o });
    const t = evaluateRanker(test, { ...best, ...o });
    rows.push([name, round(v, 3), round(t.auc, 3), round(t.precisionAt50, 2)]);
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
