import type { SurveyQuestion } from "./survey.ts";

/**
 * A reader's answers, by question id: single -> the option; multiple -> the options ticked and
 * the "Other" text; scale -> 1..max; text -> the text. Unanswered optional questions are absent.
 */
export type Answer = string | number | { choices: string[]; other: string };
export type Answers = Record<string, Answer>;

/** The value the "Other" checkbox posts; the text goes in `q_<id>_other`. */
export const OTHER_VALUE = "__other__";
export const MAX_SHORT_TEXT = 500;
export const MAX_LONG_TEXT = 10000;

/** The form field of a question (checkboxes repeat it). */
export const fieldName = (q: Pick<SurveyQuestion, "id">) => `q_${q.id}`;
export const otherFieldName = (q: Pick<SurveyQuestion, "id">) => `q_${q.id}_other`;

/** What a form posted: each field's values (a checkbox group posts several). */
export type FormValues = (name: string) => string[];

export interface AnswerCheck {
  answers: Answers;
  /** Problems by question id, each a sentence for beside the question. */
  errors: Record<string, string>;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: tabs and newlines stay, other controls go
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const clean = (text: string) => text.replace(CONTROLS, "").replace(/\r\n?/g, "\n").trim();

/** Reads and checks a posted form against the questions: every problem at once, by question. */
export function readAnswers(questions: readonly SurveyQuestion[], form: FormValues): AnswerCheck {
  const answers: Answers = {};
  const errors: Record<string, string> = {};
  for (const q of questions) {
    const values = form(fieldName(q))
      .map(clean)
      .filter((v) => v !== "");
    const missing = () => {
      if (q.required) errors[q.id] = "Please answer this question.";
    };
    if (q.kind === "single") {
      if (values.length === 0) missing();
      else if (values.length > 1 || !q.options.includes(values[0]!))
        errors[q.id] = "Please pick one of the choices.";
      else answers[q.id] = values[0]!;
    } else if (q.kind === "multiple") {
      const other = q.other && values.includes(OTHER_VALUE) ? clean(form(otherFieldName(q))[0] ?? "") : "";
      const choices = [...new Set(values.filter((v) => v !== OTHER_VALUE))];
      if (choices.some((c) => !q.options.includes(c))) errors[q.id] = "Please pick among the choices shown.";
      else if (q.other && values.includes(OTHER_VALUE) && !other)
        errors[q.id] = 'Please say what "Other" is, or untick it.';
      else if (other.length > MAX_SHORT_TEXT)
        errors[q.id] = `Please keep "Other" under ${MAX_SHORT_TEXT} characters.`;
      else if (choices.length === 0 && !other) missing();
      else answers[q.id] = { choices: q.options.filter((o) => choices.includes(o)), other };
    } else if (q.kind === "scale") {
      if (values.length === 0) missing();
      else {
        const n = Number(values[0]);
        if (values.length > 1 || !Number.isInteger(n) || n < 1 || n > q.max)
          errors[q.id] = `Please pick a number from 1 to ${q.max}.`;
        else answers[q.id] = n;
      }
    } else {
      const limit = q.kind === "short_text" ? MAX_SHORT_TEXT : MAX_LONG_TEXT;
      const text = values.join("\n");
      if (!text) missing();
      else if (text.length > limit)
        errors[q.id] = `Please keep this under ${limit} characters (it has ${text.length}).`;
      else answers[q.id] = text;
    }
  }
  return { answers, errors };
}

/** An answer as one line of text, for CSV cells and listings. */
export function answerText(answer: Answer | undefined): string {
  if (answer === undefined) return "";
  if (typeof answer === "string") return answer;
  if (typeof answer === "number") return String(answer);
  return [...answer.choices, ...(answer.other ? [`Other: ${answer.other}`] : [])].join("; ");
}
