import assert from "node:assert/strict";
import { test } from "node:test";
import {
  auc,
  contributions,
  logit,
  precisionAt,
  sigmoid,
  topKAccuracy,
  trainLogistic,
} from "../../src/inbox/index.ts";

/** Separable toy data: `good` present means picked, `bad` present means passed over. */
function toy() {
  const examples = [];
  for (let i = 0; i < 20; i++) {
    examples.push({
      x: new Map([
        ["f:good", 1],
        ["f:noise", i % 2],
      ]),
      y: 1,
    });
    examples.push({
      x: new Map([
        ["f:bad", 1],
        ["f:noise", i % 2],
      ]),
      y: 0,
    });
  }
  return examples;
}

test("logistic regression learns the sign of a feature that separates the classes", () => {
  const model = trainLogistic(toy(), { l2: 0.001, iterations: 300 });
  assert.ok(model.weights.get("f:good")! > 1, `good: ${model.weights.get("f:good")}`);
  assert.ok(model.weights.get("f:bad")! < -1, `bad: ${model.weights.get("f:bad")}`);
  assert.ok(Math.abs(model.weights.get("f:noise") ?? 0) < 0.2);
  assert.ok(sigmoid(logit(model, new Map([["f:good", 1]]))) > 0.9);
  assert.ok(sigmoid(logit(model, new Map([["f:bad", 1]]))) < 0.1);
});

test("L2 shrinks the weights, and a group's own strength shrinks only that group", () => {
  const loose = trainLogistic(toy(), { l2: 0.001 });
  const tight = trainLogistic(toy(), { l2: 1 });
  assert.ok(Math.abs(tight.weights.get("f:good")!) < Math.abs(loose.weights.get("f:good")!) / 2);
  const grouped = trainLogistic(
    toy().map((e) => ({ ...e, x: new Map([...e.x].map(([k, v]) => [k === "f:good" ? "g:good" : k, v])) })),
    { l2: 0.001, groupL2: { g: 10 } },
  );
  assert.ok(Math.abs(grouped.weights.get("g:good")!) < 0.3, `g:good ${grouped.weights.get("g:good")}`);
  assert.ok(grouped.weights.get("f:bad")! < -1);
});

test("the explanation's top contribution is the feature that drives the score, and they add up to the logit", () => {
  const model = {
    intercept: 0.5,
    weights: new Map([
      ["a", 3],
      ["b", -0.5],
      ["c", 0.1],
    ]),
  };
  const x = new Map([
    ["a", 1],
    ["b", 1],
    ["c", 2],
    ["unknown", 5],
  ]);
  const why = contributions(model, x, 5);
  assert.deepEqual(
    why.map((w) => [w.feature, w.contribution]),
    [
      ["a", 3],
      ["b", -0.5],
      ["c", 0.2],
    ],
  );
  assert.equal(model.intercept + why.reduce((s, w) => s + w.contribution, 0), logit(model, x));
  assert.equal(contributions(model, x, 1).length, 1);
});

test("AUC: a known small example, ties counting half, and NaN without both classes", () => {
  // Positives 0.9, 0.4; negatives 0.8, 0.1: of 4 pairs, 3 ordered right.
  assert.equal(auc([0.9, 0.8, 0.4, 0.1], [true, false, true, false]), 0.75);
  assert.equal(auc([1, 2, 3], [false, true, true]), 1);
  assert.equal(auc([3, 2, 1], [false, true, true]), 0);
  assert.equal(auc([0.5, 0.5], [true, false]), 0.5);
  assert.ok(Number.isNaN(auc([1, 2], [true, true])));
});

test("precision at k counts the positives among the k best scores", () => {
  const scores = [0.1, 0.9, 0.8, 0.3, 0.7];
  const labels = [true, true, false, true, false];
  assert.equal(precisionAt(1, scores, labels), 1);
  assert.equal(precisionAt(2, scores, labels), 0.5);
  assert.equal(precisionAt(4, scores, labels), 0.5);
  assert.equal(precisionAt(10, scores, labels), 0.6);
  assert.equal(
    topKAccuracy(
      1,
      [
        ["x", "y"],
        ["y", "x"],
      ],
      ["x", "x"],
    ),
    0.5,
  );
  assert.equal(
    topKAccuracy(
      2,
      [
        ["x", "y"],
        ["y", "x"],
      ],
      ["x", "x"],
    ),
    1,
  );
});
