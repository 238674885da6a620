import { BROWSE_SORTS, type BrowseSort, FACET_NAMES, type FacetName } from "../../entries/index.ts";
import type { SearchFilters } from "../../store/index.ts";

/**
 * The database browser's state lives in its URL, so every view is a link (shareable, works
 * without JavaScript, and the back button undoes a filter):
 *   q         the query                  sort     relevance | newest | oldest
 *   category  repeated: any of them      venue    repeated: any of them
 *   section   one top-level section      summarizer  one person
 *   author    a name among the authors (type-ahead's people link here)
 *   year      one year                   highlights  1: highlights, in full
 *   page      1-based                    more     a facet to list in full
 * Anything malformed is ignored rather than refused: a hand-edited URL still shows a page.
 */
export interface BrowseState {
  q: string;
  /** As requested; the service decides what applies (relevance needs a query). */
  sort: BrowseSort | undefined;
  page: number;
  categories: string[];
  venues: string[];
  section: string | undefined;
  summarizer: string | undefined;
  author: string | undefined;
  year: number | undefined;
  highlights: boolean;
  more: FacetName[];
}

/** A value this long is no category, venue or name. */
const MAX_VALUE = 300;
/** Nobody ticks more categories or venues than this; the rest are ignored. */
const MAX_VALUES = 30;

function one(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name)?.trim();
  return v && v.length <= MAX_VALUE ? v : undefined;
}

function many(params: URLSearchParams, name: string): string[] {
  const values = params
    .getAll(name)
    .map((v) => v.trim())
    .filter((v) => v !== "" && v.length <= MAX_VALUE);
  return [...new Set(values)].slice(0, MAX_VALUES);
}

/** The browser's state from a request's query string. */
export function parseBrowseState(params: URLSearchParams): BrowseState {
  const sort = params.get("sort");
  const page = Number(params.get("page"));
  const year = params.get("year") ?? "";
  return {
    q: params.get("q") ?? "",
    sort: BROWSE_SORTS.includes(sort as BrowseSort) ? (sort as BrowseSort) : undefined,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    categories: many(params, "category"),
    venues: many(params, "venue"),
    section: one(params, "section"),
    summarizer: one(params, "summarizer"),
    author: one(params, "author"),
    year: /^\d{1,4}$/.test(year) ? Number(year) : undefined,
    highlights: params.get("highlights") === "1",
    more: many(params, "more").filter((m): m is FacetName => FACET_NAMES.includes(m as FacetName)),
  };
}

/** The search filters the state selects (the service adds "published only"). */
export function stateFilters(s: BrowseState): SearchFilters {
  return {
    ...(s.categories.length ? { categories: s.categories } : {}),
    ...(s.venues.length ? { venues: s.venues } : {}),
    ...(s.section ? { section: s.section } : {}),
    ...(s.summarizer ? { summarizer: s.summarizer } : {}),
    ...(s.author ? { author: s.author } : {}),
    ...(s.year !== undefined ? { yearFrom: s.year, yearTo: s.year } : {}),
    ...(s.highlights ? { highlightsOnly: true } : {}),
  };
}

/** The query string for a state, in a stable order; defaults are left out. */
export function stateQuery(s: BrowseState): string {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const c of s.categories) p.append("category", c);
  if (s.section) p.set("section", s.section);
  if (s.summarizer) p.set("summarizer", s.summarizer);
  if (s.author) p.set("author", s.author);
  if (s.year !== undefined) p.set("year", String(s.year));
  for (const v of s.venues) p.append("venue", v);
  if (s.highlights) p.set("highlights", "1");
  if (s.sort) p.set("sort", s.sort);
  for (const m of s.more) p.append("more", m);
  if (s.page > 1) p.set("page", String(s.page));
  const text = p.toString();
  return text ? `?${text}` : "";
}

/** A link to the browser (or one of its downloads) in another state; a changed filter starts at page 1. */
export function browseHref(s: BrowseState, change: Partial<BrowseState> = {}, path = "/database"): string {
  return `${path}${stateQuery({ ...s, page: 1, ...change })}`;
}

/** Whether a facet value is among the chosen filters (case-insensitively, as the filters compare). */
export function isChosen(s: BrowseState, facet: FacetName, value: string): boolean {
  const same = (a: string | undefined) => a?.toLowerCase() === value.toLowerCase();
  switch (facet) {
    case "category":
      return s.categories.some(same);
    case "venue":
      return s.venues.some(same);
    case "section":
      return same(s.section);
    case "summarizer":
      return same(s.summarizer);
    case "year":
      return s.year !== undefined && String(s.year) === value;
    case "highlight":
      return s.highlights;
  }
}

/**
 * The state after following a facet value: categories and venues are ticked and unticked
 * (any of them matches); a section, summarizer or year replaces the chosen one, or clears it.
 */
export function toggleFacet(s: BrowseState, facet: FacetName, value: string): Partial<BrowseState> {
  const chosen = isChosen(s, facet, value);
  const toggle = (list: string[]) =>
    chosen ? list.filter((v) => v.toLowerCase() !== value.toLowerCase()) : [...list, value];
  switch (facet) {
    case "category":
      return { categories: toggle(s.categories) };
    case "venue":
      return { venues: toggle(s.venues) };
    case "section":
      return { section: chosen ? undefined : value };
    case "summarizer":
      return { summarizer: chosen ? undefined : value };
    case "year":
      return { year: chosen ? undefined : Number(value) };
    case "highlight":
      return { highlights: !chosen };
  }
}

/** The chosen filters, each with what removing it leaves, for the "active filters" summary. */
export function activeFilters(
  s: BrowseState,
): { label: string; value: string; remove: Partial<BrowseState> }[] {
  return [
    ...s.categories.map((c) => ({ label: "Category", value: c, remove: toggleFacet(s, "category", c) })),
    ...(s.section ? [{ label: "Section", value: s.section, remove: { section: undefined } }] : []),
    ...(s.summarizer
      ? [{ label: "Summarizer", value: s.summarizer, remove: { summarizer: undefined } }]
      : []),
    ...(s.author ? [{ label: "Author", value: s.author, remove: { author: undefined } }] : []),
    ...(s.year !== undefined ? [{ label: "Year", value: String(s.year), remove: { year: undefined } }] : []),
    ...s.venues.map((v) => ({ label: "Venue", value: v, remove: toggleFacet(s, "venue", v) })),
    ...(s.highlights ? [{ label: "Only", value: "Highlights", remove: { highlights: false } }] : []),
  ];
}

/** Every filter removed (the query and sort stay). */
export const NO_FILTERS: Partial<BrowseState> = {
  categories: [],
  venues: [],
  section: undefined,
  summarizer: undefined,
  author: undefined,
  year: undefined,
  highlights: false,
  more: [],
};
