import assert from "node:assert/strict";
import { test } from "node:test";
import { AN_TAXONOMY, categoryKey, validateTaxonomy } from "../../src/domain/taxonomy.ts";

test("AN's own taxonomy is valid", () => {
  assert.deepEqual(validateTaxonomy(AN_TAXONOMY), []);
  assert.deepEqual(validateTaxonomy([]), []);
});

test("categoryKey ignores case and spacing", () => {
  assert.equal(categoryKey("  Miscellaneous   (alignment) "), categoryKey("Miscellaneous (Alignment)"));
  assert.notEqual(categoryKey("Robustness"), categoryKey("Robustness 2"));
});

test("not a list is one problem", () => {
  for (const value of [null, undefined, {}, "News", 3, { name: "x", categories: [] }]) {
    assert.deepEqual(validateTaxonomy(value), ["the taxonomy must be a list of sections"]);
  }
});

test("a category in two sections is reported with both sections, case-insensitively", () => {
  const problems = validateTaxonomy([
    { name: "Alignment", categories: ["Interpretability", "Robustness"] },
    { name: "Capabilities", categories: ["Deep learning", "interpretability "] },
  ]);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /section 2/);
  assert.match(problems[0]!, /"interpretability "/);
  assert.match(problems[0]!, /already in section "Alignment"/);
});

test("a section named twice is reported", () => {
  const problems = validateTaxonomy([
    { name: "News", categories: ["News"] },
    { name: "news", categories: ["Announcements"] },
  ]);
  assert.deepEqual(problems, ['section 2: section "news" appears twice']);
});

test("every problem is listed at once, each naming where it is", () => {
  const problems = validateTaxonomy([
    { name: "", categories: ["A"] },
    "Near-term concerns",
    { name: "Policy", categories: "AI governance" },
    { name: "Other", categories: ["B", "", 42, "a"] },
    null,
    { categories: [] },
  ]);
  assert.equal(problems.length, 8, problems.join("\n"));
  assert.deepEqual(problems.slice(0, 5), [
    'section 1: "name" must be a non-empty string',
    'section 2: must be an object with "name" and "categories"',
    'section 3: "categories" must be a list of names',
    "section 4, category 2: must be a non-empty string",
    "section 4, category 3: must be a non-empty string",
  ]);
  // "a" is "A" of section 1 (whose name is itself invalid).
  assert.match(problems[5]!, /^section 4: category "a" is already in section/);
  assert.deepEqual(problems.slice(6), [
    'section 5: must be an object with "name" and "categories"',
    'section 6: "name" must be a non-empty string',
  ]);
});

test("whitespace-only names are empty", () => {
  const problems = validateTaxonomy([{ name: "   ", categories: ["  "] }]);
  assert.deepEqual(problems, [
    'section 1: "name" must be a non-empty string',
    "section 1, category 1: must be a non-empty string",
  ]);
});
