import type { EntryStatus } from "./entry.ts";

/**
 * What is public, said once: readers see published issues and the published entries in them.
 * A draft, an entry not yet in a sent issue, or a draft issue does not exist for them (it is
 * "not found", never shown and then hidden). The public reads (src/archive for the site, the
 * API, the feeds and the sitemap; entries/public.ts for searches) apply this rule; faces never
 * write it themselves.
 */
export const PUBLIC_STATUSES: readonly EntryStatus[] = ["published"];

/** The issue loaders' option for public reads. */
export const PUBLIC_ISSUES = { publishedOnly: true } as const;

/** Whether readers may see an entry. */
export function isPublic(entry: { status: EntryStatus }): boolean {
  return PUBLIC_STATUSES.includes(entry.status);
}
