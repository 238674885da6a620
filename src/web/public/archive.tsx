import { Hono } from "hono";
import { loadArchivePage } from "../../archive/index.ts";
import { issueLabel } from "../../domain/issue.ts";
import { displayDate } from "../../formats/render/email-html.ts";
import type { AppEnv } from "../env.ts";
import { Page } from "../layout.tsx";
import { Pagination } from "../pagination.tsx";
import { routeNumber } from "./common.ts";

/** The archive page's own address: page 1 is plain /issues, so it has one URL. */
export function archivePageHref(page: number): string {
  return page === 1 ? "/issues" : `/issues?page=${page}`;
}

/** GET /issues?page=N: published issues, newest first, 25 a page. */
export function archiveRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/issues", async (c) => {
    const site = c.var.site;
    const asked = c.req.query("page");
    const { issues, page, pages, total } = await loadArchivePage(
      c.var.store,
      asked === undefined ? 1 : routeNumber(asked, "archive page"),
    );
    const previous = page > 1 ? archivePageHref(page - 1) : null;
    const next = page < pages ? archivePageHref(page + 1) : null;
    const links = [
      ...(previous ? [{ rel: "prev", href: previous }] : []),
      ...(next ? [{ rel: "next", href: next }] : []),
    ];
    return c.html(
      <Page
        site={site}
        title={page === 1 ? "Archive" : `Archive, page ${page} of ${pages}`}
        current="archive"
        description={`Every issue of ${site.name}, newest first.`}
        links={links}
      >
        <section class="archive">
          <h1>Archive</h1>
          <p class="muted">
            {total} {total === 1 ? "issue" : "issues"}, newest first · page {page} of {pages}
          </p>
          {issues.length ? (
            <ol class="issue-list">
              {issues.map((i) => (
                <li>
                  <a class="result-title" href={`/issues/${i.number}`}>
                    {issueLabel(site, i.number)}
                    {i.title ? `: ${i.title}` : ""}
                  </a>
                  <div class="result-meta">
                    {/* An undated issue says nothing rather than "Date unknown" on every row. */}
                    {i.date ? (
                      <>
                        <time datetime={i.date}>{displayDate(i.date) || i.date}</time>
                        {" · "}
                      </>
                    ) : null}
                    {`${i.entries} ${i.entries === 1 ? "entry" : "entries"}`}
                  </div>
                </li>
              ))}
            </ol>
          ) : (
            <p>No issue has been published yet.</p>
          )}
          <Pagination
            page={page}
            pages={pages}
            href={archivePageHref}
            label="Archive pages"
            previous="← Newer issues"
            next="Older issues →"
          />
        </section>
      </Page>,
    );
  });
  return app;
}
