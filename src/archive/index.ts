/**
 * The public archive's read side: what the site shows readers (published issues and entries
 * only), loaded for the web face. Drafts are "not found" here, never filtered in a page.
 */
export { type EntryLink, loadPublicEntry, type PublicEntry } from "./entry.ts";
export {
  ARCHIVE_PAGE_SIZE,
  type ArchivePage,
  loadArchivePage,
  loadLatestIssue,
  loadPublicIssue,
  type PublicIssue,
} from "./issues.ts";
export { loadSitemap, type SitemapContent } from "./sitemap.ts";
