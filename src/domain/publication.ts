import type { EntryStatus } from "./entry.ts";

/**
 * What is public, said once: readers see published issues and the published entries in them.
 * A draft, an entry not yet in a sent issue, or a draft issue does not exist for them (it is
 * "not found", never shown and then hidden). The public reads (src/archive for the site, the
 * API, the feeds and the sitemap; entries/public.ts for searches) apply this rule; faces never
 * write it themselves.
 */
export const PUBLIC_STATUSES: readonly EntryStatus[] = ["published"];

/**
 * The issue loaders' option for public reads: published issues not dated after today (UTC).
 * An issue dated in the future is not shown until its day, by the archive, the home page, the
 * feeds, the sitemap and the API alike: the store's lists apply the rule in SQL
 * (store/visible.ts publicIssue) and single issues here (isPublicIssue), with the same day.
 */
export const PUBLIC_ISSUES = { publishedOnly: true } as const;

/** Today, as public reads compare issue dates with it: YYYY-MM-DD in UTC. */
export function publicDay(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whether readers may see an issue on `day` (YYYY-MM-DD): published, and not dated after it. */
export function isPublicIssue(
  issue: { status: string; date: string | null },
  day: string = publicDay(),
): boolean {
  return issue.status === "published" && !(issue.date !== null && issue.date.slice(0, 10) > day);
}

/** Whether readers may see an entry. */
export function isPublic(entry: { status: EntryStatus }): boolean {
  return PUBLIC_STATUSES.includes(entry.status);
}
