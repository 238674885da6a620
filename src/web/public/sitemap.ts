import { Hono } from "hono";
import { loadSitemap, type SitemapContent } from "../../archive/index.ts";
import { normalizeBaseUrl, xmlText } from "../../formats/render/feeds.ts";
import type { AppEnv } from "../env.ts";
import { archivePageHref } from "./archive.tsx";
import { siteBase } from "./common.ts";

/**
 * The sitemap protocol's XML (sitemaps.org 0.9): one <url> per public page, absolute, with
 * <lastmod> where the date is known. One file holds up to 50,000 URLs: AN has about 2,100.
 */
function sitemapXml(base: string, content: SitemapContent): string {
  const root = normalizeBaseUrl(base);
  const url = (path: string, lastmod?: string | null) =>
    `<url><loc>${xmlText(new URL(path.replace(/^\//, ""), root).href)}</loc>${
      lastmod && /^\d{4}-\d{2}-\d{2}/.test(lastmod)
        ? `<lastmod>${xmlText(lastmod.slice(0, 10))}</lastmod>`
        : ""
    }</url>`;
  const urls = [url("/")];
  for (let page = 1; page <= content.archivePages; page++) urls.push(url(archivePageHref(page)));
  for (const i of content.issues) urls.push(url(`/issues/${i.number}`, i.date));
  for (const e of content.entries) urls.push(url(`/entries/${e.id}`, e.updatedAt));
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`,
    ...urls,
    "</urlset>",
    "",
  ].join("\n");
}

/** GET /sitemap.xml and /robots.txt, which points crawlers at it and away from the desk and API. */
export function sitemapRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/sitemap.xml", async (c) =>
    c.body(sitemapXml(siteBase(c), await loadSitemap(c.var.store)), 200, {
      "Content-Type": "application/xml; charset=utf-8",
    }),
  );
  app.get("/robots.txt", (c) =>
    c.body(
      [
        "User-agent: *",
        "Disallow: /desk",
        "Disallow: /api/",
        `Sitemap: ${new URL("sitemap.xml", normalizeBaseUrl(siteBase(c))).href}`,
        "",
      ].join("\n"),
      200,
      { "Content-Type": "text/plain; charset=utf-8" },
    ),
  );
  return app;
}
