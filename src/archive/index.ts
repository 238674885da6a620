/**
 * The public read side: what readers may see (published issues and entries only; the rule is
 * domain/publication.ts), loaded for the site, the API, the feeds and the sitemap. Drafts are
 * "not found" here, never filtered in a page.
 */
export {
  browsePublicEntries,
  getPublicEntry,
  lookupPublicEntries,
  searchPublicEntries,
  similarPublicEntries,
} from "./entries.ts";
export { type EntryLink, loadPublicEntry, type PublicEntry } from "./entry.ts";
export { loadFeedIssues, loadFeedSite } from "./feed.ts";
export {
  ARCHIVE_PAGE_SIZE,
  type ArchivePage,
  listPublicIssues,
  loadArchivePage,
  loadLatestIssue,
  loadPublicComposedIssue,
  loadPublicIssue,
  loadPublicIssueView,
  loadWithdrawnIssue,
  type PublicIssue,
  type WithdrawnIssue,
} from "./issues.ts";
export { loadSitemap, type SitemapContent } from "./sitemap.ts";
export { publicContentVersion } from "./version.ts";
