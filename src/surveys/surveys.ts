import { SummaError } from "../domain/errors.ts";
import {
  estimateMinutes,
  parseSurveyDefinition,
  type SurveyDefinition,
  type SurveyQuestion,
  type SurveyState,
  surveyState,
} from "../domain/survey.ts";
import type { Answers } from "../domain/survey-answers.ts";
import {
  findSurveyBySlug,
  insertSurvey,
  inTransaction,
  listSurveyRows,
  type Store,
  type SurveyRow,
  surveyResponseRows,
  updateSurvey,
} from "../store/index.ts";
import { answeredChangeProblems } from "./edit-rules.ts";

/** A survey as the faces read it: its definition, its row's id, and where it stands. */
export interface Survey extends SurveyDefinition {
  id: number;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** "a 3-minute survey" (domain/survey.ts: estimateMinutes). */
  minutes: number;
}

export function surveyFromRow(row: SurveyRow): Survey {
  // Surveys saved before sections existed have none: "" is "no section".
  const questions = (JSON.parse(row.questions) as SurveyQuestion[]).map((q) => ({
    ...q,
    section: q.section ?? "",
  }));
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    intro: row.intro,
    anonymity: row.anonymity,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    questions,
    minutes: estimateMinutes(questions),
  };
}

export function stateOf(survey: Survey, now = new Date()): SurveyState {
  return surveyState(survey, now);
}

/** The survey named by `slug`, or not_found naming it. */
export async function getSurvey(store: Store, slug: string): Promise<Survey> {
  const row = await findSurveyBySlug(store.db, slug);
  if (!row) throw new SummaError("not_found", `No survey "${slug}" (summa survey list shows them)`, { slug });
  return surveyFromRow(row);
}

export async function findSurvey(store: Store, slug: string): Promise<Survey | null> {
  const row = await findSurveyBySlug(store.db, slug);
  return row ? surveyFromRow(row) : null;
}

/** Saves a new survey from its JSON definition (checked whole); conflict when the slug is taken. */
export async function createSurvey(
  store: Store,
  raw: unknown,
  source = "survey",
  now = new Date(),
): Promise<Survey> {
  const def = parseSurveyDefinition(raw, source);
  if (await findSurveyBySlug(store.db, def.slug))
    throw new SummaError("conflict", `A survey "${def.slug}" exists already: pick another slug`, {
      field: "slug",
      slug: def.slug,
    });
  const at = now.toISOString();
  await insertSurvey(store.db, {
    slug: def.slug,
    title: def.title,
    intro: def.intro,
    anonymity: def.anonymity,
    questions: JSON.stringify(def.questions),
    opens_at: def.opensAt,
    closes_at: def.closesAt,
    closed_at: null,
    created_at: at,
    updated_at: at,
  });
  return getSurvey(store, def.slug);
}

export interface SurveyListItem extends Survey {
  responses: number;
  state: SurveyState;
}

export async function listSurveys(store: Store, now = new Date()): Promise<SurveyListItem[]> {
  return (await listSurveyRows(store.db)).map((row) => {
    const survey = surveyFromRow(row);
    return { ...survey, responses: row.responses, state: stateOf(survey, now) };
  });
}

/** Closes a survey by hand: it takes no more responses (and links to it say so). */
export async function closeSurvey(store: Store, slug: string, now = new Date()): Promise<Survey> {
  const survey = await getSurvey(store, slug);
  if (survey.closedAt === null)
    await updateSurvey(store.db, survey.id, { closed_at: now.toISOString(), updated_at: now.toISOString() });
  return getSurvey(store, slug);
}

/** Opens a survey closed by hand again (the desk's "reopen"). */
export async function reopenSurvey(store: Store, slug: string, now = new Date()): Promise<Survey> {
  const survey = await getSurvey(store, slug);
  await updateSurvey(store.db, survey.id, { closed_at: null, updated_at: now.toISOString() });
  return getSurvey(store, slug);
}

export interface SurveyEdit {
  title: string;
  intro: string;
  anonymity: string;
  opensAt: string;
  closesAt: string;
  /** The questions in the definition's JSON shape (the desk's editor builds them). */
  questions: unknown;
}

/**
 * The desk's edit: title, intro, anonymity, dates and questions, checked as a whole definition
 * (the same problems named as on create) and, once readers have answered, against what would
 * change their answers' meaning (edit-rules.ts: refused, each reason named). Read and written
 * in one transaction.
 */
export async function editSurvey(
  store: Store,
  slug: string,
  edit: SurveyEdit,
  now = new Date(),
): Promise<Survey> {
  const survey = await getSurvey(store, slug);
  const def = parseSurveyDefinition(
    {
      slug: survey.slug,
      title: edit.title,
      intro: edit.intro,
      anonymity: edit.anonymity,
      opens_at: edit.opensAt,
      closes_at: edit.closesAt,
      questions: edit.questions,
    },
    slug,
  );
  await inTransaction(store, async (tx) => {
    const responses = (await surveyResponseRows(tx.db, survey.id)).map((r) => ({
      answers: JSON.parse(r.answers) as Answers,
    }));
    const problems = answeredChangeProblems(survey, def, responses);
    if (problems.length)
      throw new SummaError("survey.invalid", `${slug}:\n  ${problems.join("\n  ")}`, { problems });
    await updateSurvey(tx.db, survey.id, {
      title: def.title,
      intro: def.intro,
      anonymity: def.anonymity,
      opens_at: def.opensAt,
      closes_at: def.closesAt,
      questions: JSON.stringify(def.questions),
      updated_at: now.toISOString(),
    });
  });
  return getSurvey(store, slug);
}
