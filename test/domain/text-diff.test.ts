import assert from "node:assert/strict";
import { test } from "node:test";
import { type DiffPart, diffWords } from "../../src/domain/text-diff.ts";

/** The texts a diff joins back into: before (same + removed) and after (same + added). */
function sides(parts: DiffPart[]): [string, string] {
  return [
    parts
      .filter((p) => p.kind !== "added")
      .map((p) => p.text)
      .join(""),
    parts
      .filter((p) => p.kind !== "removed")
      .map((p) => p.text)
      .join(""),
  ];
}

test("a changed word is removed and added in place, the rest kept", () => {
  assert.deepEqual(diffWords("They train a reward model.", "They train a value model."), [
    { kind: "same", text: "They train a " },
    { kind: "removed", text: "reward" },
    { kind: "added", text: "value" },
    { kind: "same", text: " model." },
  ]);
});

test("insertions and deletions at either end and in the middle", () => {
  assert.deepEqual(diffWords("b c", "a b c d"), [
    { kind: "added", text: "a " },
    { kind: "same", text: "b c" },
    { kind: "added", text: " d" },
  ]);
  assert.deepEqual(diffWords("one two three", "one three"), [
    { kind: "same", text: "one " },
    { kind: "removed", text: "two " },
    { kind: "same", text: "three" },
  ]);
  assert.deepEqual(diffWords("", "new"), [{ kind: "added", text: "new" }]);
  assert.deepEqual(diffWords("old", ""), [{ kind: "removed", text: "old" }]);
  assert.deepEqual(diffWords("same", "same"), [{ kind: "same", text: "same" }]);
});

test("joining the parts gives both texts back exactly, line breaks included", () => {
  const pairs: [string, string][] = [
    [
      "A **bold** claim.\n\nSecond paragraph here.",
      "A *weaker* claim.\n\nSecond paragraph, revised, here.\n",
    ],
    ["  leading and trailing  ", "leading and trailing"],
    ["x y x y x", "y x y x y"],
  ];
  for (const [before, after] of pairs) assert.deepEqual(sides(diffWords(before, after)), [before, after]);
});

test("a long rewrite past the token limit is one removal and one addition, still exact", () => {
  const before = Array.from({ length: 4000 }, (_, i) => `w${i}`).join(" ");
  const after = Array.from({ length: 4000 }, (_, i) => `v${i}`).join(" ");
  const parts = diffWords(`start ${before} end`, `start ${after} end`);
  assert.deepEqual(sides(parts), [`start ${before} end`, `start ${after} end`]);
  assert.equal(parts.filter((p) => p.kind !== "same").length, 2);
});
