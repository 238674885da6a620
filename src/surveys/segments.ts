import { SummaError } from "../domain/errors.ts";
import type { Edition } from "../domain/subscriber-input.ts";
import type { SurveyQuestion } from "../domain/survey.ts";
import type { Answer } from "../domain/survey-answers.ts";
import type { RawResponse } from "./results.ts";
import type { Survey } from "./surveys.ts";

/**
 * Reading results by segment: the responses whose answer to one choice question includes an
 * option ("only the researchers"), the readers of one edition or who subscribe since (or
 * before) a date (linked surveys only: an anonymous answer names no reader), and a cross-tab of
 * two choice questions (how each answer of one splits over the other). Scales count as
 * choices, their values as options. Pure.
 */

/** One segment; several are read together (each response must be in all). */
export type Segment =
  | { kind: "answer"; question: string; option: string }
  | { kind: "edition"; edition: Edition }
  | { kind: "since"; date: string }
  | { kind: "before"; date: string };

/** The reader segments' names in `--where NAME=VALUE` (a question with that id wins). */
export const READER_SEGMENTS = ["edition", "since", "before"] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `QUESTION=OPTION`, `edition=full|highlights`, `since=YYYY-MM-DD` (subscribed on or after that
 * day, UTC) or `before=YYYY-MM-DD` (subscribed before it), checked against the survey.
 */
export function parseSegment(survey: Survey, text: string): Segment {
  const at = text.indexOf("=");
  const name = at > 0 ? text.slice(0, at).trim() : "";
  const value = at > 0 ? text.slice(at + 1).trim() : "";
  if (!name || !value)
    throw new SummaError(
      "input.invalid",
      `A segment is QUESTION=OPTION, edition=, since= or before=, not "${text}"`,
    );
  const isQuestion = survey.questions.some((q) => q.id === name);
  if (!isQuestion && (READER_SEGMENTS as readonly string[]).includes(name)) {
    if (survey.anonymity !== "linked")
      throw new SummaError(
        "input.invalid",
        `"${survey.slug}" is anonymous: its answers name no reader, so there is no ${name} segment (linked surveys have them)`,
      );
    if (name === "edition") {
      if (value !== "full" && value !== "highlights")
        throw new SummaError("input.invalid", `edition is "full" or "highlights", not "${value}"`);
      return { kind: "edition", edition: value };
    }
    if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
      throw new SummaError("input.invalid", `${name} takes a date, YYYY-MM-DD, not "${value}"`);
    return { kind: name === "since" ? "since" : "before", date: value };
  }
  const { options } = choiceQuestion(survey, name);
  const option = options.find((o) => o.toLowerCase() === value.toLowerCase());
  if (!option)
    throw new SummaError(
      "input.invalid",
      `Question "${name}" has no option "${value}" (its options: ${options.join(", ")})`,
    );
  return { kind: "answer", question: name, option };
}

/** The segment as a phrase ("edition = highlights", "subscribed since 2020-01-01"). */
export function describeSegment(survey: Survey, segment: Segment): string {
  if (segment.kind === "edition")
    return `edition: ${segment.edition === "full" ? "full" : "highlights only"}`;
  if (segment.kind === "since") return `subscribed since ${segment.date}`;
  if (segment.kind === "before") return `subscribed before ${segment.date}`;
  const q = survey.questions.find((x) => x.id === segment.question);
  return `${q?.text ?? segment.question} = ${segment.option}`;
}

function inSegment(survey: Survey, r: RawResponse, segment: Segment): boolean {
  if (segment.kind === "answer") {
    const q = survey.questions.find((x) => x.id === segment.question);
    return q !== undefined && picked(r.answers[q.id]).includes(segment.option);
  }
  const reader = r.reader;
  if (!reader) return false;
  if (segment.kind === "edition") return reader.edition === segment.edition;
  const day = reader.since.slice(0, 10);
  return segment.kind === "since" ? day >= segment.date : day < segment.date;
}

/** The responses in every one of `segments` (all of them for none). */
export function applySegments(
  survey: Survey,
  responses: readonly RawResponse[],
  segments: readonly Segment[],
): RawResponse[] {
  return responses.filter((r) => segments.every((s) => inSegment(survey, r, s)));
}

/** The options a question's answers fall into, or null for a text question. */
export function optionsOf(q: SurveyQuestion): string[] | null {
  if (q.kind === "single") return q.options;
  if (q.kind === "multiple") return q.other ? [...q.options, "Other"] : q.options;
  if (q.kind === "scale") return Array.from({ length: q.max }, (_, i) => String(i + 1));
  return null;
}

/** Which of `options` an answer picks (several for a checkbox question). */
function picked(answer: Answer | undefined): string[] {
  if (answer === undefined) return [];
  if (typeof answer === "number") return [String(answer)];
  if (typeof answer === "string") return [answer];
  return [...answer.choices, ...(answer.other ? ["Other"] : [])];
}

function choiceQuestion(survey: Survey, id: string): { q: SurveyQuestion; options: string[] } {
  const q = survey.questions.find((x) => x.id === id);
  if (!q)
    throw new SummaError(
      "input.invalid",
      `"${survey.slug}" has no question "${id}" (its questions: ${survey.questions.map((x) => x.id).join(", ")})`,
    );
  const options = optionsOf(q);
  if (!options)
    throw new SummaError(
      "input.invalid",
      `Question "${id}" is free text: segments and cross-tabs take choice or scale questions`,
    );
  return { q, options };
}

/** The responses whose answer to `question` includes `option` (case aside). */
export function whereAnswer(
  survey: Survey,
  responses: readonly RawResponse[],
  question: string,
  option: string,
): RawResponse[] {
  const { options } = choiceQuestion(survey, question);
  const wanted = options.find((o) => o.toLowerCase() === option.trim().toLowerCase());
  if (!wanted)
    throw new SummaError(
      "input.invalid",
      `Question "${question}" has no option "${option}" (its options: ${options.join(", ")})`,
    );
  return applySegments(survey, responses, [{ kind: "answer", question, option: wanted }]);
}

export interface CrossTab {
  rows: { question: string; text: string; options: string[] };
  columns: { question: string; text: string; options: string[] };
  /** counts[i][j]: responses picking row option i and column option j (a checkbox answer counts in each it picks). */
  counts: number[][];
  /** Responses that answered both questions. */
  answeredBoth: number;
}

export function crossTab(
  survey: Survey,
  responses: readonly RawResponse[],
  rowQuestion: string,
  columnQuestion: string,
): CrossTab {
  const row = choiceQuestion(survey, rowQuestion);
  const column = choiceQuestion(survey, columnQuestion);
  const counts = row.options.map(() => column.options.map(() => 0));
  let answeredBoth = 0;
  for (const r of responses) {
    const a = picked(r.answers[row.q.id]);
    const b = picked(r.answers[column.q.id]);
    if (a.length === 0 || b.length === 0) continue;
    answeredBoth++;
    for (const x of a)
      for (const y of b) {
        const i = row.options.indexOf(x);
        const j = column.options.indexOf(y);
        if (i >= 0 && j >= 0) counts[i]![j]!++;
      }
  }
  return {
    rows: { question: row.q.id, text: row.q.text, options: row.options },
    columns: { question: column.q.id, text: column.q.text, options: column.options },
    counts,
    answeredBoth,
  };
}
