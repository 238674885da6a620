import { resolveCrossReferences } from "../domain/crossref.ts";
import type { Entry } from "../domain/entry.ts";
import { SummaError } from "../domain/errors.ts";
import { issueLabel, type Newsletter } from "../domain/issue.ts";
import { highlightedSnippet, type SnippetPart } from "../formats/render/highlight.ts";
import { buildEntryView, type EntryView } from "../formats/render/issue-view.ts";
import { cutSnippet, entryPlainText } from "../formats/render/snippet.ts";
import { loadNewsletter } from "../newsletter/index.ts";
import {
  type FacetCounts,
  type FacetName,
  getEntriesByIds,
  highlightTerms,
  type SearchFilters,
  type SearchQuery,
  type Store,
} from "../store/index.ts";
import { type IssueMention, mentionedIssue } from "./issue-mention.ts";
import { type LookupMatch, lookupEntry } from "./lookup.ts";
import { publicFilters } from "./public.ts";
import { loadResolver } from "./resolver.ts";
import { onlySomeWords, readerQuery } from "./search.ts";

/**
 * The public database browser's read side: search or browse the published entries with
 * facets, sort and pages; type-ahead; "has this been summarized?". Only published entries
 * are public, so every function here sets the status filter itself, whatever it is given.
 */
/** Results per page. */
export const BROWSE_PAGE_SIZE = 20;
/** Values shown per facet before "more". */
export const FACET_LIMIT = 12;
/** Longer queries are cut (the parser keeps 64 terms anyway): a pasted abstract still searches. */
export const MAX_QUERY_CHARS = 1000;
/** Pages beyond this are refused as out of range, so a crafted offset cannot scan the world. */
export const MAX_PAGE = 10_000;

/** Relevance (bm25 / ts_rank_cd), or by issue: newest or oldest first. */
export type BrowseSort = "relevance" | "newest" | "oldest";
export const BROWSE_SORTS: readonly BrowseSort[] = ["relevance", "newest", "oldest"];

/** What a reader asked the browser for. */
export interface BrowseParams {
  /** What the reader typed; empty to browse everything. */
  q: string;
  filters: SearchFilters;
  /** Relevance by default when there is a query, newest issue first otherwise. */
  sort?: BrowseSort;
  /** 1-based. */
  page?: number;
  /** Facets to list in full. */
  expand?: FacetName[];
  /** Load each entry's summary and opinion as an issue shows them (the highlights reading mode). */
  full?: boolean;
}

/** One entry in a result list, with what the page shows besides the entry itself. */
export interface BrowseItem {
  entry: Entry;
  /** The issue it went out in: "AN #53" with its number, another label ("Recon #4"), or none. */
  issue: { number: number | null; label: string };
  /** The summary's first words, plain text. */
  snippet: string;
  /**
   * With a query: the snippet around the words it matched, in parts, the matched words marked
   * (the page wraps them in <mark>); null without a query.
   */
  snippetParts: SnippetPart[] | null;
  /** With `full`: the entry rendered as in its issue, cross-references resolved. */
  view: EntryView | null;
}

/** One page of results, its place among all of them, and the facets of all of them. */
export interface BrowsePage {
  q: string;
  sort: BrowseSort;
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
  items: BrowseItem[];
  /** Null when the query could not be searched. */
  facets: FacetCounts | null;
  /** The query was cut (too long, or more terms than the index takes). */
  truncated: boolean;
  /** Why the query could not be searched ("The query has no words..."), else null. */
  problem: string | null;
  /**
   * The first page of a relevance search for two words or more where no entry has them all:
   * the results have some of them, and the page says so.
   */
  partial: boolean;
  /** The issue the query names ("AN #53", "#53"), shown above the results. */
  issue: IssueMention | null;
}

/** A reader's query, parsed (or none), and whether it had to be cut. */
export interface ParsedQuery {
  /** Null for an empty query: browse everything. */
  query: SearchQuery | null;
  truncated: boolean;
}

/** Parses a reader's query; throws search.invalid_query when nothing in it can be searched. */
export async function parseReaderQuery(store: Store, q: string): Promise<ParsedQuery> {
  const text = q.trim();
  if (text === "") return { query: null, truncated: false };
  const cut = text.length > MAX_QUERY_CHARS;
  const query = await readerQuery(store, cut ? text.slice(0, MAX_QUERY_CHARS) : text);
  return { query, truncated: cut || query.truncated };
}

/** The sort that applies: relevance needs a query, so without one it is newest first. */
export function effectiveSort(sort: BrowseSort | undefined, query: SearchQuery | null): BrowseSort {
  if (!query) return sort === "oldest" ? "oldest" : "newest";
  return sort ?? "relevance";
}

/** Entry ids of one page of results in the chosen order. */
export async function resultIds(
  store: Store,
  query: SearchQuery | null,
  filters: SearchFilters,
  sort: BrowseSort,
  limit: number,
  offset: number,
): Promise<number[]> {
  if (query && sort === "relevance")
    return (await store.search.search({ query, filters, limit, offset })).map((h) => h.id);
  const order = sort === "oldest" ? "oldest" : "newest";
  return store.search.browse({ query, filters, order, limit, offset });
}

function issueOf(e: Entry, newsletter: Newsletter): BrowseItem["issue"] {
  if (e.issueNumber !== null) return { number: e.issueNumber, label: issueLabel(newsletter, e.issueNumber) };
  const label = e.issueLabel.trim();
  return { number: null, label: /^n\/a$/i.test(label) ? "" : label };
}

/**
 * Entries as their issues render them. A reference from issue N means the latest summary
 * before N, so references are resolved per issue: one resolver for each issue on the page.
 */
async function entryViews(store: Store, entries: Entry[], newsletter: Newsletter): Promise<EntryView[]> {
  const byIssue = new Map<number | null, Entry[]>();
  for (const e of entries) byIssue.set(e.issueNumber, [...(byIssue.get(e.issueNumber) ?? []), e]);
  const views = new Map<number, EntryView>();
  for (const [issue, group] of byIssue) {
    const texts = group.flatMap((e) => [e.summary, e.opinion, e.prerequisites, e.readMore]);
    const resolve = await loadResolver(store, texts, issue, newsletter.prefix, { publishedOnly: true });
    for (const e of group)
      views.set(
        e.id,
        buildEntryView(
          { ...e, issuePosition: null, authorsDisplay: "" },
          newsletter.editor,
          (_id, _field, text) => resolveCrossReferences(text, resolve).markdown,
        ),
      );
  }
  return entries.map((e) => views.get(e.id)!);
}

/** Result items for entries, in the order given; with a query, their snippets mark its words. */
export async function browseItems(
  store: Store,
  entries: Entry[],
  full = false,
  query: SearchQuery | null = null,
): Promise<BrowseItem[]> {
  const newsletter = await loadNewsletter(store);
  const views = full ? await entryViews(store, entries, newsletter) : null;
  const terms = query ? highlightTerms(query) : null;
  return entries.map((entry, i) => {
    // Markdown rendered once per entry: the snippet and the marked snippet share it.
    const text = entryPlainText(entry.summary || entry.opinion);
    return {
      entry,
      issue: issueOf(entry, newsletter),
      snippet: cutSnippet(text),
      snippetParts: terms ? highlightedSnippet(text, terms) : null,
      view: views ? views[i]! : null,
    };
  });
}

/**
 * One page of the public database: the published entries a query and filters select, in
 * relevance or issue order, with facet counts over the whole result set. A query with
 * nothing searchable in it is not an error here: the page says why and lists nothing.
 */
export async function browsePublished(store: Store, params: BrowseParams): Promise<BrowsePage> {
  const publicOnly = publicFilters(params.filters);
  const pageSize = BROWSE_PAGE_SIZE;
  const empty = (problem: string | null, q = params.q, truncated = false): BrowsePage => ({
    q,
    sort: params.sort ?? "newest",
    page: 1,
    pageCount: 0,
    pageSize,
    total: 0,
    items: [],
    facets: null,
    truncated,
    problem,
    partial: false,
    issue: null,
  });
  let parsed: ParsedQuery;
  try {
    parsed = await parseReaderQuery(store, params.q);
  } catch (err) {
    if (err instanceof SummaError && err.code === "search.invalid_query") return empty(err.message);
    throw err;
  }
  const { truncated } = parsed;
  // A query that names an issue ("AN #53") lists that issue's entries, under its card.
  const issue = await mentionedIssue(store, params.q);
  const query = issue ? null : parsed.query;
  const filters = issue ? { ...publicOnly, issueFrom: issue.number, issueTo: issue.number } : publicOnly;
  const sort = effectiveSort(params.sort, query);
  const [total, facets] = await Promise.all([
    store.search.count({ query, filters }),
    store.search.facets({ query, filters, limit: FACET_LIMIT, expand: params.expand }),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(params.page ?? 1)), pageCount, MAX_PAGE);
  const offset = (page - 1) * pageSize;
  let ids: number[];
  let partial = false;
  if (query && sort === "relevance") {
    const hits = await store.search.search({ query, filters, limit: pageSize, offset });
    ids = hits.map((h) => h.id);
    partial = page === 1 && (await onlySomeWords(store, query, filters, hits));
  } else ids = await resultIds(store, query, filters, sort, pageSize, offset);
  const entries = await getEntriesByIds(store.db, ids);
  return {
    q: params.q,
    sort,
    page,
    pageCount,
    pageSize,
    total,
    items: await browseItems(store, entries, params.full, query),
    facets,
    truncated,
    problem: null,
    partial,
    issue,
  };
}

/** A "has this been summarized?" match: the entry, how it matched, and the result item to show. */
export interface PublicLookup extends Omit<LookupMatch, "entry"> {
  item: BrowseItem;
}

/** "Has this been summarized?" over published entries only: by any link they carry, or by title. */
export async function lookupPublished(store: Store, input: string): Promise<PublicLookup[]> {
  const matches = await lookupEntry(store, input.slice(0, 2000), { filters: publicFilters({}) });
  const items = await browseItems(
    store,
    matches.map((m) => m.entry),
  );
  return matches.map(({ entry: _entry, ...how }, i) => ({ ...how, item: items[i]! }));
}
