import { MAX_QUESTIONS, QUESTION_KINDS, type QuestionKind } from "../../domain/survey.ts";
import type { Survey } from "../../surveys/index.ts";
import { formText } from "../params.ts";

/**
 * The desk's question editor as form fields and back (pure): every question is a group of
 * fields named `q-N-FIELD`, in slots 0..count-1, the last one blank for a new question. Order
 * is given by each question's position number (reordering without JavaScript), removal by a
 * checkbox. What the form holds is kept as typed (a draft) so a refused save shows it again.
 */
export interface QuestionDraft {
  position: string;
  id: string;
  kind: string;
  text: string;
  required: boolean;
  section: string;
  /** One option a line. */
  options: string;
  other: boolean;
  max: string;
  minLabel: string;
  maxLabel: string;
  remove: boolean;
}

export interface SurveyDraft {
  slug: string;
  title: string;
  intro: string;
  anonymity: string;
  opensAt: string;
  closesAt: string;
  questions: QuestionDraft[];
}

export const blankQuestion = (position: number): QuestionDraft => ({
  position: String(position),
  id: "",
  kind: "single",
  text: "",
  required: false,
  section: "",
  options: "",
  other: false,
  max: "5",
  minLabel: "",
  maxLabel: "",
  remove: false,
});

/** A survey as the editor shows it, with a blank slot to add a question (or a new survey's blank form). */
export function draftOf(survey?: Survey): SurveyDraft {
  const questions: QuestionDraft[] = (survey?.questions ?? []).map((q, i) => ({
    position: String(i + 1),
    id: q.id,
    kind: q.kind,
    text: q.text,
    required: q.required,
    section: q.section,
    options: q.options.join("\n"),
    other: q.other,
    max: String(q.max),
    minLabel: q.minLabel,
    maxLabel: q.maxLabel,
    remove: false,
  }));
  return {
    slug: survey?.slug ?? "",
    title: survey?.title ?? "",
    intro: survey?.intro ?? "",
    anonymity: survey?.anonymity ?? "anonymous",
    opensAt: survey?.opensAt ?? "",
    closesAt: survey?.closesAt ?? "",
    questions: [...questions, blankQuestion(questions.length + 1)],
  };
}

/** The draft a posted editor form holds. */
export function readDraft(body: Record<string, unknown>): SurveyDraft {
  const count = Math.min(Number.parseInt(formText(body, "question_slots"), 10) || 0, MAX_QUESTIONS + 1);
  const field = (i: number, name: string) => formText(body, `q-${i}-${name}`);
  const questions: QuestionDraft[] = [];
  for (let i = 0; i < count; i++)
    questions.push({
      position: field(i, "position"),
      id: field(i, "id").trim(),
      kind: field(i, "kind"),
      text: field(i, "text"),
      required: field(i, "required") === "on",
      section: field(i, "section"),
      options: field(i, "options"),
      other: field(i, "other") === "on",
      max: field(i, "max"),
      minLabel: field(i, "min_label"),
      maxLabel: field(i, "max_label"),
      remove: field(i, "remove") === "on",
    });
  return {
    slug: formText(body, "slug").trim(),
    title: formText(body, "title"),
    intro: formText(body, "intro"),
    anonymity: formText(body, "anonymity"),
    opensAt: formText(body, "opens_at"),
    closesAt: formText(body, "closes_at"),
    questions,
  };
}

const isBlank = (q: QuestionDraft) => !q.id && !q.text.trim() && !q.options.trim();

/**
 * The draft's questions in the definition's JSON shape (what parseSurveyDefinition reads):
 * removed and untouched blank slots left out, sorted by position (ties keep the form's order),
 * a new question given the first id q1, q2... that no question of the form has (removed ones included).
 */
export function draftQuestions(draft: SurveyDraft): Record<string, unknown>[] {
  const kept = draft.questions
    .map((q, index) => ({ q, index, at: Number.parseFloat(q.position) }))
    .filter(({ q }) => !q.remove && !isBlank(q))
    .sort(
      (a, b) =>
        (Number.isFinite(a.at) ? a.at : a.index + 1) - (Number.isFinite(b.at) ? b.at : b.index + 1) ||
        a.index - b.index,
    );
  // Removed questions' ids stay taken: a new question must never inherit a removed one's answers.
  const used = new Set(draft.questions.map((q) => q.id).filter(Boolean));
  let next = 1;
  return kept.map(({ q }) => {
    let id = q.id;
    if (!id) {
      while (used.has(`q${next}`)) next++;
      id = `q${next}`;
      used.add(id);
    }
    const out: Record<string, unknown> = { id, kind: q.kind, text: q.text, required: q.required };
    if (q.section.trim()) out.section = q.section;
    if (q.kind === "single" || q.kind === "multiple")
      out.options = q.options
        .split(/\r?\n/)
        .map((o) => o.trim())
        .filter(Boolean);
    if (q.kind === "multiple" && q.other) out.other = true;
    if (q.kind === "scale")
      Object.assign(out, { max: Number(q.max) || q.max, min_label: q.minLabel, max_label: q.maxLabel });
    return out;
  });
}

/** The kinds a draft question may have (for the estimated minutes of a draft that does not parse yet). */
export const draftKinds = (draft: SurveyDraft): { kind: QuestionKind }[] =>
  draftQuestions(draft)
    .map((q) => q.kind as QuestionKind)
    .filter((k) => QUESTION_KINDS.includes(k))
    .map((kind) => ({ kind }));
