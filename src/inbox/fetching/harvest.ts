import type { IncomingCandidate } from "../candidate.ts";
import { parseArxivResults } from "../sources/arxiv-api.ts";
import { parseArxivListing } from "../sources/arxiv-listing.ts";
import { sourceError } from "../sources/errors.ts";
import { parseFeed } from "../sources/feed.ts";
import { forumPostsRequest, parseForumPosts } from "../sources/forum.ts";
import type { PoliteFetcher, PoliteResponse } from "./polite-fetch.ts";
import { DEFAULT_ARXIV_QUERY_ENDPOINT, type SourceConfig, sourceAddress } from "./source-config.ts";

/** How far a source has read: saved only once what it read was delivered. */
export interface SourceState {
  etag: string | null;
  lastModified: string | null;
  cursor: string | null;
}

export interface Harvest {
  candidates: IncomingCandidate[];
  /** The server said nothing changed (304): nothing to deliver. */
  notModified: boolean;
  /** The state to save once the candidates are delivered. */
  next: SourceState;
}

const XML_ACCEPT = "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8";

/** Reads one source from where it left off (`state`), through the polite fetcher. */
export async function harvest(
  name: string,
  config: SourceConfig,
  state: SourceState,
  fetcher: PoliteFetcher,
): Promise<Harvest> {
  switch (config.kind) {
    case "arxiv-query":
      return arxivQuery(name, config, state, fetcher);
    case "forum":
      return forum(name, config, state, fetcher);
    case "arxiv-listing":
    case "feed": {
      const url = sourceAddress(config);
      const got = await fetcher.fetch({
        url,
        source: name,
        accept: XML_ACCEPT,
        etag: state.etag,
        lastModified: state.lastModified,
      });
      if (got.notModified) return { candidates: [], notModified: true, next: state };
      refuseHtml(got, name);
      const candidates =
        config.kind === "feed"
          ? parseFeed(got.text, name, got.url).candidates
          : parseArxivListing(got.text, name).candidates;
      return {
        candidates,
        notModified: false,
        next: { ...state, etag: got.etag, lastModified: got.lastModified },
      };
    }
  }
}

/** An HTML page where a feed was expected (a login wall, an error page, a moved blog). */
function refuseHtml(got: Extract<PoliteResponse, { notModified: false }>, name: string): void {
  if (/html/i.test(got.contentType) && !/^\s*(<\?xml[^>]*>\s*)?<(rss|feed|rdf:RDF)[\s>]/.test(got.text))
    throw sourceError(
      "source.malformed",
      name,
      `${got.url} answered an HTML page (${got.contentType}), not a feed`,
    );
}

const later = (a: string | null, b: string | null) => {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
};
const isAtOrAfter = (time: string, cursor: string | null) =>
  !cursor || Date.parse(time) >= Date.parse(cursor);

/** The API's strict `after` for posts at or after this instant: one millisecond earlier. */
function justBefore(cursor: string): string {
  const at = Date.parse(cursor);
  return Number.isNaN(at) ? cursor : new Date(at - 1).toISOString();
}

/**
 * A saved arXiv query, newest submissions first, page by page (arXiv's own advice: a few
 * hundred results at most, 3 s apart, which the fetcher's lane for export.arxiv.org enforces),
 * until a page reaches a paper older than what the last fetch saw (the cursor: the newest
 * `published` time), the results end or maxResults is reached. The cursor is inclusive:
 * `published` has whole seconds, and a paper submitted in the cursor's second may be listed
 * only after the last run read the others of that second; so papers at the cursor are read
 * again, and those the last run saw are recognised by the intake's dedup (their arXiv ids).
 */
async function arxivQuery(
  name: string,
  config: Extract<SourceConfig, { kind: "arxiv-query" }>,
  state: SourceState,
  fetcher: PoliteFetcher,
): Promise<Harvest> {
  const endpoint = config.endpoint ?? DEFAULT_ARXIV_QUERY_ENDPOINT;
  const pageSize = config.pageSize ?? 50;
  const maxResults = config.maxResults ?? 200;
  const out: IncomingCandidate[] = [];
  let cursor = state.cursor;
  for (let start = 0; start < maxResults; start += pageSize) {
    const size = Math.min(pageSize, maxResults - start);
    const params = new URLSearchParams({
      search_query: config.query,
      start: String(start),
      max_results: String(size),
      sortBy: "submittedDate",
      sortOrder: "descending",
    });
    const got = await fetcher.fetch({
      url: `${endpoint}?${params}`,
      source: name,
      accept: "application/atom+xml",
    });
    if (got.notModified) break;
    refuseHtml(got, name);
    const page = parseArxivResults(got.text, name);
    let reachedSeen = false;
    page.candidates.forEach((c, i) => {
      const published = page.publishedAt[i] ?? "";
      if (isAtOrAfter(published, state.cursor)) {
        out.push(c);
        cursor = later(cursor, published);
      } else reachedSeen = true;
    });
    if (reachedSeen || page.candidates.length < size) break;
    if (page.total !== null && start + page.candidates.length >= page.total) break;
  }
  return { candidates: out, notModified: false, next: { ...state, cursor } };
}

const FORUM_NAMES: Record<string, string> = {
  "alignmentforum.org": "AI Alignment Forum",
  "lesswrong.com": "LessWrong",
  "forum.effectivealtruism.org": "Effective Altruism Forum",
};

/**
 * A ForumMagnum forum's new posts by GraphQL, newest first, a page at a time. The API's `after`
 * and `before` are strict, and several posts may share one postedAt. So the first page asks for
 * posts at or after the cursor (the newest postedAt delivered last time; `after` one millisecond
 * earlier): a post of that instant the last run did not see (published at the same time, or
 * visible only since) is read, and those it saw come again and are recognised by the intake's
 * dedup (their post ids). Asking for posts before the oldest of a page would skip those of its
 * instant that did not fit on it, so each next page asks for posts up to and including that
 * instant (`before` one millisecond later), for as many more as were already read at it, and
 * drops the ids already read. Stops before the cursor, at a short page, at a page with nothing
 * new (a server that ignores `before`) or at maxPosts.
 */
async function forum(
  name: string,
  config: Extract<SourceConfig, { kind: "forum" }>,
  state: SourceState,
  fetcher: PoliteFetcher,
): Promise<Harvest> {
  const host = new URL(config.endpoint).hostname.replace(/^www\./, "");
  const venue = config.venue ?? FORUM_NAMES[host] ?? host;
  const pageSize = config.pageSize ?? 50;
  const maxPosts = config.maxPosts ?? 200;
  const out: IncomingCandidate[] = [];
  let cursor = state.cursor;
  /** The postedAt (ms) of every post read in this run, by id. */
  const read = new Map<string, number>();
  let boundary: number | undefined;
  while (out.length < maxPosts) {
    const atBoundary = boundary === undefined ? 0 : [...read.values()].filter((t) => t === boundary).length;
    const limit = Math.min(pageSize, maxPosts - out.length) + atBoundary;
    const got = await fetcher.fetch({
      url: config.endpoint,
      source: name,
      method: "POST",
      contentType: "application/json",
      accept: "application/json",
      body: forumPostsRequest({
        limit,
        ...(state.cursor ? { after: justBefore(state.cursor) } : {}),
        ...(boundary !== undefined ? { before: new Date(boundary + 1).toISOString() } : {}),
      }),
    });
    if (got.notModified) break;
    const posts = parseForumPosts(got.text, name, venue);
    let reachedSeen = false;
    let fresh = 0;
    let oldest: number | undefined;
    for (const post of posts) {
      if (!isAtOrAfter(post.postedAt, state.cursor)) {
        reachedSeen = true;
        continue;
      }
      const id = post.candidate.externalId ?? "";
      const at = Date.parse(post.postedAt);
      if (read.has(id) || (boundary !== undefined && at > boundary) || out.length >= maxPosts) continue;
      read.set(id, at);
      out.push(post.candidate);
      fresh++;
      cursor = later(cursor, post.postedAt);
      if (oldest === undefined || at < oldest) oldest = at;
    }
    if (reachedSeen || posts.length < limit || fresh === 0 || oldest === undefined) break;
    boundary = oldest;
  }
  return { candidates: out, notModified: false, next: { ...state, cursor } };
}
