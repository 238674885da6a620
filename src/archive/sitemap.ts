import { PUBLIC_ISSUES } from "../domain/publication.ts";
import { listIssues, publishedEntryStamps, type Store } from "../store/index.ts";
import { ARCHIVE_PAGE_SIZE } from "./issues.ts";

export interface SitemapContent {
  /** How many archive pages there are (at least 1). */
  archivePages: number;
  issues: { number: number; date: string | null }[];
  entries: { id: number; updatedAt: string }[];
}

/** What the public site has to offer a search engine: published issues and entries only. */
export async function loadSitemap(store: Store): Promise<SitemapContent> {
  const issues = await listIssues(store.db, PUBLIC_ISSUES);
  return {
    archivePages: Math.max(1, Math.ceil(issues.length / ARCHIVE_PAGE_SIZE)),
    issues: issues.map((i) => ({ number: i.number, date: i.date })),
    entries: await publishedEntryStamps(store.db),
  };
}
