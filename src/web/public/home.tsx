import { Hono } from "hono";
import { loadLatestIssue } from "../../archive/index.ts";
import { displayDate } from "../../formats/render/email-html.ts";
import { issueViewTitle } from "../../formats/render/issue-view.ts";
import type { AppEnv, Site } from "../env.ts";
import { FeedLinks, Page } from "../layout.tsx";
import { plainTitle } from "./common.ts";
import { SubscribeForm } from "./subscribe.tsx";

type Latest = Awaited<ReturnType<typeof loadLatestIssue>>;

/** What the newsletter is, in a sentence or two, from its settings. */
function About({ site }: { site: Site }) {
  return (
    <p class="lede">
      {site.name} summarizes recent research papers and posts each week, every summary with its summarizer's
      opinion{site.editor ? `, edited by ${site.editor}` : ""}. Every summary it has sent is in the{" "}
      <a href="/database">searchable database</a>.
    </p>
  );
}

function LatestIssue({ latest }: { latest: NonNullable<Latest> }) {
  const { summary, view } = latest;
  const href = `/issues/${summary.number}`;
  const entries = `${summary.entries} ${summary.entries === 1 ? "entry" : "entries"}`;
  return (
    <section class="card latest-issue" aria-labelledby="latest-heading">
      <h2 id="latest-heading">Latest issue</h2>
      <p class="issue-label">
        {view.label}
        {summary.date ? (
          <>
            {" · "}
            <time datetime={summary.date}>{displayDate(summary.date) || summary.date}</time>
          </>
        ) : null}
        {` · ${entries}`}
      </p>
      <p class="latest-title">
        <a href={href}>{issueViewTitle(view) || view.heading}</a>
      </p>
      {view.highlights.length ? (
        <>
          <h3>Highlights</h3>
          <ul class="highlight-list">
            {view.highlights.map((e) => (
              <li>
                <a href={`/entries/${e.id}`}>{plainTitle(e.title)}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a class="button" href={href}>
          Read {view.label}
        </a>{" "}
        <a class="button subtle" href="/issues">
          All issues
        </a>
      </p>
    </section>
  );
}

/** GET /: what the newsletter is, its latest issue, the subscribe form, where to go next. */
export function homeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", async (c) => {
    const site = c.var.site;
    const latest = await loadLatestIssue(c.var.store);
    return c.html(
      <Page
        site={site}
        title={site.name}
        description={`${site.name}: a weekly newsletter of research summaries.`}
      >
        <section class="home-intro">
          <h1>{site.name}</h1>
          <About site={site} />
        </section>
        <div class="split home-grid">
          {latest ? (
            <LatestIssue latest={latest} />
          ) : (
            <section class="card latest-issue" aria-labelledby="latest-heading">
              <h2 id="latest-heading">Latest issue</h2>
              <p>The first issue has not gone out yet.</p>
            </section>
          )}
          <section class="card" id="subscribe" aria-labelledby="subscribe-heading">
            <h2 id="subscribe-heading">Subscribe</h2>
            <SubscribeForm idPrefix="home-subscribe" />
          </section>
        </div>
        <nav class="home-links" aria-label="Explore">
          <h2>Explore</h2>
          <ul>
            <li>
              <a href="/issues">The archive</a>: every issue, newest first.
            </li>
            <li>
              <a href="/database">The database</a>: search every summary ever written.
            </li>
            <li>
              Feeds: <FeedLinks />.
            </li>
            {site.suggestPublic ? (
              <li>
                <a href="/suggest">Suggest a paper</a>: seen something worth summarizing? Your name goes in
                the hat tip.
              </li>
            ) : null}
          </ul>
        </nav>
      </Page>,
    );
  });
  return app;
}
