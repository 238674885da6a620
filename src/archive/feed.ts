import { SummaError } from "../domain/errors.ts";
import { PUBLIC_ISSUES } from "../domain/publication.ts";
import type { FeedSite } from "../formats/render/feeds.ts";
import type { IssueView } from "../formats/render/issue-view.ts";
import { loadIssueView } from "../issues/index.ts";
import { listIssues, readNewsletterSettings, type Store } from "../store/index.ts";

/**
 * The latest `limit` published issues for a feed, newest (highest number) first, with their
 * published entries. Issues without entries are left out (a number reserved for an issue still
 * being written has nothing to show), and so are issues dated after `today`: scheduled, not yet
 * sent. Draft issues are never in a feed.
 */
export async function loadFeedIssues(store: Store, limit: number, today = new Date()): Promise<IssueView[]> {
  const day = today.toISOString().slice(0, 10);
  const latest = (await listIssues(store.db, PUBLIC_ISSUES))
    .filter((i) => i.entries > 0 && !(i.date && i.date.slice(0, 10) > day))
    .slice(0, limit);
  const views: IssueView[] = [];
  for (const i of latest) views.push(await loadIssueView(store, i.number, PUBLIC_ISSUES));
  return views;
}

/** The feed's site from settings; `baseUrl` (a command-line option) wins over newsletter.site_url. */
export async function loadFeedSite(store: Store, baseUrl?: string): Promise<FeedSite> {
  const s = await readNewsletterSettings(store.db);
  const base = baseUrl?.trim() || s.siteUrl;
  if (!base)
    throw new SummaError(
      "config.invalid",
      "Feeds need the archive's public address: `summa settings set newsletter.site_url https://...` or --base-url",
    );
  return {
    title: s.name || "Newsletter",
    baseUrl: base,
    ...(s.editor ? { author: s.editor } : {}),
  };
}
