import type { SurveyDefinition, SurveyQuestion } from "../domain/survey.ts";
import type { Answers } from "../domain/survey-answers.ts";

/**
 * What an edit may not do once readers have answered, so that no answer loses its meaning:
 * answers are stored by question id and by option text, so an answered question cannot be
 * removed, retyped or given another scale, and none of its options can go (adding options,
 * rewording a question, its labels, section, order or whether it is required is fine); the
 * anonymity cannot change at all (linked answers would be left holding subscriber ids in an
 * "anonymous" survey, or anonymous ones would pretend to be one per reader). Pure.
 */
export function answeredChangeProblems(
  before: Pick<SurveyDefinition, "anonymity" | "questions">,
  next: Pick<SurveyDefinition, "anonymity" | "questions">,
  responses: readonly { answers: Answers }[],
): string[] {
  if (responses.length === 0) return [];
  const problems: string[] = [];
  if (next.anonymity !== before.anonymity)
    problems.push(
      `anonymity: ${responses.length} reader(s) answered as ${before.anonymity}; it cannot change now (make a new survey)`,
    );
  const answered = new Map<string, number>();
  for (const r of responses)
    for (const id of Object.keys(r.answers)) answered.set(id, (answered.get(id) ?? 0) + 1);
  for (const old of before.questions) {
    const count = answered.get(old.id) ?? 0;
    if (count === 0) continue;
    const named = `question "${old.text}" (${old.id}, ${count} answer${count === 1 ? "" : "s"})`;
    const now = next.questions.find((q) => q.id === old.id);
    if (!now) {
      problems.push(`${named} cannot be removed: its answers would be lost (make it optional instead)`);
      continue;
    }
    problems.push(...changedAnswered(old, now, named));
  }
  return problems;
}

function changedAnswered(old: SurveyQuestion, now: SurveyQuestion, named: string): string[] {
  if (now.kind !== old.kind) return [`${named}: its kind cannot change from ${old.kind} to ${now.kind}`];
  const problems: string[] = [];
  const gone = old.options.filter((o) => !now.options.includes(o));
  if (gone.length)
    problems.push(
      `${named}: option${gone.length === 1 ? "" : "s"} ${gone.map((o) => `"${o}"`).join(", ")} cannot be removed or renamed (add new options instead)`,
    );
  if (old.kind === "multiple" && old.other && !now.other)
    problems.push(`${named}: "Other" cannot be turned off (some answers may hold one)`);
  if (old.kind === "scale" && now.max !== old.max)
    problems.push(`${named}: the scale cannot change from 1-${old.max} to 1-${now.max}`);
  return problems;
}
