import { issueWebUrl } from "../formats/render/email.ts";
import type { IssueView } from "../formats/render/issue-view.ts";
import { contentLinks, type EmailTracking } from "../formats/render/track-links.ts";
import { freezeSendTracking, readNewsletterSettings, type Store, saveTrackedLinks } from "../store/index.ts";

/**
 * How a send's email is tracked, decided once per send: the settings when its email is first
 * rendered for sending are frozen on the send (every worker, every edition agrees, and the
 * send's figures say what it counted). With clicks on, the issue's content links go into its
 * link table, the only places its redirects lead. Undefined: nothing is tracked, the email is
 * the same bytes as without this module.
 */
export async function prepareSendTracking(
  store: Store,
  send: { id: number; issueNumber: number },
  view: IssueView,
): Promise<EmailTracking | undefined> {
  const settings = await readNewsletterSettings(store.db);
  const flags = await freezeSendTracking(store.db, send.id, settings.tracking, new Date().toISOString());
  if (!flags.clicks && !flags.opens) return undefined;
  const web = issueWebUrl(view);
  const surveys = settings.siteUrl ? `${settings.siteUrl}/surveys/` : undefined;
  // The issue's own web page (a highlights edition's intro links to it) is "view online", and a
  // survey link carries the reader's own survey token: neither is a content link to count.
  const skip = (url: string) => url === web || (surveys !== undefined && url.startsWith(surveys));
  const links = flags.clicks
    ? await saveTrackedLinks(store.db, send.issueNumber, contentLinks(view, skip))
    : new Map<string, number>();
  return { links, pixel: flags.opens };
}
