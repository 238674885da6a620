import type { Edition } from "../domain/subscriber-input.ts";
import type { QuestionKind, SurveyQuestion } from "../domain/survey.ts";
import type { Answer, Answers } from "../domain/survey-answers.ts";
import {
  countSurveyResponses,
  type Store,
  surveyResponseReaders,
  surveyResponseRows,
} from "../store/index.ts";
import { getSurvey, type Survey } from "./surveys.ts";

/** One question's figures: how many answered, and per kind the counts or the texts. */
export interface QuestionResult {
  id: string;
  text: string;
  kind: QuestionKind;
  required: boolean;
  /** Responses that answered this question. */
  answers: number;
  /** single/multiple: each option's count, in the question's order ("Other" last when offered). */
  counts?: { option: string; count: number }[];
  /** multiple: the "Other" texts. */
  other?: string[];
  /** scale: the count of each value 1..max, the mean and the median (null without answers). */
  distribution?: { value: number; count: number }[];
  mean?: number | null;
  median?: number | null;
  minLabel?: string;
  maxLabel?: string;
  /** text kinds: every answer, oldest first. */
  texts?: string[];
}

export interface SurveyResults {
  slug: string;
  title: string;
  anonymity: Survey["anonymity"];
  responses: number;
  questions: QuestionResult[];
}

export interface RawResponse {
  id: number;
  createdAt: string;
  updatedAt: string;
  answers: Answers;
  /**
   * Linked surveys only: the reader's edition and since when they subscribe (what reader
   * segments filter on; never who they are). Absent for anonymous surveys, null for a response
   * with no reader (imported, or the subscriber deleted).
   */
  reader?: ResponseReader | null;
}

export interface ResponseReader {
  edition: Edition;
  /** ISO time: consent, else confirmation, else sign-up. */
  since: string;
}

/** How many responses a survey has. */
export function responseCount(store: Store, survey: Survey): Promise<number> {
  return countSurveyResponses(store.db, survey.id);
}

/** Every response of a survey, parsed (no subscriber: results and exports never name one). */
export async function surveyResponses(store: Store, survey: Survey): Promise<RawResponse[]> {
  const rows = await surveyResponseRows(store.db, survey.id);
  const readers =
    survey.anonymity === "linked"
      ? new Map((await surveyResponseReaders(store.db, survey.id)).map((r) => [r.id, r]))
      : null;
  return rows.map((r) => {
    const response: RawResponse = {
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      answers: JSON.parse(r.answers) as Answers,
    };
    if (readers) {
      const reader = readers.get(Number(r.id));
      response.reader = reader ? { edition: reader.edition, since: reader.since } : null;
    }
    return response;
  });
}

/** How many responses answered each question (by id): what the desk's editor protects. */
export async function answerCounts(store: Store, survey: Survey): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const r of await surveyResponseRows(store.db, survey.id))
    for (const id of Object.keys(JSON.parse(r.answers) as Answers)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** One question's figures from its answers (pure: the desk, the CLI and --json share it). */
export function questionResult(q: SurveyQuestion, given: readonly Answer[]): QuestionResult {
  const base: QuestionResult = {
    id: q.id,
    text: q.text,
    kind: q.kind,
    required: q.required,
    answers: given.length,
  };
  if (q.kind === "single") {
    const counts = new Map(q.options.map((o) => [o, 0]));
    for (const a of given) if (typeof a === "string" && counts.has(a)) counts.set(a, counts.get(a)! + 1);
    return { ...base, counts: [...counts].map(([option, count]) => ({ option, count })) };
  }
  if (q.kind === "multiple") {
    const counts = new Map(q.options.map((o) => [o, 0]));
    const other: string[] = [];
    for (const a of given) {
      if (typeof a !== "object") continue;
      for (const c of a.choices) if (counts.has(c)) counts.set(c, counts.get(c)! + 1);
      if (a.other) other.push(a.other);
    }
    const list = [...counts].map(([option, count]) => ({ option, count }));
    if (q.other) list.push({ option: "Other", count: other.length });
    return { ...base, counts: list, other };
  }
  if (q.kind === "scale") {
    const values = given.filter((a): a is number => typeof a === "number").sort((a, b) => a - b);
    const distribution = Array.from({ length: q.max }, (_, i) => ({
      value: i + 1,
      count: values.filter((v) => v === i + 1).length,
    }));
    const mean = values.length ? round2(values.reduce((s, v) => s + v, 0) / values.length) : null;
    return {
      ...base,
      distribution,
      mean,
      median: median(values),
      minLabel: q.minLabel,
      maxLabel: q.maxLabel,
    };
  }
  return { ...base, texts: given.filter((a): a is string => typeof a === "string") };
}

export function resultsOf(survey: Survey, responses: readonly RawResponse[]): SurveyResults {
  return {
    slug: survey.slug,
    title: survey.title,
    anonymity: survey.anonymity,
    responses: responses.length,
    questions: survey.questions.map((q) =>
      questionResult(
        q,
        responses.flatMap((r) => (r.answers[q.id] === undefined ? [] : [r.answers[q.id]!])),
      ),
    ),
  };
}

/** The survey's results, per question (what `summa survey results` and the desk show). */
export async function surveyResults(store: Store, slug: string): Promise<SurveyResults> {
  const survey = await getSurvey(store, slug);
  return resultsOf(survey, await surveyResponses(store, survey));
}
