import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { Page } from "../layout.tsx";
import { databaseRoutes } from "./database.tsx";

/** The public site: home, archive, issues, entries, the database browser, feeds, sitemap. */
export function publicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", (c) =>
    c.html(
      <Page site={c.var.site} title={c.var.site.name}>
        <h1>{c.var.site.name}</h1>
      </Page>,
    ),
  );
  app.route("/", databaseRoutes());
  return app;
}
