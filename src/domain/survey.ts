import { SummaError } from "./errors.ts";

/**
 * A reader survey: what the editor writes (title, Markdown intro, questions), when it is open,
 * and whether answers are linked to a subscriber. Pure: parsing a definition and checking it,
 * the time it takes to answer, and whether it is open at a moment.
 */
export type QuestionKind = "single" | "multiple" | "scale" | "short_text" | "long_text";
export const QUESTION_KINDS: readonly QuestionKind[] = [
  "single",
  "multiple",
  "scale",
  "short_text",
  "long_text",
];

/** anonymous: answers are never linked to a subscriber; linked: one response per subscriber. */
export type SurveyAnonymity = "anonymous" | "linked";

export interface SurveyQuestion {
  /** Unique in the survey: letters, digits, "-" and "_" ("q1" when not given). */
  id: string;
  kind: QuestionKind;
  text: string;
  required: boolean;
  /** single and multiple: the choices, in order. */
  options: string[];
  /** multiple: whether "Other: ___" is offered. */
  other: boolean;
  /** scale: 1 to `max` (5 or 10), its ends labelled. */
  max: 5 | 10;
  minLabel: string;
  maxLabel: string;
  /**
   * The heading of the section the question opens or continues ("" for none). Consecutive
   * questions with the same section are shown together under it, on one page.
   */
  section: string;
}

export interface SurveyDefinition {
  slug: string;
  title: string;
  /** Markdown. */
  intro: string;
  anonymity: SurveyAnonymity;
  /** ISO times (UTC); null: open from creation / until closed by hand. */
  opensAt: string | null;
  closesAt: string | null;
  questions: SurveyQuestion[];
}

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
export const MAX_QUESTIONS = 100;
export const MAX_OPTIONS = 50;
const MAX_TEXT = 2000;
const MAX_INTRO = 20000;

/**
 * Seconds a reader spends on one question of each kind, plus the intro: picking one of a few
 * choices is quick, ticking several slower, writing a sentence half a minute, a paragraph a
 * minute and a half. Minutes = the sum, rounded up, at least 1.
 */
export const SECONDS_PER_KIND: Readonly<Record<QuestionKind, number>> = {
  single: 10,
  multiple: 15,
  scale: 8,
  short_text: 30,
  long_text: 90,
};
const INTRO_SECONDS = 15;

/** "a 3-minute survey": the estimated minutes to answer every question. */
export function estimateMinutes(questions: readonly Pick<SurveyQuestion, "kind">[]): number {
  const seconds = questions.reduce((sum, q) => sum + SECONDS_PER_KIND[q.kind], INTRO_SECONDS);
  return Math.max(1, Math.ceil(seconds / 60));
}

export type SurveyState = "scheduled" | "open" | "closed";

/** Where a survey stands at `now`: closed by hand or past closes_at, not yet open, or open. */
export function surveyState(
  survey: { opensAt: string | null; closesAt: string | null; closedAt: string | null },
  now: Date,
): SurveyState {
  const t = now.toISOString();
  if (survey.closedAt !== null || (survey.closesAt !== null && survey.closesAt <= t)) return "closed";
  if (survey.opensAt !== null && survey.opensAt > t) return "scheduled";
  return "open";
}

type Problems = string[];

function str(
  value: unknown,
  where: string,
  problems: Problems,
  opts: { required?: boolean; max?: number } = {},
) {
  if (value === undefined || value === null) {
    if (opts.required) problems.push(`${where} is missing`);
    return "";
  }
  if (typeof value !== "string") {
    problems.push(`${where} must be text`);
    return "";
  }
  const text = value.trim();
  if (opts.required && !text) problems.push(`${where} is empty`);
  if (text.length > (opts.max ?? MAX_TEXT))
    problems.push(`${where} is longer than ${opts.max ?? MAX_TEXT} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text))
    problems.push(`${where} holds control characters`);
  return text;
}

/** "2019-04-01" (midnight UTC) or an ISO time, as an ISO time; null for nothing. */
export function parseSurveyTime(value: unknown, where: string, problems: Problems): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (
    typeof value !== "string" ||
    !/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())
  ) {
    problems.push(`${where} must be a date (YYYY-MM-DD) or an ISO time, not ${JSON.stringify(value)}`);
    return null;
  }
  const text = value.trim();
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) {
    problems.push(`${where} is not a real date: ${JSON.stringify(value)}`);
    return null;
  }
  return date.toISOString();
}

function parseQuestion(raw: unknown, index: number, problems: Problems): SurveyQuestion {
  const where = `question ${index + 1}`;
  const q = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    problems.push(`${where} must be an object`);
  const id = q.id === undefined ? `q${index + 1}` : String(q.id);
  if (!ID_PATTERN.test(id))
    problems.push(`${where}: id ${JSON.stringify(q.id)} must be 1-40 letters, digits, "-" or "_"`);
  const named = `${where} (${id})`;
  const kind = q.kind as QuestionKind;
  if (!QUESTION_KINDS.includes(kind))
    problems.push(
      `${named}: kind must be one of ${QUESTION_KINDS.join(", ")}, not ${JSON.stringify(q.kind)}`,
    );
  const text = str(q.text, `${named}: text`, problems, { required: true });
  if (q.required !== undefined && typeof q.required !== "boolean")
    problems.push(`${named}: required must be true or false`);
  const question: SurveyQuestion = {
    id,
    kind,
    text,
    required: q.required === true,
    options: [],
    other: false,
    max: 5,
    minLabel: "",
    maxLabel: "",
    section: str(q.section, `${named}: section`, problems, { max: 200 }),
  };
  if (kind === "single" || kind === "multiple") {
    if (!Array.isArray(q.options) || q.options.length < 2)
      problems.push(`${named}: options must list at least 2 choices`);
    else if (q.options.length > MAX_OPTIONS) problems.push(`${named}: at most ${MAX_OPTIONS} options`);
    else {
      question.options = q.options.map((o, i) =>
        str(o, `${named}: option ${i + 1}`, problems, { required: true }),
      );
      const seen = new Set<string>();
      for (const o of question.options) {
        if (seen.has(o)) problems.push(`${named}: option ${JSON.stringify(o)} is listed twice`);
        seen.add(o);
      }
    }
    if (q.other !== undefined && typeof q.other !== "boolean")
      problems.push(`${named}: other must be true or false`);
    if (q.other === true && kind !== "multiple")
      problems.push(`${named}: "other" is offered on multiple-choice questions only`);
    question.other = q.other === true && kind === "multiple";
  } else if (q.options !== undefined) problems.push(`${named}: a ${kind} question has no options`);
  if (kind === "scale") {
    const max = q.max ?? 5;
    if (max !== 5 && max !== 10) problems.push(`${named}: max must be 5 or 10, not ${JSON.stringify(q.max)}`);
    else question.max = max;
    question.minLabel = str(q.min_label, `${named}: min_label`, problems, { max: 100 });
    question.maxLabel = str(q.max_label, `${named}: max_label`, problems, { max: 100 });
  }
  return question;
}

/**
 * Reads a survey definition (the JSON of `summa survey create`, the desk's paste) and checks
 * it; every problem is listed at once in a `survey.invalid` error (details.problems), each
 * naming its question and field.
 */
export function parseSurveyDefinition(raw: unknown, source = "survey"): SurveyDefinition {
  const problems: Problems = [];
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new SummaError("survey.invalid", `${source}: must be a JSON object`, {
      problems: ["must be a JSON object"],
    });
  const s = raw as Record<string, unknown>;
  const slug = str(s.slug, "slug", problems, { required: true, max: 80 });
  if (slug && !SLUG_PATTERN.test(slug))
    problems.push(
      `slug ${JSON.stringify(slug)} must be lowercase letters, digits and "-" (e.g. retrospective-2019)`,
    );
  if (slug === "new") problems.push(`slug "new" is taken by the desk's new-survey page: pick another`);
  const title = str(s.title, "title", problems, { required: true, max: 200 });
  const intro = str(s.intro, "intro", problems, { max: MAX_INTRO });
  const anonymity = (s.anonymity ?? "anonymous") as SurveyAnonymity;
  if (anonymity !== "anonymous" && anonymity !== "linked")
    problems.push(`anonymity must be "anonymous" or "linked", not ${JSON.stringify(s.anonymity)}`);
  const opensAt = parseSurveyTime(s.opens_at, "opens_at", problems);
  const closesAt = parseSurveyTime(s.closes_at, "closes_at", problems);
  if (opensAt && closesAt && closesAt <= opensAt) problems.push("closes_at must be after opens_at");
  const questions: SurveyQuestion[] = [];
  if (!Array.isArray(s.questions) || s.questions.length === 0)
    problems.push("questions must list at least one question");
  else if (s.questions.length > MAX_QUESTIONS) problems.push(`at most ${MAX_QUESTIONS} questions`);
  else {
    s.questions.forEach((q, i) => {
      questions.push(parseQuestion(q, i, problems));
    });
    const ids = new Set<string>();
    for (const q of questions) {
      if (ids.has(q.id)) problems.push(`question id ${JSON.stringify(q.id)} is used twice`);
      ids.add(q.id);
    }
  }
  if (problems.length)
    throw new SummaError("survey.invalid", `${source}:\n  ${problems.join("\n  ")}`, { problems });
  return { slug, title, intro, anonymity, opensAt, closesAt, questions };
}

/** The definition as JSON again (the shape parseSurveyDefinition reads). */
export function surveyDefinitionJson(def: SurveyDefinition): Record<string, unknown> {
  return {
    slug: def.slug,
    title: def.title,
    intro: def.intro,
    anonymity: def.anonymity,
    opens_at: def.opensAt,
    closes_at: def.closesAt,
    questions: def.questions.map(questionJson),
  };
}

export function questionJson(q: SurveyQuestion): Record<string, unknown> {
  const out: Record<string, unknown> = { id: q.id, kind: q.kind, text: q.text, required: q.required };
  if (q.kind === "single" || q.kind === "multiple") out.options = q.options;
  if (q.kind === "multiple" && q.other) out.other = true;
  if (q.kind === "scale") Object.assign(out, { max: q.max, min_label: q.minLabel, max_label: q.maxLabel });
  if (q.section) out.section = q.section;
  return out;
}

/** A run of consecutive questions under one section heading ("" for none), each with its number. */
export interface SurveySection<Q extends Pick<SurveyQuestion, "section"> = SurveyQuestion> {
  heading: string;
  questions: { q: Q; n: number }[];
}

/**
 * The questions grouped into sections as the page shows them: a new section starts where the
 * heading changes; numbering runs on across sections (answers are keyed by id, not number).
 */
export function sectionsOf<Q extends Pick<SurveyQuestion, "section">>(
  questions: readonly Q[],
): SurveySection<Q>[] {
  const out: SurveySection<Q>[] = [];
  questions.forEach((q, i) => {
    const heading = q.section ?? "";
    const last = out[out.length - 1];
    if (last && last.heading === heading) last.questions.push({ q, n: i + 1 });
    else out.push({ heading, questions: [{ q, n: i + 1 }] });
  });
  return out;
}
