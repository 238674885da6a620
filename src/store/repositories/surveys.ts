import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type { Database, Edition, SurveyResponseTable, SurveyTable } from "../schema.ts";

type Db = Kysely<Database>;
export type SurveyRow = Selectable<SurveyTable>;
export type SurveyResponseRow = Selectable<SurveyResponseTable>;

export async function insertSurvey(db: Db, row: Insertable<SurveyTable>): Promise<number> {
  const inserted = await db.insertInto("surveys").values(row).returning("id").executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function updateSurvey(db: Db, id: number, changes: Updateable<SurveyTable>): Promise<void> {
  await db.updateTable("surveys").set(changes).where("id", "=", id).execute();
}

export async function findSurveyBySlug(db: Db, slug: string): Promise<SurveyRow | undefined> {
  return db.selectFrom("surveys").selectAll().where("slug", "=", slug).executeTakeFirst();
}

/** Every survey with its number of responses, newest first. */
export async function listSurveyRows(db: Db): Promise<(SurveyRow & { responses: number })[]> {
  const rows = await db
    .selectFrom("surveys")
    .selectAll("surveys")
    .select((eb) =>
      eb
        .selectFrom("survey_responses")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("survey_responses.survey_id", "=", "surveys.id")
        .as("responses"),
    )
    .orderBy("surveys.id", "desc")
    .execute();
  return rows.map((r) => ({ ...r, responses: Number(r.responses ?? 0) }));
}

/** The slugs that exist among `slugs`. */
export async function existingSurveySlugs(db: Db, slugs: readonly string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const rows = await db
    .selectFrom("surveys")
    .select("slug")
    .where("slug", "in", [...slugs])
    .execute();
  return new Set(rows.map((r) => r.slug));
}

export async function insertSurveyResponse(db: Db, row: Insertable<SurveyResponseTable>): Promise<number> {
  const inserted = await db
    .insertInto("survey_responses")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function findSubscriberResponse(
  db: Db,
  surveyId: number,
  subscriberId: number,
): Promise<SurveyResponseRow | undefined> {
  return db
    .selectFrom("survey_responses")
    .selectAll()
    .where("survey_id", "=", surveyId)
    .where("subscriber_id", "=", subscriberId)
    .executeTakeFirst();
}

export async function updateSurveyResponse(db: Db, id: number, answers: string, at: string): Promise<void> {
  await db.updateTable("survey_responses").set({ answers, updated_at: at }).where("id", "=", id).execute();
}

/** Every response of a survey, oldest first (ids only, no subscriber: results never need one). */
export async function surveyResponseRows(
  db: Db,
  surveyId: number,
): Promise<Pick<SurveyResponseRow, "id" | "answers" | "created_at" | "updated_at">[]> {
  return db
    .selectFrom("survey_responses")
    .select(["id", "answers", "created_at", "updated_at"])
    .where("survey_id", "=", surveyId)
    .orderBy("id")
    .execute();
}

/**
 * What segments read about the reader behind each response of a linked survey: their edition
 * and since when they subscribe (consent, else confirmation, else the sign-up). Never the
 * address or the id: results name no one. Responses with no reader (anonymous, imported, or a
 * deleted subscriber) are left out.
 */
export async function surveyResponseReaders(
  db: Db,
  surveyId: number,
): Promise<{ id: number; edition: Edition; since: string }[]> {
  const rows = await db
    .selectFrom("survey_responses")
    .innerJoin("subscribers", "subscribers.id", "survey_responses.subscriber_id")
    .select([
      "survey_responses.id as id",
      "subscribers.edition as edition",
      "subscribers.consent_at as consent_at",
      "subscribers.confirmed_at as confirmed_at",
      "subscribers.created_at as created_at",
    ])
    .where("survey_responses.survey_id", "=", surveyId)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    edition: r.edition,
    since: r.consent_at ?? r.confirmed_at ?? r.created_at,
  }));
}

export async function countSurveyResponses(db: Db, surveyId: number): Promise<number> {
  const row = await db
    .selectFrom("survey_responses")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("survey_id", "=", surveyId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
