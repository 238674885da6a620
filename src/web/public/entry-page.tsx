import { Hono } from "hono";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { type EntryLink, loadPublicEntry, type PublicEntry } from "../../archive/index.ts";
import { formatAuthors } from "../../domain/authors.ts";
import { joinNames } from "../../domain/entry-display.ts";
import { safeHref } from "../../formats/render/html-escape.ts";
import { entryBodyHtml, entryTitleHtml } from "../../formats/render/html-fragments.ts";
import { markdownToText } from "../../formats/render/plain-text.ts";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { plainTitle, routeNumber } from "./common.ts";

/** The search engines' snippet: the summary's first 160 characters or so, as plain text. */
function describe(summary: string): string | undefined {
  const text = markdownToText(summary).replace(/\s+/g, " ").trim();
  if (!text) return undefined;
  return text.length <= 160 ? text : `${text.slice(0, 157).replace(/\s+\S*$/, "")}…`;
}

function EntryList({
  id,
  heading,
  entries,
  none,
}: {
  id: string;
  heading: string;
  entries: EntryLink[];
  none: string;
}) {
  return (
    <section class="entry-links" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {entries.length ? (
        <ul>
          {entries.map((e) => (
            <li>
              <a href={`/entries/${e.id}`}>{plainTitle(e.title)}</a>
              {e.issueLabel ? <span class="muted"> ({e.issueLabel})</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{none}</p>
      )}
    </section>
  );
}

/** Who, where and when, as a definition list; only what the entry has. */
function Facts({ data }: { data: PublicEntry }) {
  const { entry, issue } = data;
  const venueHref = safeHref(entry.venueUrl);
  const otherLabel = /^(n\/a)?$/i.test(entry.issueLabel.trim()) ? "" : entry.issueLabel.trim();
  const facts: [string, Child][] = [];
  if (entry.authors.length) facts.push(["Authors", formatAuthors(entry.authors)]);
  if (entry.venue) facts.push(["Venue", venueHref ? <a href={venueHref}>{entry.venue}</a> : entry.venue]);
  if (entry.year !== null) facts.push(["Year", String(entry.year)]);
  if (issue) facts.push(["Issue", <a href={`/issues/${issue.number}`}>{issue.label}</a>]);
  else if (otherLabel) facts.push(["Issue", otherLabel]);
  if (entry.summarizers.length) facts.push(["Summarized by", joinNames(entry.summarizers)]);
  if (entry.hatTip) facts.push(["Hat tip", entry.hatTip]);
  return (
    <dl class="entry-facts">
      {facts.map(([term, value]) => (
        <div>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function EntryPage({ site, data }: { site: Site; data: PublicEntry }) {
  const { entry, view } = data;
  const body = entryBodyHtml(view);
  return (
    <Page site={site} title={plainTitle(entry.title)} current="database" description={describe(view.summary)}>
      <article class="reading entry-page">
        <header class="issue-header">
          <p class="issue-label">
            {entry.category || "Entry"}{" "}
            {entry.highlight ? <span class="badge highlight">Highlight</span> : null}
          </p>
          <h1>{raw(entryTitleHtml(view))}</h1>
          <Facts data={data} />
        </header>
        {body ? (
          <div class="entry">{raw(body)}</div>
        ) : (
          <p class="muted">This entry was listed without a summary.</p>
        )}
        <EntryList id="cites" heading="Cites" entries={data.cites} none="It cites no other entry." />
        <EntryList
          id="cited-by"
          heading="Cited by"
          entries={data.citedBy}
          none="No other entry cites it yet."
        />
        <EntryList
          id="similar"
          heading="Similar summaries"
          entries={data.similar}
          none="No other entry shares enough of its words."
        />
      </article>
    </Page>
  );
}

/** GET /entries/ID: an entry's permanent page; 404 for unknown and unpublished entries. */
export function entryPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/entries/:id", async (c) => {
    const data = await loadPublicEntry(c.var.store, routeNumber(c.req.param("id"), "entry"));
    return c.html(<EntryPage site={c.var.site} data={data} />);
  });
  return app;
}
