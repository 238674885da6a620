import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import {
  chooseThreshold,
  crossValidate,
  isSameItem,
  sameItemScore,
  titleStems,
} from "../../src/entries/same-item.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";

test("titles of one item, as different sources write them, are the same item", () => {
  const same: [string, string][] = [
    [
      "Deep reinforcement learning from human preferences",
      "Deep Reinforcement Learning from Human Preferences.",
    ],
    [
      "Risks from Learned Optimization in Advanced ML Systems",
      "Risks from learned optimisation in advanced ML systems",
    ],
    [
      "Scalable agent alignment via reward modeling - AI Alignment Forum",
      "Scalable agent alignment via reward modelling",
    ],
    ["Iterated Distillation and Amplification (IDA)", "Iterated Distillation and Amplification"],
    ["Safety &amp; Robustness: a survey", "Safety & Robustness - A Survey"],
    ["Quantilizers: A Safer Alternative to Maximizers", "Quantilizers: a safer alternative to maximisers"],
    ["Counterfactual Oracles", "Counterfactual Oracle"],
    ["An empirical invesigation of reward hacking", "An empirical investigation of reward hacking"],
  ];
  for (const [a, b] of same) assert.ok(isSameItem(a, b), `${a} | ${b}: ${sameItemScore(a, b)}`);
});

test("titles of two items differ in a word that says which: a year, a prefix, a changed noun", () => {
  const different: [string, string][] = [
    ["2021 AI Alignment Literature Review", "2022 AI Alignment Literature Review"],
    ["Concrete Problems in AI Safety", "Concrete Problems in AI Safety, Revisited"],
    ["Reply to: Goodhart Taxonomy", "Goodhart Taxonomy"],
    ["Inverse Reward Design", "Inverse Reward Learning"],
    ["AI Safety via Debate", "AI Safety via Market Making"],
    ["The Alignment Problem", "The Control Problem"],
  ];
  for (const [a, b] of different) assert.ok(!isSameItem(a, b), `${a} | ${b}: ${sameItemScore(a, b)}`);
  assert.equal(sameItemScore("", "Anything"), 0);
  assert.deepEqual(titleStems("Classiﬁcation of the Risks (ARCHES)"), ["classif", "risk"]);
});

test("the threshold makes the fewest mistakes, in the middle of the widest gap; cross-validation holds each pair out", () => {
  const pairs = [
    { score: 0.2, same: false },
    { score: 0.6, same: false },
    { score: 0.9, same: true },
    { score: 1, same: true },
  ];
  assert.equal(chooseThreshold(pairs), 0.75);
  // Held out, 0.6 meets the threshold the other three choose (0.55, the middle of 0.2-0.9): a
  // mistake a threshold chosen on all four would hide.
  const cv = crossValidate(pairs);
  assert.deepEqual(cv.thresholds, [0.75, 0.55, 0.8, 0.75]);
  assert.deepEqual([cv.precision, cv.recall], [2 / 3, 1]);
});

test("on QURI's judged pairs, leave-one-pair-out: precision >= 0.95, recall >= 0.90", {
  skip: needAnData(),
}, async () => {
  const rows = JSON.parse(await readFile(anDataFile("quri-an-tai-similar-items.json"), "utf8")) as [
    string,
    string,
    boolean,
  ][];
  // The file repeats each judged pair; each counts once, so none is in both a fold's training and test.
  const pairs = [...new Map(rows.map((r) => [r.join("\u0000"), r])).values()];
  assert.equal(pairs.length, 18);
  const cv = crossValidate(pairs.map(([a, b, same]) => ({ score: sameItemScore(a, b), same })));
  console.log(
    `# QURI pairs: ${pairs.length}, precision ${cv.precision.toFixed(3)}, recall ${cv.recall.toFixed(3)}`,
  );
  assert.ok(cv.precision >= 0.95, `precision ${cv.precision}`);
  assert.ok(cv.recall >= 0.9, `recall ${cv.recall}`);
});
