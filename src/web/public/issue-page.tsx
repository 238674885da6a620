import { Hono } from "hono";
import { raw } from "hono/html";
import { loadPublicIssue, type PublicIssue } from "../../archive/index.ts";
import { displayDate, preheaderText } from "../../formats/render/email-html.ts";
import { safeHref } from "../../formats/render/html-escape.ts";
import { issueBodyHtml } from "../../formats/render/html-fragments.ts";
import { renderIssue } from "../../issues/index.ts";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { routeNumber } from "./common.ts";

/** The other renders of an issue page, by file extension. */
const RENDERS = {
  md: { format: "markdown", type: "text/markdown; charset=utf-8" },
  txt: { format: "text", type: "text/plain; charset=utf-8" },
} as const;

function IssuePage({ site, issue }: { site: Site; issue: PublicIssue }) {
  const { view, previous, next } = issue;
  const n = view.meta.number;
  const title = view.meta.subject ? `${view.label}: ${view.meta.subject}` : view.heading;
  const original = safeHref(view.meta.url);
  const links = [
    ...(previous !== null ? [{ rel: "prev", href: `/issues/${previous}` }] : []),
    ...(next !== null ? [{ rel: "next", href: `/issues/${next}` }] : []),
  ];
  const empty = !view.intro && !view.highlights.length && !view.sections.length;
  return (
    <Page site={site} title={title} current="archive" description={preheaderText(view)} links={links}>
      <article class="reading issue" data-issue={n}>
        <header class="issue-header">
          {/* The kicker names the issue above its subject; without a subject the heading does. */}
          {view.meta.subject ? <p class="issue-label">{view.heading}</p> : null}
          <h1>{view.meta.subject || view.heading}</h1>
          {view.meta.date ? (
            <time datetime={view.meta.date}>{displayDate(view.meta.date) || view.meta.date}</time>
          ) : null}
          <p class="meta issue-formats">
            Also as <a href={`/issues/${n}.md`}>Markdown</a> · <a href={`/issues/${n}.txt`}>plain text</a>
            {original ? (
              <>
                {" · "}
                <a href={original}>as first sent</a>
              </>
            ) : null}
          </p>
        </header>
        {empty ? (
          <p class="muted">This issue has no entries.</p>
        ) : (
          raw(issueBodyHtml(view, { entryPage: (id) => `/entries/${id}` }))
        )}
        <nav class="issue-nav" aria-label="Issues">
          {previous !== null ? (
            <a rel="prev" href={`/issues/${previous}`}>
              ← {site.prefix} #{previous}
            </a>
          ) : (
            <span />
          )}
          <a href="/issues">All issues</a>
          {next !== null ? (
            <a rel="next" href={`/issues/${next}`}>
              {site.prefix} #{next} →
            </a>
          ) : (
            <span />
          )}
        </nav>
      </article>
    </Page>
  );
}

/**
 * GET /issues/N: a published issue's page; /issues/N.md and /issues/N.txt: the same issue as
 * Markdown (for cross-posting) and as the plain-text email. Drafts and unknown issues are 404.
 */
export function issuePageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/issues/:name{[0-9]+(?:\\.(?:md|txt))?}", async (c) => {
    const [digits, extension] = c.req.param("name").split(".") as [string, keyof typeof RENDERS | undefined];
    const issue = await loadPublicIssue(c.var.store, routeNumber(digits, "issue"));
    if (!extension) return c.html(<IssuePage site={c.var.site} issue={issue} />);
    const render = RENDERS[extension];
    return c.body(renderIssue(issue.view, render.format), 200, { "Content-Type": render.type });
  });
  return app;
}
