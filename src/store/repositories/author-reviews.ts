import type { Kysely, Selectable } from "kysely";
import type { AuthorReviewState, AuthorReviewTable, Database } from "../schema.ts";

type Db = Kysely<Database>;

export type AuthorReviewRow = Selectable<AuthorReviewTable>;

export async function insertAuthorReview(
  db: Db,
  row: Pick<
    AuthorReviewRow,
    | "entry_id"
    | "token_hash"
    | "author_name"
    | "author_email"
    | "requested_by"
    | "requested_by_name"
    | "requested_at"
    | "expires_at"
  >,
): Promise<number> {
  const { id } = await db.insertInto("author_reviews").values(row).returning("id").executeTakeFirstOrThrow();
  return id;
}

export function findAuthorReviewByTokenHash(db: Db, tokenHash: string): Promise<AuthorReviewRow | undefined> {
  return db.selectFrom("author_reviews").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

export function findAuthorReview(db: Db, id: number): Promise<AuthorReviewRow | undefined> {
  return db.selectFrom("author_reviews").selectAll().where("id", "=", id).executeTakeFirst();
}

/** An entry's review requests, oldest first. */
export function listAuthorReviews(db: Db, entryId: number): Promise<AuthorReviewRow[]> {
  return db.selectFrom("author_reviews").selectAll().where("entry_id", "=", entryId).orderBy("id").execute();
}

/** The latest request of each of these entries (the composer's badge), by entry id. */
export async function latestAuthorReviews(
  db: Db,
  entryIds: readonly number[],
): Promise<Map<number, AuthorReviewRow>> {
  if (entryIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("author_reviews")
    .selectAll()
    .where("entry_id", "in", [...new Set(entryIds)])
    .orderBy("id")
    .execute();
  return new Map(rows.map((r) => [r.entry_id, r]));
}

/** The first visit: "requested" becomes "viewed" (an answer already given stays). */
export async function markAuthorReviewViewed(db: Db, id: number, at: string): Promise<void> {
  await db
    .updateTable("author_reviews")
    .set({ viewed_at: at, state: "viewed" })
    .where("id", "=", id)
    .where("viewed_at", "is", null)
    .where("state", "=", "requested")
    .execute();
}

export async function saveAuthorReviewAnswer(
  db: Db,
  id: number,
  answer: {
    state: Extract<AuthorReviewState, "approved" | "commented">;
    at: string;
    comment: string;
    suggestedSummary: string;
    suggestedOpinion: string;
  },
): Promise<void> {
  await db
    .updateTable("author_reviews")
    .set({
      state: answer.state,
      responded_at: answer.at,
      comment: answer.comment,
      suggested_summary: answer.suggestedSummary,
      suggested_opinion: answer.suggestedOpinion,
    })
    .where("id", "=", id)
    .execute();
}

export async function revokeAuthorReview(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable("author_reviews")
    .set({ revoked_at: at })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
