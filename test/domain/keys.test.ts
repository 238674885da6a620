import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { looseTitleKey, titleKey } from "../../src/domain/keys.ts";

describe("titleKey", () => {
  test("lowercases, collapses whitespace and trims", () => {
    assert.equal(titleKey("  Adversarial   Examples\tAre\nNot Bugs  "), "adversarial examples are not bugs");
  });

  test("curly quotes become straight quotes", () => {
    assert.equal(titleKey("\u201cHow\u201d we\u2019re \u2018here\u2019"), "\"how\" we're 'here'");
  });

  test("NFKC folds compatibility forms (ligatures, full-width letters, no-break spaces)", () => {
    assert.equal(titleKey("\ufb01ne-tuning"), "fine-tuning");
    assert.equal(titleKey("\uff27\uff30\uff34-3"), "gpt-3");
    assert.equal(titleKey("a\u00a0paper"), "a paper");
  });

  test("composed and decomposed accents give one key", () => {
    assert.equal(titleKey("Schro\u0308dinger"), titleKey("Schr\u00f6dinger"));
  });

  test("punctuation is kept: titles differing in it are different keys", () => {
    assert.notEqual(titleKey("AI safety: a survey"), titleKey("AI safety a survey"));
  });

  test("is idempotent", () => {
    const t = "  \u201cThe Alignment\u00a0Problem\u201d  ";
    assert.equal(titleKey(titleKey(t)), titleKey(t));
  });
});

describe("looseTitleKey", () => {
  test("ignores punctuation and case", () => {
    assert.equal(looseTitleKey("AI Safety: A Survey!"), "ai safety a survey");
    assert.equal(looseTitleKey("AI safety -- a survey"), looseTitleKey("ai safety: a survey"));
    assert.equal(looseTitleKey("GPT-3"), "gpt 3");
  });

  test("keeps letters and digits of any script", () => {
    assert.equal(looseTitleKey("Über «Künstliche» Intelligenz 2.0"), "über künstliche intelligenz 2 0");
    assert.equal(looseTitleKey("人工知能の安全性"), "人工知能の安全性");
  });

  test("a title of punctuation only is empty", () => {
    assert.equal(looseTitleKey(" -- ?! "), "");
  });

  test("different words stay different", () => {
    assert.notEqual(looseTitleKey("Reward learning"), looseTitleKey("Reward hacking"));
  });
});
