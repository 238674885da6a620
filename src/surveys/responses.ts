import { SummaError } from "../domain/errors.ts";
import { type Answers, type FormValues, readAnswers } from "../domain/survey-answers.ts";
import {
  findSubscriberResponse,
  insertSurveyResponse,
  inTransaction,
  type Store,
  updateSurveyResponse,
} from "../store/index.ts";
import { type RateLimit, takeRateSlot } from "../subscribers/rate-limit.ts";
import { type Survey, stateOf } from "./surveys.ts";

/** Anonymous responses from one address (client IP) per hour: enough for a household or an office. */
export const ANONYMOUS_LIMIT: RateLimit = { limit: 10, windowMs: 60 * 60 * 1000 };

/** Who is answering: a subscriber (through a signed link) for a linked survey; nobody for an anonymous one. */
export type Respondent = { subscriberId: number } | { client: string };

export type SubmitOutcome =
  | { kind: "saved"; changed: boolean }
  | { kind: "invalid"; errors: Record<string, string>; answers: Answers };

/** The response a subscriber gave a linked survey, to show it again for changing. */
export async function subscriberAnswers(
  store: Store,
  survey: Survey,
  subscriberId: number,
): Promise<Answers | null> {
  const row = await findSubscriberResponse(store.db, survey.id, subscriberId);
  return row ? (JSON.parse(row.answers) as Answers) : null;
}

/**
 * Records a response. A linked survey takes one per subscriber (a second replaces the first,
 * until the survey closes); an anonymous survey never stores who answered (subscriber_id stays
 * null), and counts responses per client address against ANONYMOUS_LIMIT. Throws survey.closed
 * outside the survey's open time, auth.rate_limited past the limit.
 */
export async function submitResponse(
  store: Store,
  survey: Survey,
  form: FormValues,
  who: Respondent,
  now = new Date(),
): Promise<SubmitOutcome> {
  if (stateOf(survey, now) !== "open")
    throw new SummaError("survey.closed", `The survey "${survey.title}" is not open for answers`, {
      slug: survey.slug,
    });
  const { answers, errors } = readAnswers(survey.questions, form);
  if (Object.keys(errors).length) return { kind: "invalid", errors, answers };
  const at = now.toISOString();
  const json = JSON.stringify(answers);
  if (survey.anonymity === "linked") {
    if (!("subscriberId" in who))
      throw new SummaError(
        "auth.required",
        "This survey is answered through the personal link in your email",
      );
    const subscriberId = who.subscriberId;
    return inTransaction(store, async (tx) => {
      const existing = await findSubscriberResponse(tx.db, survey.id, subscriberId);
      if (existing) {
        await updateSurveyResponse(tx.db, existing.id, json, at);
        return { kind: "saved", changed: true } as const;
      }
      await insertSurveyResponse(tx.db, {
        survey_id: survey.id,
        subscriber_id: subscriberId,
        answers: json,
        created_at: at,
        updated_at: at,
      });
      return { kind: "saved", changed: false } as const;
    });
  }
  const client = "client" in who ? who.client : "unknown";
  if (!(await takeRateSlot(store, { prefix: "survey:client:", id: client }, ANONYMOUS_LIMIT, now)))
    throw new SummaError(
      "auth.rate_limited",
      "Too many responses from your address in the last hour. Please try again later.",
    );
  await insertSurveyResponse(store.db, {
    survey_id: survey.id,
    subscriber_id: null,
    answers: json,
    created_at: at,
    updated_at: at,
  });
  return { kind: "saved", changed: false };
}
