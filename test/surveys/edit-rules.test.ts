import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSurveyDefinition } from "../../src/domain/survey.ts";
import { answeredChangeProblems } from "../../src/surveys/index.ts";
import { surveyJson } from "./fixtures.ts";

const before = parseSurveyDefinition(surveyJson());
const edited = (change: (qs: Record<string, unknown>[]) => Record<string, unknown>[], extra = {}) =>
  parseSurveyDefinition(
    surveyJson({
      questions: change(structuredClone(surveyJson().questions) as Record<string, unknown>[]),
      ...extra,
    }),
  );
const answered = [{ answers: { role: "Research", parts: { choices: [], other: "x" }, useful: 3 } }];

test("with no response anything goes; with some, rewording, reordering, adding and required are fine", () => {
  const wild = edited((qs) => qs.slice(0, 1).map((q) => ({ ...q, kind: "short_text", options: undefined })), {
    anonymity: "linked",
  });
  assert.deepEqual(answeredChangeProblems(before, wild, []), []);
  const gentle = edited((qs) => [
    { ...qs[2], text: "How useful, really?", min_label: "Useless", required: false },
    { ...qs[0], options: ["Research", "Engineering", "Other work", "Student"], section: "You" },
    qs[1]!,
    { id: "new", kind: "long_text", text: "New?" },
  ]);
  assert.deepEqual(answeredChangeProblems(before, gentle, answered), []);
});

test("an unanswered question may go even when others were answered", () => {
  const fewer = edited((qs) => qs.filter((q) => q.id !== "more" && q.id !== "name"));
  assert.deepEqual(answeredChangeProblems(before, fewer, answered), []);
});

test("each harmful change is named with its question and how many answered", () => {
  const harmful = edited(
    (qs) => [
      { ...qs[0], options: ["Research", "Engineers", "Other work"] },
      { ...qs[1], other: false },
      { ...qs[2], max: 10 },
    ],
    { anonymity: "linked" },
  );
  assert.deepEqual(answeredChangeProblems(before, harmful, answered), [
    "anonymity: 1 reader(s) answered as anonymous; it cannot change now (make a new survey)",
    'question "What do you do?" (role, 1 answer): option "Engineering" cannot be removed or renamed (add new options instead)',
    'question "Which parts do you read?" (parts, 1 answer): "Other" cannot be turned off (some answers may hold one)',
    'question "How useful is it?" (useful, 1 answer): the scale cannot change from 1-5 to 1-10',
  ]);
  const retyped = edited((qs) => [{ ...qs[0], kind: "multiple" }, qs[1]!]);
  assert.deepEqual(answeredChangeProblems(before, retyped, answered), [
    'question "What do you do?" (role, 1 answer): its kind cannot change from single to multiple',
    'question "How useful is it?" (useful, 1 answer) cannot be removed: its answers would be lost (make it optional instead)',
  ]);
});
