import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { archiveRoutes } from "./archive.tsx";
import { authorReviewRoutes } from "./author-review.tsx";
import { databaseRoutes } from "./database.tsx";
import { entryPageRoutes } from "./entry-page.tsx";
import { feedRoutes } from "./feeds.ts";
import { homeRoutes } from "./home.tsx";
import { issuePageRoutes } from "./issue-page.tsx";
import { numbersPageRoutes } from "./numbers.tsx";
import { sitemapRoutes } from "./sitemap.ts";
import { subscribeRoutes } from "./subscribe.tsx";
import { confirmRoutes } from "./subscription-confirm.tsx";
import { preferencesRoutes } from "./subscription-preferences.tsx";
import { unsubscribeRoutes } from "./subscription-unsubscribe.tsx";
import { suggestRoutes } from "./suggest.tsx";
import { surveyRoutes } from "./survey.tsx";
import { trackingRoutes } from "./tracking.tsx";

/**
 * The public site: home, archive, issues, entries, the database browser, feeds, sitemap and
 * the subscription pages (sign-up, confirm, unsubscribe, preferences). It shows published
 * issues and entries only; the rest is not found.
 */
export function publicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", homeRoutes());
  app.route("/", archiveRoutes());
  app.route("/", issuePageRoutes());
  app.route("/", entryPageRoutes());
  app.route("/", subscribeRoutes());
  app.route("/", suggestRoutes());
  app.route("/", confirmRoutes());
  app.route("/", unsubscribeRoutes());
  app.route("/", preferencesRoutes());
  app.route("/", surveyRoutes());
  app.route("/", authorReviewRoutes());
  app.route("/", feedRoutes());
  app.route("/", sitemapRoutes());
  app.route("/", databaseRoutes());
  app.route("/", numbersPageRoutes());
  app.route("/", trackingRoutes());
  return app;
}
