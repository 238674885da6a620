import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { KeyIndex } from "../../src/entries/key-index.ts";

describe("KeyIndex", () => {
  test("remembers the first row of each key, exactly, through growth", () => {
    const index = new KeyIndex();
    for (let i = 0; i < 50_000; i++)
      assert.equal(index.firstRow(`title ${i}\u0000AN #${i % 170}`, i + 2), undefined);
    for (let i = 0; i < 50_000; i += 997)
      assert.equal(index.firstRow(`title ${i}\u0000AN #${i % 170}`, 999_999), i + 2);
    assert.equal(index.firstRow("title 1\u0000AN #2", 5), undefined, "a different label is a different key");
  });

  test("keys that differ only in lone surrogates or accents stay distinct", () => {
    const index = new KeyIndex();
    assert.equal(index.firstRow("a\uD800b", 1), undefined);
    assert.equal(index.firstRow("a\uDC00b", 2), undefined);
    assert.equal(index.firstRow("café", 3), undefined);
    assert.equal(index.firstRow("cafe\u0301", 4), undefined);
    assert.equal(index.firstRow("a\uD800b", 9), 1);
    assert.equal(index.firstRow("café", 9), 3);
  });
});
