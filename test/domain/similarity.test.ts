import assert from "node:assert/strict";
import { test } from "node:test";
import { diceSimilarity } from "../../src/domain/similarity.ts";

test("identical strings are 1, including short and empty ones", () => {
  assert.equal(diceSimilarity("reward learning", "reward learning"), 1);
  assert.equal(diceSimilarity("a", "a"), 1);
  assert.equal(diceSimilarity("", ""), 1);
});

test("strings with no common bigram are 0", () => {
  assert.equal(diceSimilarity("abcd", "wxyz"), 0);
});

test("strings shorter than a bigram are 0 unless equal", () => {
  assert.equal(diceSimilarity("a", "b"), 0);
  assert.equal(diceSimilarity("a", "ab"), 0);
  assert.equal(diceSimilarity("", "ab"), 0);
});

test("the Sørensen–Dice coefficient over bigrams", () => {
  // night: ni ig gh ht; nacht: na ac ch ht -> 1 shared of 4 + 4.
  assert.equal(diceSimilarity("night", "nacht"), 0.25);
  // Bigrams are a multiset: "aaaa" has aa x3, "aa" has aa x1 -> 2*1/(3+1).
  assert.equal(diceSimilarity("aaaa", "aa"), 0.5);
});

test("is symmetric and within [0, 1]", () => {
  const pairs: [string, string][] = [
    ["night", "nacht"],
    ["aaaa", "aa"],
    ["Adversarial examples are not bugs", "Adversarial examples are not bugs, they are features"],
    ["abc", "cba"],
  ];
  for (const [a, b] of pairs) {
    const s = diceSimilarity(a, b);
    assert.equal(s, diceSimilarity(b, a), `${a} / ${b}`);
    assert.ok(s >= 0 && s <= 1, `${a} / ${b}: ${s}`);
  }
});

test("a small typo scores higher than a different title", () => {
  const title = "Adversarial Examples Are Not Bugs, They Are Features";
  const typo = diceSimilarity(title, "Adversarial Exmaples Are Not Bugs, They Are Features");
  const other = diceSimilarity(title, "Learning to summarize from human feedback");
  assert.ok(typo > 0.85, `typo ${typo}`);
  assert.ok(other < 0.4, `other ${other}`);
  assert.ok(typo > other);
});

test("is case-sensitive: callers normalize first", () => {
  assert.ok(diceSimilarity("ABCD", "abcd") < 1);
});
