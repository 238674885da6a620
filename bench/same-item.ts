/**
 * The inbox's "same item" decision for titles (src/entries/same-item.ts), measured on QURI's
 * manual judgements of fuzzy title matches between the TAI Safety Bibliographic Database and
 * the AN sheet (../shared/an-data/quri-an-tai-similar-items.json). The file repeats each pair
 * (126 rows, 18 distinct pairs): pairs are counted once, so a pair is never in both the
 * threshold's training and its test.
 *
 *   node --import tsx bench/same-item.ts
 *
 * Leave-one-pair-out: each pair is decided by a threshold chosen on the 17 others. Beside it,
 * the lookup's near-identical rule (Dice over character bigrams >= 0.85, domain/title-match.ts).
 * Goal: precision >= 0.95 and recall >= 0.90.
 *
 * Then the inbox's "possible duplicate" band (POSSIBLY_SAME_THRESHOLD up to the cut): which of
 * QURI's pairs fall in it, and how many pairs of ai-alignment-papers.csv's distinct titles do,
 * beside the band just under it (how often a lower bound would flag two different works).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { matchTitle } from "../src/domain/title-match.ts";
import {
  crossValidate,
  POSSIBLY_SAME_THRESHOLD,
  SAME_ITEM_THRESHOLD,
  sameItemScore,
  titleStems,
} from "../src/entries/same-item.ts";
import { parseZoteroCsv } from "../src/inbox/sources/zotero.ts";
import { DATA_DIR, requireFile, round, table } from "./lib/common.ts";

const file = requireFile(join(DATA_DIR, "quri-an-tai-similar-items.json"), "QURI's judged pairs");
const rows = JSON.parse(readFileSync(file, "utf8")) as [string, string, boolean][];
const pairs = [...new Map(rows.map((r) => [r.join("\u0000"), r])).values()];

const scored = pairs.map(([a, b, same]) => ({ a, b, same, score: sameItemScore(a, b) }));
const cv = crossValidate(scored);
let tp = 0;
let fp = 0;
let fn = 0;
for (const [a, b, same] of pairs) {
  const said = matchTitle(a, b) !== null;
  if (said && same) tp++;
  else if (said) fp++;
  else if (same) fn++;
}

console.log(
  table(
    ["decision", "pairs", "same", "precision", "recall"],
    [
      [
        "stems' Jaccard, threshold by leave-one-pair-out",
        pairs.length,
        pairs.filter((p) => p[2]).length,
        round(cv.precision, 3),
        round(cv.recall, 3),
      ],
      [
        "baseline: lookup's title match (exact/prefix/words/Dice>=0.85)",
        pairs.length,
        "",
        round(tp / (tp + fp), 3),
        round(tp / (tp + fn), 3),
      ],
    ],
  ),
);
console.log(
  `\nthresholds chosen by the folds: ${[...new Set(cv.thresholds.map((t) => round(t, 3)))].join(", ")}`,
);
for (const s of scored.sort((x, y) => x.score - y.score))
  console.log(`${s.same ? "same" : "diff"}  ${s.score.toFixed(3)}  ${s.a}  |  ${s.b}`);
const pass = cv.precision >= 0.95 && cv.recall >= 0.9;
console.log(`\ngoal: precision >= 0.95 and recall >= 0.90: ${pass ? "met" : "NOT met"}`);

const inBand = (score: number, from: number, to: number) => score >= from && score < to;
const band = scored.filter((s) => inBand(s.score, POSSIBLY_SAME_THRESHOLD, SAME_ITEM_THRESHOLD));
console.log(
  `\npossible-duplicate band [${POSSIBLY_SAME_THRESHOLD}, ${SAME_ITEM_THRESHOLD}): ${band.length} of QURI's pairs (${band.filter((s) => s.same).length} same, ${band.filter((s) => !s.same).length} different)`,
);
const bibliography = join(DATA_DIR, "ai-alignment-papers.csv");
const titles = [
  ...new Set(
    (await parseZoteroCsv(readFileSync(bibliography, "utf8"), bibliography)).map((c) => c.title.trim()),
  ),
];
// A stem index: only titles sharing a stem can score above 0.
const byStem = new Map<string, number[]>();
titles.forEach((t, i) => {
  for (const stem of new Set(titleStems(t))) byStem.set(stem, [...(byStem.get(stem) ?? []), i]);
});
const bands = { same: 0, possibly: 0, below: 0 };
titles.forEach((t, i) => {
  const others = new Set<number>();
  for (const stem of new Set(titleStems(t))) for (const j of byStem.get(stem)!) if (j > i) others.add(j);
  for (const j of others) {
    const score = sameItemScore(t, titles[j]!);
    if (score >= SAME_ITEM_THRESHOLD) bands.same++;
    else if (score >= POSSIBLY_SAME_THRESHOLD) bands.possibly++;
    else if (score >= 0.7) bands.below++;
  }
});
console.log(
  `${titles.length} distinct titles of ai-alignment-papers.csv: ${bands.same} pairs same, ${bands.possibly} in the band, ${bands.below} in [0.7, ${POSSIBLY_SAME_THRESHOLD})`,
);
