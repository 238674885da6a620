import { SummaError } from "../domain/errors.ts";
import { PUBLIC_ISSUES } from "../domain/publication.ts";
import type { FeedSite } from "../formats/render/feeds.ts";
import type { IssueView } from "../formats/render/issue-view.ts";
import { loadIssueView } from "../issues/index.ts";
import { archiveChangedAt, listIssues, readNewsletterSettings, type Store } from "../store/index.ts";

/**
 * The latest `limit` public issues for a feed, newest (highest number) first, with their
 * published entries: the archive's first issues, by the same rule (domain/publication.ts: an
 * issue dated after today is in neither until its day; a draft never).
 */
export async function loadFeedIssues(store: Store, limit: number): Promise<IssueView[]> {
  const latest = await listIssues(store.db, { ...PUBLIC_ISSUES, limit });
  const views: IssueView[] = [];
  for (const i of latest) views.push(await loadIssueView(store, i.number, PUBLIC_ISSUES));
  return views;
}

/**
 * The feed's site from settings; `baseUrl` (a command-line option) wins over newsletter.site_url.
 * `updated` is when the archive last changed (Atom's date for undated issues), or `now` for an
 * archive that never had anything published.
 */
export async function loadFeedSite(store: Store, baseUrl?: string, now = new Date()): Promise<FeedSite> {
  const s = await readNewsletterSettings(store.db);
  const base = baseUrl?.trim() || s.siteUrl;
  if (!base)
    throw new SummaError(
      "config.invalid",
      "Feeds need the archive's public address: `summa settings set newsletter.site_url https://...` or --base-url",
    );
  const changed = await archiveChangedAt(store.db);
  return {
    title: s.name || "Newsletter",
    baseUrl: base,
    updated: changed ? new Date(changed) : now,
    ...(s.editor ? { author: s.editor } : {}),
  };
}
