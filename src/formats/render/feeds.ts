import { SummaError } from "../../domain/errors.ts";
import { preheaderText } from "./email-html.ts";
import { issueBodyHtml } from "./html-fragments.ts";
import { type IssueView, issueViewTitle } from "./issue-view.ts";
import { issueInstant, rfc5322Date } from "./mime.ts";

/**
 * Feeds of issues with their full content: RSS 2.0 (with content:encoded), Atom 1.0 (RFC 4287)
 * and JSON Feed 1.1. Pure functions of the issues (newest first) and the site; every URL is
 * absolute, built from the site's base URL: issue pages at `issues/N`, the feeds at FEED_PATHS.
 */
export const FEED_FORMATS = ["rss", "atom", "json"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** Where each feed lives under the base URL (its self link). */
export const FEED_PATHS: Record<FeedFormat, string> = {
  rss: "feed.xml",
  atom: "atom.xml",
  json: "feed.json",
};

export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
};

export interface FeedSite {
  /** The newsletter's name: "Alignment Newsletter". */
  title: string;
  /** The public archive's address, absolute http(s): "https://example.org/an/". */
  baseUrl: string;
  /** One line about the newsletter; RSS requires a description, so the title stands in. */
  description?: string;
  /** The author or editor credited for the feed; the title when absent. */
  author?: string;
  /** BCP 47: "en" when absent. */
  language?: string;
  /**
   * When the archive last changed (the latest publish or import): Atom's `updated` when no issue
   * in the feed has a date. Absent, the feed's own latest date is all there is.
   */
  updated?: Date;
}

/** The base URL with exactly one trailing slash, or a SummaError when it is not absolute http(s). */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new SummaError("config.invalid", `"${baseUrl}" is not an absolute URL (feeds need one)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new SummaError("config.invalid", `"${baseUrl}": the feeds' base URL must be http or https`);
  url.search = "";
  url.hash = "";
  return url.href.replace(/\/*$/, "/");
}

export function feedUrl(site: Pick<FeedSite, "baseUrl">, format: FeedFormat): string {
  return new URL(FEED_PATHS[format], normalizeBaseUrl(site.baseUrl)).href;
}

/** The issue's page in the archive: its link, and its id in every feed (stable while the site stays put). */
export function issueUrl(site: Pick<FeedSite, "baseUrl">, number: number): string {
  return new URL(`issues/${number}`, normalizeBaseUrl(site.baseUrl)).href;
}

/** Characters XML 1.0 does not allow at all (§2.2): controls, lone surrogates, U+FFFE/FFFF. */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what must go
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);
}

/** A CDATA section holding any text: "]]>" is split across two sections, as it may not appear in one. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML, "").replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

interface FeedItem {
  id: string;
  url: string;
  title: string;
  summary: string;
  html: string;
  date: Date | null;
  /** Where the issue was first published (the Mailchimp page, for AN), when that is elsewhere. */
  externalUrl: string | null;
}

function items(issues: readonly IssueView[], site: FeedSite): FeedItem[] {
  const seen = new Set<number>();
  const out: FeedItem[] = [];
  for (const view of issues) {
    // Ids must be unique in a feed; an issue listed twice is shown once.
    if (seen.has(view.meta.number)) continue;
    seen.add(view.meta.number);
    const url = issueUrl(site, view.meta.number);
    const external = /^https?:\/\//i.test(view.meta.url) && view.meta.url !== url ? view.meta.url : null;
    out.push({
      id: url,
      url,
      title: itemTitle(view),
      summary: preheaderText(view),
      html: issueBodyHtml(view),
      date: issueInstant(view.meta.date),
      externalUrl: external,
    });
  }
  return out;
}

/** "AN #53: Subject" (or its highlights' titles), else "Alignment Newsletter #53". */
function itemTitle(view: IssueView): string {
  const title = issueViewTitle(view);
  return title ? `${view.label}: ${title}` : view.heading;
}

function newest(list: readonly FeedItem[]): Date | null {
  let max: Date | null = null;
  for (const i of list) if (i.date && (!max || i.date > max)) max = i.date;
  return max;
}

/** RFC 3339 in UTC without milliseconds: "2019-04-10T00:00:00Z". */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * RSS 2.0: the full issue HTML in content:encoded (CDATA), a plain-text synopsis in
 * description, a permalink guid, RFC 822 dates, and the atom:link self reference the RSS
 * Advisory Board's profile asks for.
 */
export function renderRssFeed(issues: readonly IssueView[], site: FeedSite): string {
  const list = items(issues, site);
  const home = normalizeBaseUrl(site.baseUrl);
  const updated = newest(list);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">`,
    "<channel>",
    `<title>${xmlText(site.title)}</title>`,
    `<link>${xmlText(home)}</link>`,
    `<description>${xmlText(site.description || site.title)}</description>`,
    `<language>${xmlText(site.language ?? "en")}</language>`,
    ...(updated ? [`<lastBuildDate>${rfc5322Date(updated)}</lastBuildDate>`] : []),
    "<generator>Summa</generator>",
    "<docs>https://www.rssboard.org/rss-specification</docs>",
    `<atom:link href="${xmlText(feedUrl(site, "rss"))}" rel="self" type="${FEED_MEDIA_TYPES.rss}"/>`,
  ];
  for (const i of list) {
    lines.push(
      "<item>",
      `<title>${xmlText(i.title)}</title>`,
      `<link>${xmlText(i.url)}</link>`,
      `<guid isPermaLink="true">${xmlText(i.id)}</guid>`,
      ...(i.date ? [`<pubDate>${rfc5322Date(i.date)}</pubDate>`] : []),
      `<description>${xmlText(i.summary)}</description>`,
      `<content:encoded>${cdata(i.html)}</content:encoded>`,
      "</item>",
    );
  }
  lines.push("</channel>", "</rss>", "");
  return lines.join("\n");
}

/**
 * Atom 1.0 (RFC 4287): feed id, title, updated and author; each entry with id, title,
 * updated, an alternate link, a text summary and the issue HTML as content type="html".
 */
export function renderAtomFeed(issues: readonly IssueView[], site: FeedSite): string {
  const list = items(issues, site);
  const home = normalizeBaseUrl(site.baseUrl);
  // Atom requires `updated` on the feed and on every entry; RSS and JSON Feed leave an undated
  // issue undated. An undated entry takes the feed's latest known date (it can have changed no
  // later than the feed did), else when the archive last changed; never a made-up 1970.
  const updated = newest(list) ?? site.updated;
  if (!updated)
    throw new SummaError(
      "config.invalid",
      "An Atom feed of undated issues needs the archive's last change (FeedSite.updated)",
    );
  const lang = xmlText(site.language ?? "en");
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">`,
    `<id>${xmlText(home)}</id>`,
    `<title type="text">${xmlText(site.title)}</title>`,
    ...(site.description ? [`<subtitle type="text">${xmlText(site.description)}</subtitle>`] : []),
    `<updated>${rfc3339(updated)}</updated>`,
    `<link rel="self" type="${FEED_MEDIA_TYPES.atom}" href="${xmlText(feedUrl(site, "atom"))}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(home)}"/>`,
    `<author><name>${xmlText(site.author || site.title)}</name></author>`,
    `<generator>Summa</generator>`,
  ];
  for (const i of list) {
    lines.push(
      "<entry>",
      `<id>${xmlText(i.id)}</id>`,
      `<title type="text">${xmlText(i.title)}</title>`,
      `<updated>${rfc3339(i.date ?? updated)}</updated>`,
      ...(i.date ? [`<published>${rfc3339(i.date)}</published>`] : []),
      `<link rel="alternate" type="text/html" href="${xmlText(i.url)}"/>`,
      ...(i.externalUrl ? [`<link rel="related" type="text/html" href="${xmlText(i.externalUrl)}"/>`] : []),
      `<summary type="text">${xmlText(i.summary)}</summary>`,
      `<content type="html">${cdata(i.html)}</content>`,
      "</entry>",
    );
  }
  lines.push("</feed>", "");
  return lines.join("\n");
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1): version, title and items with id and content_html. */
export function renderJsonFeed(issues: readonly IssueView[], site: FeedSite): string {
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: site.title,
    home_page_url: normalizeBaseUrl(site.baseUrl),
    feed_url: feedUrl(site, "json"),
    ...(site.description ? { description: site.description } : {}),
    language: site.language ?? "en",
    authors: [{ name: site.author || site.title }],
    items: items(issues, site).map((i) => ({
      id: i.id,
      url: i.url,
      ...(i.externalUrl ? { external_url: i.externalUrl } : {}),
      title: i.title,
      summary: i.summary,
      content_html: i.html,
      ...(i.date ? { date_published: rfc3339(i.date) } : {}),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

export function renderFeed(format: FeedFormat, issues: readonly IssueView[], site: FeedSite): string {
  switch (format) {
    case "rss":
      return renderRssFeed(issues, site);
    case "atom":
      return renderAtomFeed(issues, site);
    case "json":
      return renderJsonFeed(issues, site);
  }
}

export function parseFeedFormat(value: string): FeedFormat {
  const f = value.toLowerCase();
  if ((FEED_FORMATS as readonly string[]).includes(f)) return f as FeedFormat;
  throw new SummaError(
    "export.unknown_format",
    `Unknown feed format "${value}": use ${FEED_FORMATS.join(", ")}`,
  );
}
