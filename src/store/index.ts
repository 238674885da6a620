export {
  DEFAULT_DATABASE,
  inTransaction,
  openStore,
  parseDatabaseUrl,
  type Store,
  type TransactionStore,
} from "./connect.ts";
export type { StoreDialect } from "./dialect.ts";
export * from "./repositories/accounts.ts";
export * from "./repositories/author-reviews.ts";
export * from "./repositories/bounces.ts";
export * from "./repositories/content-version.ts";
export * from "./repositories/deliveries.ts";
export * from "./repositories/delivery-attempts.ts";
export * from "./repositories/email-templates.ts";
export * from "./repositories/engagement.ts";
export * from "./repositories/entries.ts";
export * from "./repositories/entry-editing.ts";
export * from "./repositories/entry-review.ts";
export * from "./repositories/entry-row.ts";
export * from "./repositories/imports.ts";
export * from "./repositories/inbox.ts";
export * from "./repositories/inbox-fetch-runs.ts";
export * from "./repositories/inbox-sources.ts";
export * from "./repositories/issue-drafts.ts";
export * from "./repositories/issue-schedule.ts";
export * from "./repositories/issues.ts";
export * from "./repositories/links.ts";
export * from "./repositories/people.ts";
export * from "./repositories/public-archive.ts";
export * from "./repositories/rate-events.ts";
export * from "./repositories/references.ts";
export * from "./repositories/send-figures.ts";
export * from "./repositories/sends.ts";
export * from "./repositories/settings.ts";
export * from "./repositories/signup-emails.ts";
export * from "./repositories/stats.ts";
export * from "./repositories/subscriber-desk.ts";
export * from "./repositories/subscribers.ts";
export * from "./repositories/surveys.ts";
export * from "./repositories/taxonomy.ts";
export * from "./repositories/unsubscribe-events.ts";
export type {
  AuthorReviewState,
  BounceKind,
  Database,
  DeliveryStatus,
  Edition,
  EngagementKind,
  ImportState,
  InboxSourceKind,
  InboxStatus,
  IssueStatus,
  RevisionAction,
  SendStatus,
  SignupEmailKind,
  SubscriberStatus,
  UnsubscribeVia,
  UserRole,
} from "./schema.ts";
export { USER_ROLES } from "./schema.ts";
export { filtersWithout, MAX_FACET_VALUES, withFacetValue } from "./search/facets.ts";
export {
  closedQuery,
  hasOpenWord,
  highlightTerms,
  MAX_TERMS,
  type ParseOptions,
  parseSearchQuery,
  type SearchQuery,
  type Term,
  toFts5Any,
  toFts5Match,
  toTsAlternatives,
} from "./search/query.ts";
export type { SearchFilters, SearchHit, SearchIndex, SearchRequest } from "./search/search-index.ts";
export {
  type BrowseOrder,
  type BrowseRequest,
  FACET_NAMES,
  type Facet,
  type FacetCounts,
  type FacetName,
  type FacetRequest,
  type FacetValue,
  type MatchScope,
} from "./search/search-index.ts";
export { visibleEntry, visibleEntryOrStagedBy } from "./visible.ts";
