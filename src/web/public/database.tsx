import { Hono } from "hono";
import { type BrowsePage, browsePublished, DOWNLOAD_LIMIT, type IssueMention } from "../../entries/index.ts";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { downloadRoutes, suggestRoute } from "./database-data.ts";
import { lookupRoute } from "./database-lookup.tsx";
import { type BrowseState, browseHref, parseBrowseState, stateFilters } from "./database-params.ts";
import {
  ActiveFilters,
  Facets,
  HighlightList,
  LookupForm,
  ResultList,
  ResultPagination,
  SearchForm,
} from "./database-views.tsx";

const n = (x: number) => x.toLocaleString("en-US");

/** What the page says it lists: "1,958 entries", "12 results for “reward”". */
function countLine(page: BrowsePage): string {
  const what = page.q.trim()
    ? `${page.total === 1 ? "result" : "results"} for “${page.q.trim()}”`
    : "entries";
  return page.total === 1 && !page.q.trim() ? "1 entry" : `${n(page.total)} ${what}`;
}

function SortLinks({ state, page }: { state: BrowseState; page: BrowsePage }) {
  const sorts = [
    ...(page.q.trim() ? [["relevance", "Relevance"] as const] : []),
    ["newest", "Newest issue"] as const,
    ["oldest", "Oldest issue"] as const,
  ];
  return (
    <nav class="db-sort" aria-label="Sort results">
      <span class="muted">Sort:</span>
      {sorts.map(([key, label]) => (
        <a href={browseHref(state, { sort: key })} aria-current={page.sort === key ? "true" : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}

function Downloads({ state, page }: { state: BrowseState; page: BrowsePage }) {
  if (page.total === 0) return null;
  const href = (ext: string) => browseHref(state, { page: 1, more: [] }, `/database/download.${ext}`);
  return (
    <p class="db-downloads">
      <span>
        Download {page.total > DOWNLOAD_LIMIT ? `the first ${n(DOWNLOAD_LIMIT)} of these` : "these"} results:
      </span>{" "}
      <a href={href("csv")}>CSV</a> · <a href={href("xlsx")}>Excel (.xlsx)</a> ·{" "}
      <a href={href("bib")}>BibTeX</a>
      {page.total > DOWNLOAD_LIMIT ? (
        <span class="muted">
          {" "}
          (downloads hold at most {n(DOWNLOAD_LIMIT)} rows; narrow the search for the rest)
        </span>
      ) : null}
    </p>
  );
}

function Results({ state, page }: { state: BrowseState; page: BrowsePage }) {
  if (page.items.length === 0)
    return (
      <div class="notice db-empty">
        <p>Nothing published matches{page.q.trim() ? ` “${page.q.trim()}”` : ""} with these filters.</p>
        <p>
          Try fewer words or filters, or <a href="/database/lookup">look a paper up by its URL</a>.
        </p>
      </div>
    );
  return state.highlights ? (
    <HighlightList items={page.items} />
  ) : (
    <ResultList items={page.items} start={(page.page - 1) * page.pageSize + 1} />
  );
}

function DatabasePage({ site, state, page }: { site: Site; state: BrowseState; page: BrowsePage }) {
  const q = page.q.trim();
  const heading = state.highlights ? "Highlights" : "Database";
  const title = q ? `“${q.length > 60 ? `${q.slice(0, 60)}…` : q}” · ${heading}` : heading;
  const links = [
    ...(page.page > 1 ? [{ rel: "prev", href: browseHref(state, { page: page.page - 1 }) }] : []),
    ...(page.page < page.pageCount
      ? [{ rel: "next", href: browseHref(state, { page: page.page + 1 }) }]
      : []),
  ];
  return (
    <Page
      site={site}
      title={title}
      current="database"
      scripts={["database.js"]}
      links={links}
      description={`Search every summary ${site.name} has published.`}
    >
      <div class="db-page">
        <header class="db-header">
          <h1>{heading}</h1>
          <p class="muted">
            {state.highlights
              ? "The entries the newsletter put first, with their summaries and opinions in full."
              : `Every summary ${site.name} has published: search it, filter it, download it.`}
          </p>
          <div class="db-forms">
            <SearchForm state={state} />
            <LookupForm />
          </div>
        </header>
        {page.problem ? (
          <p class="notice error" role="alert">
            {page.problem}
          </p>
        ) : null}
        {page.truncated ? (
          <p class="notice" role="status">
            That query is long: only its first words were searched.
          </p>
        ) : null}
        {page.issue ? <IssueCard issue={page.issue} /> : null}
        {page.partial ? (
          <p class="notice db-partial" role="status">
            No entry has all of your words: these have the most of them.
          </p>
        ) : null}
        <div class="with-sidebar db-layout">
          <aside class="db-sidebar" aria-label="Filters">
            <Facets state={state} page={page} />
          </aside>
          <section class="db-main" aria-labelledby="db-count">
            <ActiveFilters state={state} />
            {page.problem ? null : (
              <>
                <div class="db-toolbar">
                  <h2 id="db-count" class="db-count">
                    {countLine(page)}
                    {page.pageCount > 1 ? <span class="muted"> · page {page.page}</span> : null}
                  </h2>
                  <SortLinks state={state} page={page} />
                  <a class="db-mode" href={browseHref(state, { highlights: !state.highlights })}>
                    {state.highlights ? "All entries, as a list" : "Read the highlights in full"}
                  </a>
                </div>
                <Results state={state} page={page} />
                <ResultPagination state={state} page={page} />
                <Downloads state={state} page={page} />
              </>
            )}
          </section>
        </div>
      </div>
    </Page>
  );
}

/** The issue a query names ("AN #53"), above the results: the reader most likely wants it. */
function IssueCard({ issue }: { issue: IssueMention }) {
  const what = [issue.subject, issue.date, `${issue.entries} ${issue.entries === 1 ? "entry" : "entries"}`]
    .filter(Boolean)
    .join(" · ");
  return (
    <section class="notice db-issue-card" aria-label={`Issue ${issue.label}`}>
      <a href={`/issues/${issue.number}`}>
        <strong>{issue.label}</strong>
      </a>{" "}
      <span class="muted">{what}</span> · <a href={`/issues/${issue.number}`}>Read the issue</a>
    </section>
  );
}

/**
 * /database: the public database browser (search, facets, sort, pages, highlights in full),
 * /database/lookup ("has this been summarized?"), /database/suggest (type-ahead JSON) and
 * /database/download.{csv,xlsx,bib}. Published entries only: the services see to it.
 */
export function databaseRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/database", async (c) => {
    const state = parseBrowseState(new URL(c.req.url).searchParams);
    const page = await browsePublished(c.var.store, {
      q: state.q,
      filters: stateFilters(state),
      sort: state.sort,
      page: state.page,
      expand: state.more,
      full: state.highlights,
    });
    return c.html(<DatabasePage site={c.var.site} state={state} page={page} />);
  });
  app.get("/database/lookup", lookupRoute);
  app.get("/database/suggest", suggestRoute);
  app.route("/", downloadRoutes());
  return app;
}
