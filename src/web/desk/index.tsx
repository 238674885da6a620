import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { Page } from "../layout.tsx";
import { requireCsrf, requireDesk } from "../security.ts";
import { entriesRoutes } from "./entries.tsx";
import { importRoutes } from "./import.tsx";
import { issuesRoutes } from "./issues.tsx";
import { loginRoutes } from "./login.tsx";
import { taxonomyRoutes } from "./taxonomy.tsx";

/** The editor's desk under /desk: login first, then every route needs a session and a CSRF token. */
export function deskRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", loginRoutes());
  app.use("*", requireDesk());
  app.use("*", requireCsrf);
  app.get("/", (c) => {
    const session = c.var.session!;
    return c.html(
      <Page site={c.var.site} title="Desk" session={session} current="desk">
        <h1>Desk</h1>
        <p>Welcome, {session.user.name}.</p>
      </Page>,
    );
  });
  app.route("/entries", entriesRoutes());
  app.route("/issues", issuesRoutes());
  app.route("/taxonomy", taxonomyRoutes());
  app.route("/import", importRoutes());
  return app;
}
