import { stringify } from "csv-stringify/sync";
import type { SurveyQuestion } from "../../domain/survey.ts";
import { type Answers, answerText } from "../../domain/survey-answers.ts";

/** One response as exported: no subscriber, ever (results and exports name none). */
export interface ExportedResponse {
  id: number;
  createdAt: string;
  updatedAt: string;
  answers: Answers;
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return before
 * one) gets a leading apostrophe. Unlike the entries' export, which is written as is so it
 * imports back unchanged, survey answers are typed by anyone on the internet and are never
 * imported back, so the OWASP "CSV injection" rule applies.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The responses as CSV: id, created, updated, then one column per question (its id). */
export function surveyResponsesCsv(
  questions: readonly SurveyQuestion[],
  responses: readonly ExportedResponse[],
): string {
  const header = ["response", "created_at", "updated_at", ...questions.map((q) => q.id)];
  const rows = responses.map((r) => [
    String(r.id),
    r.createdAt,
    r.updatedAt,
    ...questions.map((q) => neutraliseFormula(answerText(r.answers[q.id]))),
  ]);
  return stringify([header, ...rows]);
}

/**
 * The responses as JSON: the questions, then each response's answers as stored. "<", ">" and
 * "&" are written as \u escapes (the same JSON once parsed), so no answer reads as markup if the
 * file is ever shown inside a page.
 */
export function surveyResponsesJson(
  survey: { slug: string; title: string; questions: readonly SurveyQuestion[] },
  responses: readonly ExportedResponse[],
): string {
  return `${JSON.stringify(
    {
      survey: survey.slug,
      title: survey.title,
      questions: survey.questions.map((q) => ({ id: q.id, kind: q.kind, text: q.text })),
      responses: responses.map((r) => ({
        id: r.id,
        created_at: r.createdAt,
        updated_at: r.updatedAt,
        answers: r.answers,
      })),
    },
    null,
    2,
  ).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
}
