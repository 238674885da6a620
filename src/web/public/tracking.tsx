import { Hono } from "hono";
import { countOpen, followClick } from "../../tracking/index.ts";
import type { AppEnv } from "../env.ts";
import { ErrorPage } from "../error-page.tsx";

/** A transparent 1x1 GIF: what the open pixel serves, counted or not. */
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

/**
 * Click redirects and the open pixel of tracked emails (src/tracking). A click goes, with a
 * 302, only to a URL of its issue's link table; any token that is not genuine (forged, edited,
 * another issue's link) gets a 404 page and no Location. Never cached (each click counts, and a
 * shared cache must not keep a reader's redirect), and no Referer leaks the token to the site
 * the reader lands on.
 */
export function trackingRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/r/:token", async (c) => {
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    const url = await followClick(c.var.store, c.req.param("token"));
    if (url === null)
      return c.html(
        <ErrorPage
          site={c.var.site}
          status={404}
          message="This link is not one of ours, or it was changed on its way. Every issue is in the archive."
        />,
        404,
      );
    // A Location header is ASCII: a title link kept as typed ("https://example.org/café") is percent-encoded.
    return c.redirect(
      url.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch)),
      302,
    );
  });
  app.get("/o/:file", async (c) => {
    const file = c.req.param("file");
    if (file.endsWith(".gif")) await countOpen(c.var.store, file.slice(0, -".gif".length));
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    return c.body(PIXEL, 200, { "Content-Type": "image/gif" });
  });
  return app;
}
