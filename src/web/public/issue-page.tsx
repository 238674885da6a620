import { Hono } from "hono";
import { raw } from "hono/html";
import {
  loadPublicIssue,
  loadWithdrawnIssue,
  type PublicIssue,
  type WithdrawnIssue,
} from "../../archive/index.ts";
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

/** "This issue was withdrawn on 4 December 2026: REASON", the whole of a withdrawn issue's page. */
function withdrawnText(site: Site, w: WithdrawnIssue): string {
  const day = w.withdrawnAt.slice(0, 10);
  const label = `${site.prefix} #${w.number}`.trim();
  return `${label} was withdrawn on ${displayDate(day) || day}: ${w.reason}`;
}

function WithdrawnPage({ site, withdrawn }: { site: Site; withdrawn: WithdrawnIssue }) {
  const label = `${site.prefix} #${withdrawn.number}`.trim();
  return (
    <Page site={site} title={`${label} (withdrawn)`} current="archive">
      <article class="reading issue issue-withdrawn" data-issue={withdrawn.number}>
        <header class="issue-header">
          <h1>{label}</h1>
        </header>
        <p class="notice" role="status">
          {withdrawnText(site, withdrawn)}
        </p>
        <nav class="issue-nav" aria-label="Issues">
          <a href="/issues">All issues</a>
        </nav>
      </article>
    </Page>
  );
}

/**
 * GET /issues/N: a published issue's page; /issues/N.md and /issues/N.txt: the same issue as
 * Markdown (for cross-posting) and as the plain-text email. Drafts and unknown issues are 404;
 * a withdrawn issue is a 410 stub saying when and why.
 */
export function issuePageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/issues/:name{[0-9]+(?:\\.(?:md|txt))?}", async (c) => {
    const [digits, extension] = c.req.param("name").split(".") as [string, keyof typeof RENDERS | undefined];
    const number = routeNumber(digits, "issue");
    // A withdrawn issue's address says what became of it, with 410 Gone: it existed and won't return.
    const withdrawn = await loadWithdrawnIssue(c.var.store, number);
    if (withdrawn) {
      if (!extension) return c.html(<WithdrawnPage site={c.var.site} withdrawn={withdrawn} />, 410);
      return c.body(`${withdrawnText(c.var.site, withdrawn)}\n`, 410, {
        "Content-Type": "text/plain; charset=utf-8",
      });
    }
    const issue = await loadPublicIssue(c.var.store, number);
    if (!extension) return c.html(<IssuePage site={c.var.site} issue={issue} />);
    const render = RENDERS[extension];
    return c.body(renderIssue(issue.view, render.format), 200, { "Content-Type": render.type });
  });
  return app;
}
