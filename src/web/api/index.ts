import { Hono } from "hono";
import { SummaError } from "../../domain/errors.ts";
import type { AppEnv } from "../env.ts";
import { publicRead, WWW_AUTHENTICATE } from "./auth.ts";
import { bounceRoutes } from "./bounces.ts";
import { entryRoutes } from "./entries.ts";
import { issueWriteRoutes } from "./issue-writes.ts";
import { issueRoutes } from "./issues.ts";
import { openApiRoutes } from "./openapi.ts";
import { presentError } from "./present.ts";
import { BadRequest } from "./request.ts";
import { taxonomyRoutes } from "./taxonomy.ts";

export { OPENAPI_DOCUMENT } from "./openapi.ts";

/**
 * The JSON API, version 1, mounted at /api/v1: public reads of published data (with CORS)
 * and entry writes with a bearer token. Every route is described in openapi.ts.
 * Errors keep the app's shape; only what this face adds is handled here (a 400 for requests
 * it cannot read, the WWW-Authenticate header of a 401); everything else goes to app.onError.
 */
export function apiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", publicRead);
  app.route("/", entryRoutes());
  app.route("/", issueRoutes());
  app.route("/", issueWriteRoutes());
  app.route("/", taxonomyRoutes());
  app.route("/", bounceRoutes());
  app.route("/", openApiRoutes());
  app.onError((err, c) => {
    if (err instanceof BadRequest) return c.json(presentError(err.code, err.message, err.details), 400);
    if (err instanceof SummaError && err.code === "auth.required")
      c.header("WWW-Authenticate", WWW_AUTHENTICATE);
    throw err;
  });
  return app;
}
