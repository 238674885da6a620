import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SummaError } from "../../src/domain/errors.ts";
import {
  estimateMinutes,
  parseSurveyDefinition,
  questionJson,
  SECONDS_PER_KIND,
  sectionsOf,
  surveyState,
} from "../../src/domain/survey.ts";
import { answerText, readAnswers } from "../../src/domain/survey-answers.ts";
import { formOf, surveyJson } from "../surveys/fixtures.ts";

function problemsOf(raw: unknown): string[] {
  try {
    parseSurveyDefinition(raw, "s.json");
  } catch (err) {
    assert.ok(err instanceof SummaError);
    assert.equal(err.code, "survey.invalid");
    return err.details.problems as string[];
  }
  assert.fail("expected survey.invalid");
}

describe("survey definitions", () => {
  test("a valid definition reads back with defaults (ids, optional, 5-point scale)", () => {
    const def = parseSurveyDefinition(
      surveyJson({
        opens_at: "2019-04-01",
        questions: [
          { kind: "single", text: "A?", options: ["x", "y"] },
          { kind: "scale", text: "B?" },
        ],
      }),
    );
    assert.equal(def.slug, "retrospective-2019");
    assert.equal(def.opensAt, "2019-04-01T00:00:00.000Z");
    assert.deepEqual(
      def.questions.map((q) => [q.id, q.kind, q.required, q.max]),
      [
        ["q1", "single", false, 5],
        ["q2", "scale", false, 5],
      ],
    );
  });

  test("every problem is named at once, by question and field", () => {
    const problems = problemsOf({
      slug: "Bad Slug",
      title: "",
      anonymity: "secret",
      opens_at: "2019-05-01",
      closes_at: "2019-04-01",
      questions: [
        { id: "a", kind: "single", text: "One?", options: ["x"] },
        { id: "a", kind: "scale", text: "Two?", max: 7 },
        { id: "c", kind: "poll", text: "" },
        { id: "d", kind: "single", text: "Other?", options: ["x", "x"], other: true },
      ],
    });
    const expected = [
      /slug "Bad Slug" must be lowercase/,
      /title is empty/,
      /anonymity must be "anonymous" or "linked"/,
      /closes_at must be after opens_at/,
      /question 1 \(a\): options must list at least 2 choices/,
      /question 2 \(a\): max must be 5 or 10, not 7/,
      /question 3 \(c\): kind must be one of/,
      /question 3 \(c\): text is empty/,
      /question 4 \(d\): option "x" is listed twice/,
      /question 4 \(d\): "other" is offered on multiple-choice questions only/,
      /question id "a" is used twice/,
    ];
    for (const re of expected)
      assert.ok(
        problems.some((p) => re.test(p)),
        `${re} in ${problems.join(" | ")}`,
      );
    assert.deepEqual(problemsOf({ slug: "x", title: "T", questions: [] }), [
      "questions must list at least one question",
    ]);
    assert.match(problemsOf(surveyJson({ closes_at: "next week" }))[0]!, /closes_at must be a date/);
  });

  test("sections: read and written back, grouped by consecutive heading; a long heading is named", () => {
    const def = parseSurveyDefinition(
      surveyJson({
        questions: [
          { kind: "short_text", text: "A", section: "About you" },
          { kind: "short_text", text: "B", section: " About you " },
          { kind: "short_text", text: "C" },
          { kind: "short_text", text: "D", section: "About you" },
        ],
      }),
    );
    assert.deepEqual(
      sectionsOf(def.questions).map((s) => [s.heading, s.questions.map((x) => x.n)]),
      [
        ["About you", [1, 2]],
        ["", [3]],
        ["About you", [4]],
      ],
    );
    assert.equal(questionJson(def.questions[0]!).section, "About you");
    assert.equal("section" in questionJson(def.questions[2]!), false);
    assert.throws(
      () =>
        parseSurveyDefinition(
          surveyJson({ questions: [{ kind: "short_text", text: "A", section: "x".repeat(201) }] }),
        ),
      /question 1 \(q1\): section is longer than 200 characters/,
    );
  });

  test("estimated minutes: seconds per kind plus the intro, rounded up", () => {
    // 15 (intro) + 10 + 15 + 8 + 30 + 90 = 168 s -> 3 minutes: "a 3-minute survey".
    const def = parseSurveyDefinition(surveyJson());
    assert.equal(estimateMinutes(def.questions), 3);
    assert.equal(estimateMinutes([{ kind: "single" }]), 1);
    const twenty = Array.from({ length: 20 }, () => ({ kind: "scale" as const }));
    assert.equal(estimateMinutes(twenty), Math.ceil((15 + 20 * SECONDS_PER_KIND.scale) / 60));
  });

  test("open, scheduled, closed by date or by hand", () => {
    const at = new Date("2019-04-10T00:00:00Z");
    const s = { opensAt: "2019-04-01T00:00:00.000Z", closesAt: "2019-05-01T00:00:00.000Z", closedAt: null };
    assert.equal(surveyState(s, at), "open");
    assert.equal(surveyState(s, new Date("2019-03-01T00:00:00Z")), "scheduled");
    assert.equal(surveyState(s, new Date("2019-05-01T00:00:00Z")), "closed");
    assert.equal(surveyState({ ...s, closedAt: "2019-04-05T00:00:00.000Z" }, at), "closed");
  });
});

describe("survey answers", () => {
  const { questions } = parseSurveyDefinition(surveyJson());

  test("a complete form reads into answers", () => {
    const { answers, errors } = readAnswers(
      questions,
      formOf({
        q_role: "Research",
        q_parts: ["Opinions", "Highlights", "__other__"],
        q_parts_other: "  the links ",
        q_useful: "4",
        q_name: "AN",
        q_more: "line one\r\nline two",
      }),
    );
    assert.deepEqual(errors, {});
    assert.deepEqual(answers, {
      role: "Research",
      parts: { choices: ["Highlights", "Opinions"], other: "the links" },
      useful: 4,
      name: "AN",
      more: "line one\nline two",
    });
    assert.equal(answerText(answers.parts), "Highlights; Opinions; Other: the links");
  });

  test("problems are per question: required, unknown choices, scale range, empty Other", () => {
    const { errors, answers } = readAnswers(
      questions,
      formOf({ q_parts: ["Forged", "__other__"], q_useful: "6", q_name: "x".repeat(501) }),
    );
    assert.deepEqual(Object.keys(errors).sort(), ["name", "parts", "role", "useful"]);
    assert.match(errors.role!, /Please answer/);
    assert.match(errors.parts!, /among the choices/);
    assert.match(errors.useful!, /from 1 to 5/);
    assert.match(errors.name!, /under 500/);
    assert.deepEqual(answers, {});
    const other = readAnswers(
      questions,
      formOf({ q_role: "Research", q_useful: "1", q_parts: ["__other__"] }),
    );
    assert.match(other.errors.parts!, /say what "Other" is/);
  });
});
