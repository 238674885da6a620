import assert from "node:assert/strict";
import { test } from "node:test";
import { blankQuestion, draftQuestions, type SurveyDraft } from "../../src/web/desk/surveys-draft.ts";

const draft = (questions: SurveyDraft["questions"]): SurveyDraft => ({
  slug: "s",
  title: "T",
  intro: "",
  anonymity: "anonymous",
  opensAt: "",
  closesAt: "",
  questions,
});
const q = (position: string, text: string, extra: Partial<SurveyDraft["questions"][number]> = {}) => ({
  ...blankQuestion(0),
  position,
  text,
  kind: "short_text",
  ...extra,
});

test("positions order the questions (decimals slot between; a blank or bad position keeps its place; ties keep form order)", () => {
  const out = draftQuestions(
    draft([q("1", "A", { id: "a" }), q("2", "B", { id: "b" }), q("1.5", "C"), q("", "D"), q("2", "E")]),
  );
  assert.deepEqual(
    out.map((x) => x.text),
    ["A", "C", "B", "E", "D"],
  );
});

test("new questions get the first id no question of the form has, a removed one's included; removed and untouched blank slots are left out; options one a line", () => {
  const out = draftQuestions(
    draft([
      q("1", "Kept", { id: "q1" }),
      q("2", "Gone", { id: "q2", remove: true }),
      q("3", "New", { kind: "single", options: " Yes \r\n\r\nNo\n" }),
      blankQuestion(4),
    ]),
  );
  assert.deepEqual(out, [
    { id: "q1", kind: "short_text", text: "Kept", required: false },
    { id: "q3", kind: "single", text: "New", required: false, options: ["Yes", "No"] },
  ]);
});

test("a scale keeps its ends and 1-10; Other only on multiple choice; a section when given", () => {
  const [scale, multi, single] = draftQuestions(
    draft([
      q("1", "S", { kind: "scale", max: "10", minLabel: "Low", maxLabel: "High", section: "Part 1" }),
      q("2", "M", { kind: "multiple", options: "a\nb", other: true }),
      q("3", "O", { kind: "single", options: "a\nb", other: true }),
    ]),
  );
  assert.deepEqual(scale, {
    id: "q1",
    kind: "scale",
    text: "S",
    required: false,
    section: "Part 1",
    max: 10,
    min_label: "Low",
    max_label: "High",
  });
  assert.equal(multi!.other, true);
  assert.equal("other" in single!, false);
});
