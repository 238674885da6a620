import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as z from "zod";
import { can } from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import { publishIssue, unpublishIssue } from "../../issues/index.ts";
import type { AppEnv } from "../env.ts";
import { bearerUser } from "./auth.ts";
import { presentError } from "./present.ts";
import { parseJsonBody, parseParam } from "./request.ts";
import { issueNumberParam } from "./schemas.ts";

/** A publish or unpublish body is a time or a reason: a few hundred bytes. */
export const MAX_ISSUE_WRITE_BYTES = 16 * 1024;

const limitBody = bodyLimit({
  maxSize: MAX_ISSUE_WRITE_BYTES,
  onError: (c) =>
    c.json(presentError("input.invalid", `The body is larger than ${MAX_ISSUE_WRITE_BYTES} bytes`), 413),
});

export const publishBody = z
  .object({
    at: z.iso.datetime({ offset: true, message: "must be an ISO 8601 time with Z or an offset" }).optional(),
  })
  .strict();

export const unpublishBody = z.object({ reason: z.string().max(2000).optional() }).strict();

/**
 * Publishing from a script or another tool, as `summa issue publish|unpublish` and the desk do:
 * the same service calls, so the same checks (blocking problems, a running send) refuse the same way.
 */
export function issueWriteRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/issues/:number/publish", limitBody, async (c) => {
    const n = await composerNumber(c);
    const { at } = await parseJsonBody(c, publishBody, `Issue #${n} was not published.`);
    const result = await publishIssue(c.var.store, n, new Date(), { at: at ? new Date(at) : undefined });
    return c.json({
      number: result.number,
      status: result.scheduled ? "scheduled" : "published",
      date: result.date,
      publishedAt: result.publishedAt,
      url: result.url,
      problems: result.problems,
    });
  });

  app.post("/issues/:number/unpublish", limitBody, async (c) => {
    const n = await composerNumber(c);
    const { reason } = await parseJsonBody(c, unpublishBody, `Issue #${n} was not unpublished.`);
    return c.json(await unpublishIssue(c.var.store, n, reason ?? ""));
  });

  return app;
}

/** The issue's number, once the token's user may compose issues (who asks comes first). */
async function composerNumber(c: Context<AppEnv>): Promise<number> {
  const user = await bearerUser(c);
  if (!can(user.role, "issues.compose"))
    throw new SummaError("auth.forbidden", `Your role (${user.role}) cannot publish issues`);
  return parseParam(c, "number", issueNumberParam);
}
