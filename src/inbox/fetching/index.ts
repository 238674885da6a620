/**
 * The inbox's sources at work: the polite fetcher every client goes through, the clients of
 * each kind (arXiv queries and listings, feeds, ForumMagnum forums), the configured sources and
 * their state in the store, `fetchSources` that runs them and hands what they found to the
 * intake, and `readCandidatesFrom` for one file or address. The parsing is ../sources (pure).
 */
export {
  type Deliver,
  type FetchSourcesOptions,
  fetchSources,
  type SourceReport,
  sourcesUserAgent,
} from "./fetch-sources.ts";
export { type Harvest, harvest, type SourceState } from "./harvest.ts";
export {
  DEFAULT_HOST_INTERVALS,
  DEFAULT_POLITE_OPTIONS,
  type PoliteFetcher,
  type PoliteFetchOptions,
  type PoliteRequest,
  type PoliteResponse,
  politeFetcher,
  retryAfterMs,
} from "./polite-fetch.ts";
export { type ReadCandidatesOptions, readBibliographyBytes, readCandidatesFrom } from "./read-candidates.ts";
export {
  ALIGNMENT_FORUM_GRAPHQL,
  ARXIV_LISTING_BASE,
  DEFAULT_ARXIV_QUERY_ENDPOINT,
  type InboxSource,
  SOURCE_KINDS,
  type SourceConfig,
  type SourceKind,
  sourceAddress,
  sourceConfigOf,
} from "./source-config.ts";
export { addSource, listSources, removeSource, setSourceEnabled, sourceFromRow } from "./sources.ts";
