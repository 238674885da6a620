import { Hono } from "hono";
import { loadFeedIssues, loadFeedSite } from "../../archive/index.ts";
import { FEED_MEDIA_TYPES, type FeedFormat, renderFeed } from "../../formats/render/feeds.ts";
import type { AppEnv } from "../env.ts";
import { siteBase } from "./common.ts";

/** Issues per feed: a few months of a weekly newsletter, each issue in full. */
const FEED_LENGTH = 20;

const ROUTES: [string, FeedFormat][] = [
  ["/feed.xml", "rss"],
  ["/atom.xml", "atom"],
  ["/feed.json", "json"],
];

/**
 * GET /feed.xml (RSS 2.0), /atom.xml (Atom 1.0), /feed.json (JSON Feed 1.1): the latest
 * published issues in full. Links are absolute, on newsletter.site_url or, when that is not
 * set, on the address the request came to.
 */
export function feedRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const [path, format] of ROUTES)
    app.get(path, async (c) => {
      const site = await loadFeedSite(c.var.store, siteBase(c));
      const issues = await loadFeedIssues(c.var.store, FEED_LENGTH);
      return c.body(renderFeed(format, issues, site), 200, {
        "Content-Type": `${FEED_MEDIA_TYPES[format]}; charset=utf-8`,
      });
    });
  return app;
}
