import { SummaError } from "../domain/errors.ts";
import type { SurveyQuestion } from "../domain/survey.ts";
import type { Answer } from "../domain/survey-answers.ts";
import type { RawResponse } from "./results.ts";
import type { Survey } from "./surveys.ts";

/**
 * Reading results by segment: the responses whose answer to one choice question includes an
 * option ("only the researchers"), and a cross-tab of two choice questions (how each answer
 * of one splits over the other). Scales count as choices, their values as options. Pure.
 */

/** The options a question's answers fall into, or null for a text question. */
function optionsOf(q: SurveyQuestion): string[] | null {
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
  const { q, options } = choiceQuestion(survey, question);
  const wanted = options.find((o) => o.toLowerCase() === option.trim().toLowerCase());
  if (!wanted)
    throw new SummaError(
      "input.invalid",
      `Question "${question}" has no option "${option}" (its options: ${options.join(", ")})`,
    );
  return responses.filter((r) => picked(r.answers[q.id]).includes(wanted));
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
