import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { joinNames } from "../../domain/entry-display.ts";
import type { BrowseItem, BrowsePage } from "../../entries/index.ts";
import { entryHtml } from "../../formats/render/html-fragments.ts";
import type { FacetName } from "../../store/index.ts";
import { Pagination } from "../pagination.tsx";
import { plainTitle } from "./common.ts";
import {
  activeFilters,
  type BrowseState,
  browseHref,
  isChosen,
  NO_FILTERS,
  toggleFacet,
} from "./database-params.ts";

// Pieces of the database browser's pages; database.tsx and database-lookup.tsx put them together.

/** Long author lists read "A, B, C et al", as a result line has room for. */
function authorLine(item: BrowseItem): string {
  const names = item.entry.authors.map((a) => a.name);
  return names.length > 4 ? `${names.slice(0, 3).join(", ")} et al` : names.join(", ");
}

/** The one search box; the chosen filters and sort travel along as hidden fields. */
export function SearchForm({ state }: { state: BrowseState }) {
  const hidden: [string, string][] = [
    ...state.categories.map((c): [string, string] => ["category", c]),
    ...(state.section ? [["section", state.section] as [string, string]] : []),
    ...(state.summarizer ? [["summarizer", state.summarizer] as [string, string]] : []),
    ...(state.year !== undefined ? [["year", String(state.year)] as [string, string]] : []),
    ...state.venues.map((v): [string, string] => ["venue", v]),
    ...(state.highlights ? [["highlights", "1"] as [string, string]] : []),
    ...(state.sort && state.sort !== "relevance" ? [["sort", state.sort] as [string, string]] : []),
  ];
  return (
    <search>
      <form class="db-search" method="get" action="/database">
        <label for="db-q">Search every summary</label>
        <div class="db-search-row">
          <div class="db-combobox">
            <input
              type="search"
              id="db-q"
              name="q"
              value={state.q}
              autocomplete="off"
              spellcheck={false}
              aria-describedby="db-q-hint"
              data-suggest="/database/suggest"
            />
          </div>
          <button type="submit">Search</button>
        </div>
        <p id="db-q-hint" class="hint muted">
          Words, <code>"a phrase"</code>, <code>prefix*</code>, <code>a OR b</code>, <code>-excluded</code>.
          Press <kbd>/</kbd> to search from anywhere, <kbd>j</kbd>/<kbd>k</kbd> to move through results.
        </p>
        {hidden.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
      </form>
    </search>
  );
}

/** "Has this been summarized?": a URL or a title. */
export function LookupForm({
  value = "",
  label = "Has this been summarized?",
}: {
  value?: string;
  label?: string;
}) {
  return (
    <form class="db-lookup" method="get" action="/database/lookup">
      <label for="db-lookup-u">{label}</label>
      <div class="db-search-row">
        <input type="text" id="db-lookup-u" name="u" value={value} placeholder="A paper's URL or title" />
        <button type="submit" class="subtle">
          Check
        </button>
      </div>
    </form>
  );
}

const FACET_TITLES: Record<FacetName, string> = {
  highlight: "Highlights",
  section: "Section",
  category: "Category",
  summarizer: "Summarizer",
  year: "Year",
  venue: "Venue",
};
const FACET_ORDER: FacetName[] = ["highlight", "section", "category", "summarizer", "year", "venue"];

/** Each facet's values as links that add (or remove) the filter; "show all" past the top ones. */
export function Facets({ state, page }: { state: BrowseState; page: BrowsePage }) {
  const facets = page.facets;
  if (!facets) return null;
  return (
    <details class="db-facets" open>
      <summary>Refine the results</summary>
      {FACET_ORDER.map((name) => {
        const facet = facets[name];
        if (facet.values.length === 0) return null;
        // Years read best in order; the rest by how many entries they hold.
        const values =
          name === "year"
            ? [...facet.values].sort((a, b) => Number(b.value) - Number(a.value))
            : facet.values;
        const id = `facet-${name}`;
        const expanded = state.more.includes(name);
        return (
          <section class="facet" aria-labelledby={id}>
            <h2 id={id}>{FACET_TITLES[name]}</h2>
            <ul>
              {values.map((v) => {
                const chosen = isChosen(state, name, v.value);
                return (
                  <li>
                    <a
                      class={chosen ? "facet-value chosen" : "facet-value"}
                      href={browseHref(state, toggleFacet(state, name, v.value))}
                      aria-current={chosen ? "true" : undefined}
                    >
                      <span class="facet-label">{name === "highlight" ? "Highlights only" : v.label}</span>{" "}
                      <span class="facet-count">{v.count.toLocaleString("en-US")}</span>
                      {chosen ? <span class="visually-hidden"> (chosen; follow to remove)</span> : null}
                    </a>
                  </li>
                );
              })}
            </ul>
            {facet.distinct > values.length && !expanded ? (
              <a class="facet-more" href={browseHref(state, { more: [...state.more, name] })}>
                Show all {facet.distinct.toLocaleString("en-US")}
                <span class="visually-hidden"> {FACET_TITLES[name].toLowerCase()} values</span>
              </a>
            ) : null}
          </section>
        );
      })}
    </details>
  );
}

/** The chosen filters, each with a link that removes it. */
export function ActiveFilters({ state }: { state: BrowseState }) {
  const active = activeFilters(state);
  if (active.length === 0) return null;
  return (
    <section class="db-active" aria-label="Active filters">
      <span class="db-active-title">Filtered by:</span>
      <ul>
        {active.map((f) => (
          <li>
            <span class="db-chip">
              <span class="muted">{f.label}:</span> {f.value}{" "}
              <a href={browseHref(state, f.remove)} class="db-chip-remove">
                remove<span class="visually-hidden"> the filter {`${f.label}: ${f.value}`}</span>
              </a>
            </span>
          </li>
        ))}
      </ul>
      {active.length > 1 ? <a href={browseHref(state, NO_FILTERS)}>Clear all filters</a> : null}
    </section>
  );
}

/** Who, where, when and which issue, as one line. */
function ResultMeta({ item }: { item: BrowseItem }) {
  const { entry, issue } = item;
  const parts = [authorLine(item), entry.venue, entry.year !== null ? String(entry.year) : ""].filter(
    (p) => p !== "",
  );
  return (
    <div class="result-meta">
      {parts.join(" · ")}
      {issue.label ? (
        <>
          {parts.length ? " · " : ""}
          {issue.number !== null ? <a href={`/issues/${issue.number}`}>{issue.label}</a> : issue.label}
        </>
      ) : null}
      {entry.summarizers.length ? <> · summarized by {joinNames(entry.summarizers)}</> : null}
    </div>
  );
}

/** Results as a list: title, credits, issue and the summary's first words (and a note, if any). */
export function ResultList({
  items,
  start,
  note,
}: {
  items: BrowseItem[];
  start: number;
  note?: (index: number) => Child;
}) {
  return (
    <ol class="result-list db-results" start={start} id="db-results">
      {items.map((item, i) => (
        <li data-result={`/entries/${item.entry.id}`}>
          {note ? note(i) : null}
          <div class="result-title">
            <a href={`/entries/${item.entry.id}`}>{plainTitle(item.entry.title)}</a>
            {item.entry.highlight ? (
              <>
                {" "}
                <span class="badge highlight">Highlight</span>
              </>
            ) : null}
          </div>
          <ResultMeta item={item} />
          {item.snippetParts ? (
            <p class="result-snippet">
              {item.snippetParts.map((part) => (part.hit ? <mark>{part.text}</mark> : part.text))}
            </p>
          ) : item.snippet ? (
            <p class="result-snippet">{item.snippet}</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** The highlights reading mode: each entry in full, as its issue showed it. */
export function HighlightList({ items }: { items: BrowseItem[] }) {
  return (
    <div class="reading db-highlights" id="db-results">
      {items.map((item) => (
        <div class="db-highlight" data-result={`/entries/${item.entry.id}`}>
          <p class="meta db-highlight-meta">
            <a href={`/entries/${item.entry.id}`}>Entry page</a>
            {item.issue.label ? (
              <>
                {" · "}
                {item.issue.number !== null ? (
                  <a href={`/issues/${item.issue.number}`}>{item.issue.label}</a>
                ) : (
                  item.issue.label
                )}
              </>
            ) : null}
            {item.entry.category ? <> · {item.entry.category}</> : null}
          </p>
          {/* entryHtml escapes every database string and renders Markdown with raw HTML off. */}
          {item.view ? raw(entryHtml(item.view)) : null}
        </div>
      ))}
    </div>
  );
}

/** Previous / next, with rel attributes (the page head carries them too). */
export function ResultPagination({ state, page }: { state: BrowseState; page: BrowsePage }) {
  return (
    <Pagination
      page={page.page}
      pages={page.pageCount}
      href={(n) => browseHref(state, { page: n })}
      label="Result pages"
    />
  );
}
