import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { publicIssue, visibleEntry } from "../visible.ts";

type Db = Kysely<Database>;

/** An entry of a public issue, as the retrospective reads it (stats/content.ts). */
export interface StatsEntryRow {
  id: number;
  title: string;
  title_key: string;
  issue_number: number;
  issue_date: string | null;
  highlight: number;
  category: string;
  venue: string;
  summary: string;
  opinion: string;
}

/**
 * The entries of the issues readers can see on `day` (published, not dated later), in issue
 * order: the retrospective counts only what went out. Drafts and staged imports stay out.
 */
export async function statsEntryRows(db: Db, day: string): Promise<StatsEntryRow[]> {
  const rows = await db
    .selectFrom("entries")
    .innerJoin("issues", "issues.number", "entries.issue_number")
    .select([
      "entries.id",
      "entries.title",
      "entries.title_key",
      "issues.number as issue_number",
      "issues.date as issue_date",
      "entries.highlight",
      "entries.category",
      "entries.venue",
      "entries.summary",
      "entries.opinion",
    ])
    .where(visibleEntry())
    .where(publicIssue(day))
    .orderBy("issues.number")
    .orderBy("entries.id")
    .execute();
  return rows.map((r) => ({ ...r, highlight: Number(r.highlight) }));
}

/** Who is credited for each entry (entry_summarizers), in credit order. */
export async function statsSummarizerCredits(db: Db): Promise<{ entry_id: number; name: string }[]> {
  return db
    .selectFrom("entry_summarizers")
    .innerJoin("people", "people.id", "entry_summarizers.person_id")
    .select(["entry_summarizers.entry_id", "people.name"])
    .orderBy("entry_summarizers.entry_id")
    .orderBy("entry_summarizers.position")
    .execute();
}

/** Every cross-reference (entry -> cited title key). */
export async function statsReferences(db: Db): Promise<{ entry_id: number; target_key: string }[]> {
  return db.selectFrom("entry_references").select(["entry_id", "target_key"]).execute();
}

/** Each category's key with its section's name. */
export async function statsCategorySections(db: Db): Promise<{ name_key: string; section: string }[]> {
  return db
    .selectFrom("categories")
    .innerJoin("sections", "sections.id", "categories.section_id")
    .select(["categories.name_key", "sections.name as section"])
    .execute();
}

/** The times the weekly subscriber figures are made from, for every subscriber but pending ones. */
export async function statsSubscriberTimes(db: Db): Promise<
  {
    status: Database["subscribers"]["status"];
    confirmed_at: string | null;
    consent_at: string | null;
    unsubscribed_at: string | null;
    suppressed_at: string | null;
    suppressed_reason: string;
  }[]
> {
  return db
    .selectFrom("subscribers")
    .select(["status", "confirmed_at", "consent_at", "unsubscribed_at", "suppressed_at", "suppressed_reason"])
    .where("status", "!=", "pending")
    .execute();
}
