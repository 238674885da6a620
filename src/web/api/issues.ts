import { Hono } from "hono";
import { listPublicIssues, loadPublicComposedIssue, loadPublicIssueView } from "../../archive/index.ts";
import { type IssueFormat, loadRenderOptions, renderIssue } from "../../issues/index.ts";
import type { AppEnv } from "../env.ts";
import { RENDERED_DOCUMENT_CSP } from "../security.ts";
import { presentIssue, presentIssueSummary, presentPage } from "./present.ts";
import { parseParam, parseQuery, presentContextFor } from "./request.ts";
import { issueFormatParam, issueNumberParam, pageQuery } from "./schemas.ts";

/** What each rendering is, for Content-Type (the email is a whole MIME message). */
export const RENDER_CONTENT_TYPES: Record<IssueFormat, string> = {
  text: "text/plain; charset=utf-8",
  markdown: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
  email: "message/rfc822",
};

/** /issues: the archive as data, each issue laid out, and each issue rendered. */
export function issueRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/issues", async (c) => {
    const { limit, offset } = parseQuery(c, pageQuery);
    // Public reads (src/archive): a draft issue is "not found", unpublished entries are left out.
    const { issues, total } = await listPublicIssues(c.var.store, { limit, offset });
    const ctx = await presentContextFor(c);
    return c.json(
      presentPage(
        total,
        limit,
        offset,
        issues.map((i) => presentIssueSummary(ctx, i)),
      ),
    );
  });

  app.get("/issues/:number", async (c) => {
    const n = parseParam(c, "number", issueNumberParam);
    const issue = await loadPublicComposedIssue(c.var.store, n);
    return c.json(presentIssue(await presentContextFor(c), issue));
  });

  app.get("/issues/:number/render/:format", async (c) => {
    const n = parseParam(c, "number", issueNumberParam);
    const format = parseParam(c, "format", issueFormatParam);
    const [view, options] = await Promise.all([
      loadPublicIssueView(c.var.store, n),
      loadRenderOptions(c.var.store),
    ]);
    const body = renderIssue(view, format, options);
    // The html render is a whole document with its own <style>: it may style itself, never run.
    return c.body(body, 200, {
      "Content-Type": RENDER_CONTENT_TYPES[format],
      "Content-Security-Policy": RENDERED_DOCUMENT_CSP,
    });
  });

  return app;
}
