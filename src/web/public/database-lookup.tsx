import type { Context } from "hono";
import { lookupPublished, type PublicLookup } from "../../entries/index.ts";
import { lookupExplanation, lookupLabel } from "../../formats/render/lookup-match.ts";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { LookupForm, ResultList } from "./database-views.tsx";

function LookupPage({ site, input, matches }: { site: Site; input: string; matches: PublicLookup[] | null }) {
  const asked = input.trim();
  return (
    <Page site={site} title="Has this been summarized?" current="database" scripts={["database.js"]}>
      <div class="db-page db-lookup-page">
        <h1>Has this been summarized?</h1>
        <p class="muted">
          Paste a paper's link (any arXiv form, a DOI, a forum post) or its title, or the start of it.
          Published summaries only; for anything else, <a href="/database">search the database</a>.
        </p>
        <LookupForm value={input} label="A paper's link or title" />
        {matches === null ? null : matches.length ? (
          <section aria-labelledby="lookup-result">
            <h2 id="lookup-result">
              Yes: {matches.length === 1 ? "one entry matches" : `${matches.length} entries match`}
            </h2>
            <ResultList
              items={matches.map((m) => m.item)}
              start={1}
              note={(i) => (
                <p class="db-how">
                  <span class="badge">{lookupLabel(matches[i]!)}</span> {lookupExplanation(matches[i]!)}
                </p>
              )}
            />
          </section>
        ) : (
          <section aria-labelledby="lookup-result" class="notice db-not-found">
            <h2 id="lookup-result">Not summarized yet</h2>
            <p>
              No published entry has this link or a title like “
              {asked.length > 200 ? `${asked.slice(0, 200)}…` : asked}
              ”.
            </p>
            <p>
              <a href={`/database?${new URLSearchParams({ q: asked.slice(0, 1000) })}`}>
                Search the database for these words
              </a>{" "}
              in case it was covered under another title.
            </p>
          </section>
        )}
      </div>
    </Page>
  );
}

/** GET /database/lookup?u=URL-or-title. */
export async function lookupRoute(c: Context<AppEnv>) {
  const input = c.req.query("u") ?? "";
  const matches = input.trim() ? await lookupPublished(c.var.store, input) : null;
  return c.html(<LookupPage site={c.var.site} input={input} matches={matches} />);
}
