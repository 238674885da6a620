import { entryHtml, introHtml } from "./html-fragments.ts";
import type { EntryView, IssueView } from "./issue-view.ts";

/**
 * Click and open counting in an issue's email (off unless the editor turns it on). Pure: the
 * service gives each trackable URL an id in the issue's link table (src/tracking), and this
 * module writes, in place of each such link, a `{{click_ID}}` placeholder the sender fills per
 * message with that reader's signed redirect, plus, for opens, a 1x1 image whose address is the
 * `{{open_url}}` placeholder. Only the issue's content is tracked: the intro and the entries.
 * The masthead, "view this issue online", the database link, the preferences and unsubscribe
 * links, mailto: links and survey links are left as they are.
 */

/** One link of the issue's content, and the entry whose text holds it (null: the intro). */
export interface ContentLink {
  url: string;
  entryId: number | null;
}

/** How an email is tracked: each trackable URL's id, and whether it carries the open pixel. */
export interface EmailTracking {
  links: ReadonlyMap<string, number>;
  pixel: boolean;
}

/** The placeholders a tracked email holds; the template turns them into per-message slots. */
export const CLICK_TOKEN_PREFIX = "click_";
export const OPEN_TOKEN = "open_url";

const HREF = /href="([^"]*)"/g;

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27|#(\d+));/g, (whole, name: string, dec?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    return (
      ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" } as Record<string, string>)[name] ??
      whole
    );
  });
}

const isWebLink = (url: string) => /^https?:\/\//i.test(url) && !url.includes("{{");

/** The http(s) links of an HTML fragment, as the reader's browser would follow them. */
function hrefsOf(html: string): string[] {
  return [...html.matchAll(HREF)].map((m) => unescapeHtml(m[1]!)).filter(isWebLink);
}

/**
 * The issue's content links, each once, in order: the intro's, then each entry's (its title's
 * link and every link of its texts, found by rendering them as the email does), attributed to
 * the first entry that holds them. `skip` leaves out links that are not content (the issue's
 * own web page, which a highlights edition's intro links to; survey links).
 */
export function contentLinks(view: IssueView, skip: (url: string) => boolean = () => false): ContentLink[] {
  const found = new Map<string, number | null>();
  const add = (html: string, entryId: number | null) => {
    for (const url of hrefsOf(html)) if (!found.has(url) && !skip(url)) found.set(url, entryId);
  };
  add(introHtml(view), null);
  const entries: EntryView[] = [
    ...view.highlights,
    ...view.sections.flatMap((s) => s.categories.flatMap((c) => c.entries)),
  ];
  for (const e of entries) add(entryHtml(e), e.id);
  return [...found].map(([url, entryId]) => ({ url, entryId }));
}

/** `{{click_12}}` */
export const clickPlaceholder = (id: number) => `{{${CLICK_TOKEN_PREFIX}${id}}}`;

/**
 * The email's text and HTML parts with each tracked link replaced by its placeholder (in the
 * HTML, `href="..."`; in the text, `<url>`), and the open pixel before `</body>` when asked.
 * Links not in `tracking.links` stay as they are.
 */
export function trackLinks<P extends { text: string; html: string }>(parts: P, tracking: EmailTracking): P {
  const html = parts.html.replace(HREF, (whole, href: string) => {
    const id = tracking.links.get(unescapeHtml(href));
    return id === undefined ? whole : `href="${clickPlaceholder(id)}"`;
  });
  const text = parts.text.replace(/<(https?:\/\/[^\s<>]+)>/g, (whole, url: string) => {
    const id = tracking.links.get(url);
    return id === undefined ? whole : `<${clickPlaceholder(id)}>`;
  });
  const pixel = `<img src="{{${OPEN_TOKEN}}}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
  return {
    ...parts,
    text,
    html: tracking.pixel ? html.replace(/<\/body>/, `${pixel}\n</body>`) : html,
  };
}

/** A body placeholder's slot: a tracked link (its id) or the open pixel; null for any other. */
export function trackingSlot(token: string): { token: "click"; link: number } | { token: "open_url" } | null {
  if (token === OPEN_TOKEN) return { token: "open_url" };
  if (!token.startsWith(CLICK_TOKEN_PREFIX)) return null;
  const id = Number(token.slice(CLICK_TOKEN_PREFIX.length));
  return Number.isSafeInteger(id) && id > 0 ? { token: "click", link: id } : null;
}
