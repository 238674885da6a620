import type { ColumnType, Generated } from "kysely";
import type { EntryStatus } from "../domain/entry.ts";
import type { EntryFieldColumns } from "../domain/entry-fields.ts";
import type { Edition, SubscriberStatus } from "../domain/subscriber-input.ts";

/** Table types: the only description of the database's shape, shared by both dialects. */
export interface SectionTable {
  id: Generated<number>;
  name: string;
  position: number;
}

export interface CategoryTable {
  id: Generated<number>;
  section_id: number;
  name: string;
  /** Lowercased, whitespace-collapsed name: entries match categories case-insensitively. */
  name_key: string;
  position: number;
}

export interface PersonTable {
  id: Generated<number>;
  name: string;
  full_name: string;
  email: string;
  role: "summarizer" | "editor";
}

export interface IssueTable {
  number: number;
  url: string;
  /** ISO date (YYYY-MM-DD) when known. */
  date: string | null;
  subject: string;
  /** Where the subject came from: an import replaces a "slug" or "none" subject, never an "editor" one. */
  subject_source: ColumnType<SubjectSource, SubjectSource | undefined, SubjectSource>;
  intro: ColumnType<string, string | undefined, string>;
  /** See IssueStatus; imported issues are "published". */
  status: ColumnType<IssueStatus, IssueStatus | undefined, IssueStatus>;
  published_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** When a "scheduled" issue becomes public (ISO UTC); null otherwise. */
  publish_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** When a "withdrawn" issue was unpublished, and the editor's reason, shown on its page. */
  withdrawn_at: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawn_reason: ColumnType<string, string | undefined, string>;
}

/**
 * "draft" while composed; "scheduled" when published with a future time (not public yet);
 * "published" once public; "withdrawn" once unpublished with a reason.
 */
export type IssueStatus = "draft" | "scheduled" | "published" | "withdrawn";

/** "editor": typed on the desk or the CLI; "slug": read from the issue's address by an import. */
export type SubjectSource = "editor" | "slug" | "none";

/**
 * An entry's row: the content columns come from the field table (domain/entry-fields.ts), the
 * rest are what the store and the workflow keep beside them.
 */
export interface EntryTable extends EntryFieldColumns {
  id: Generated<number>;
  /** titleKey(title): how imports match rows. */
  title_key: string;
  /** Position in the source sheet, so exports keep the sheet's order. */
  sheet_row: number | null;
  /** urlKey(url): how lookups find an entry by its address. */
  url_key: string | null;
  /** The editor's order inside the entry's subsection of its issue (null: sheet order). */
  issue_position: ColumnType<number | null, number | null | undefined, number | null>;
  /** Overrides "First Author et al" in issues. */
  authors_display: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<string, string | undefined, string>;
  updated_at: ColumnType<string, string | undefined, string>;
  status: ColumnType<EntryStatus, EntryStatus | undefined, EntryStatus>;
  /** The desk user who created it (null for imported rows). */
  created_by: ColumnType<number | null, number | null | undefined, number | null>;
  /**
   * The import that wrote the row: readers see it only once that import is published
   * (store/visible.ts). NULL for rows written before imports were staged and on the desk.
   */
  import_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Counts saves (optimistic locking): a save names the version it started from. */
  version: ColumnType<number, number | undefined, number>;
}

/** What made a revision: a save on the desk or the API, a new entry, a restore, a review step. */
export type RevisionAction = "create" | "edit" | "restore" | "review";

/** One save of an entry (see entries/revisions.ts). */
export interface EntryRevisionTable {
  id: Generated<number>;
  entry_id: number;
  /** The entry's version after this save. */
  version: number;
  user_id: number | null;
  user_name: string;
  at: string;
  action: RevisionAction;
  /** JSON {field: [before, after]} of the fields this save changed, as text. */
  changes: string;
  /** JSON {field: text} of every field after this save. */
  fields: string;
}

/** A comment in an entry's review ("comment", or "changes_requested" with a request). */
export interface EntryCommentTable {
  id: Generated<number>;
  entry_id: number;
  user_id: number | null;
  user_name: string;
  at: string;
  kind: string;
  body: string;
}

/** Where an author's review of a planned summary stands. */
export type AuthorReviewState = "requested" | "viewed" | "approved" | "commented";

/** An author asked to review an entry's planned summary through a link (entries/author-review.ts). */
export interface AuthorReviewTable {
  id: Generated<number>;
  entry_id: number;
  token_hash: string;
  author_name: string;
  author_email: ColumnType<string, string | undefined, string>;
  requested_by: number | null;
  requested_by_name: ColumnType<string, string | undefined, string>;
  requested_at: string;
  expires_at: string;
  revoked_at: string | null;
  viewed_at: string | null;
  state: ColumnType<AuthorReviewState, AuthorReviewState | undefined, AuthorReviewState>;
  responded_at: string | null;
  comment: ColumnType<string, string | undefined, string>;
  suggested_summary: ColumnType<string, string | undefined, string>;
  suggested_opinion: ColumnType<string, string | undefined, string>;
}

/** staging: rows being written; published: visible; failed: being cleaned up (never visible). */
export type ImportState = "staging" | "published" | "failed";

/** One sheet import: its state and its lease (holder + heartbeat; see entries/import-lease.ts). */
export interface ImportTable {
  id: Generated<number>;
  state: ImportState;
  file: ColumnType<string, string | undefined, string>;
  /** Who runs it: "host:pid:random", so a dead process on this host is seen at once. */
  holder: string;
  started_at: string;
  heartbeat: string;
  finished_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A staged change to an already published entry: its new content, summarizers and references, as JSON. */
export interface ImportChangeTable {
  id: Generated<number>;
  import_id: number;
  entry_id: number;
  content: string;
}

export interface EntrySummarizerTable {
  entry_id: number;
  person_id: number;
  position: number;
}

export interface EntryReferenceTable {
  entry_id: number;
  /** The title key (domain/keys.ts) of a title the entry refers to with <@...@>. */
  target_key: string;
}

/** The links inside an entry's texts, by canonical key (its own URL is entries.url_key). */
export interface EntryLinkTable {
  entry_id: number;
  url_key: string;
  /** Where: "summary", "opinion", "prerequisites" or "read_more" (domain/entry-links.ts). */
  field: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

/**
 * One row (id 1): bumped by triggers (migration 0016) in the same transaction as every write to
 * a table the public site is made from, so page caches in every process can tell they are stale.
 */
export interface ContentVersionTable {
  id: number;
  /** bigint: PostgreSQL's driver returns it as a string. */
  version: ColumnType<number | string, number, number>;
}

export type UserRole = "admin" | "editor" | "summarizer";
export const USER_ROLES: readonly UserRole[] = ["admin", "editor", "summarizer"];

export interface UserTable {
  id: Generated<number>;
  /** Lowercased. */
  email: string;
  name: string;
  role: UserRole;
  /** "scrypt$N$r$p$salt$hash" (base64). */
  password_hash: string;
  disabled: ColumnType<number, number | undefined, number>;
  created_at: string;
}

export interface SessionTable {
  /** SHA-256 (hex) of the token in the cookie. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  /** When the token stops working; null: never (until revoked). */
  expires_at: Optional<string | null>;
}

/** An address an account has logged in from (a success), and when last. */
export interface LoginClientTable {
  user_id: number;
  client: string;
  last_login_at: string;
}

export interface LoginFailureTable {
  id: Generated<number>;
  key: string;
  at: string;
}

export type { Edition, SubscriberStatus } from "../domain/subscriber-input.ts";

type Optional<T> = ColumnType<T, T | undefined, T>;

export interface SubscriberTable {
  id: Generated<number>;
  /** Lowercased. */
  email: string;
  name: string;
  status: SubscriberStatus;
  edition: Optional<Edition>;
  source: Optional<string>;
  created_at: string;
  updated_at: string;
  confirmed_at: Optional<string | null>;
  unsubscribed_at: Optional<string | null>;
  /** When the subscriber gave consent (the opt-in time of an imported list, or confirmation). */
  consent_at: Optional<string | null>;
  /** When a confirmation email was last sent (they are rate-limited per address). */
  last_confirmation_at: Optional<string | null>;
  /** Soft bounces in a row; three suppress the address. */
  soft_bounces: Optional<number>;
  /** Why a suppressed address is never sent to ("hard bounce", "complaint", "3 soft bounces"). */
  suppressed_reason: Optional<string>;
  /** When the address was suppressed (null: not suppressed, or suppressed before this was kept). */
  suppressed_at: Optional<string | null>;
  /** 1: on the test list (gets test copies of issues); 0: not. */
  tester: Optional<number>;
}

/**
 * A sign-up's email waiting to be sent: written in the sign-up's transaction, sent by the
 * sign-up mailer (subscribers/signup-mailer.ts), deleted once the server took it or it failed
 * for good. At most one per subscriber.
 */
export interface SignupEmailTable {
  id: Generated<number>;
  subscriber_id: number;
  requested_at: string;
  attempts: Optional<number>;
  /** When the mailer may try it (next); later after each failure (backoff). */
  next_attempt_at: string;
  /** A mailer holds it until then; null: nobody. A mailer that died lets go when this passes. */
  claimed_until: Optional<string | null>;
  /** The last failure, the server's words, for the operator. */
  last_error: Optional<string>;
  /** "signup": the email the subscriber's status calls for (confirm, already subscribed); "welcome": after confirming. */
  kind: Optional<SignupEmailKind>;
}

/** Which email a signup_emails row is. */
export type SignupEmailKind = "signup" | "welcome";

export interface RateEventTable {
  id: Generated<number>;
  key: string;
  at: string;
}

export type SendStatus = "scheduled" | "sending" | "paused" | "cancelled" | "done";

export interface SendTable {
  id: Generated<number>;
  issue_number: number;
  status: SendStatus;
  /** ISO time; workers start the send once it has passed. */
  send_at: string;
  /** Messages per second across all workers (null: as fast as the SMTP server takes them). */
  rate_per_second: Optional<number | null>;
  created_at: string;
  created_by: Optional<string>;
  finished_at: Optional<string | null>;
}

/**
 * queued: waiting (or retrying at next_attempt_at); sending: claimed by a worker until
 * claimed_until (a lease: past it, the row is claimed again); sent; failed (5xx or out of
 * retries); cancelled; suppressed (the address was suppressed before its turn).
 */
export type DeliveryStatus = "queued" | "sending" | "sent" | "failed" | "cancelled" | "suppressed";

export interface DeliveryTable {
  id: Generated<number>;
  send_id: number;
  issue_number: number;
  subscriber_id: number;
  email: string;
  name: Optional<string>;
  edition: Edition;
  status: DeliveryStatus;
  attempts: Optional<number>;
  next_attempt_at: string;
  claimed_by: Optional<string | null>;
  claimed_until: Optional<string | null>;
  last_reply: Optional<string>;
  message_id: Optional<string>;
  sent_at: Optional<string | null>;
}

/** A send's engagement settings, frozen when its email is first rendered, and its totals. */
export interface SendTrackingTable {
  send_id: number;
  /** 1: its links were click redirects; 0: not. */
  clicks_on: number;
  /** 1: its HTML carried an open pixel. */
  opens_on: number;
  clicks: Optional<number>;
  /** Deliveries that clicked at least once (as far as the kept rows tell). */
  clickers: Optional<number>;
  opens: Optional<number>;
  openers: Optional<number>;
  started_at: string;
}

/** A link of an issue's email that a click redirect may lead to, with its totals. */
export interface TrackedLinkTable {
  id: Generated<number>;
  issue_number: number;
  url: string;
  /** The entry whose text holds the link; null: the intro or elsewhere. */
  entry_id: number | null;
  clicks: Optional<number>;
  clickers: Optional<number>;
}

export type EngagementKind = "click" | "open";

/** One reader's click or open (pruned after 30 days unless tracking.keep_subscriber_rows). */
export interface EngagementEventTable {
  id: Generated<number>;
  send_id: number;
  delivery_id: number;
  kind: EngagementKind;
  /** The link clicked; null for an open. */
  link_id: number | null;
  at: string;
}

export interface DeliveryAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  at: string;
  outcome: "sent" | "retry" | "failed";
  reply: Optional<string>;
}

export type BounceKind = "hard" | "soft" | "complaint";

export interface BounceEventTable {
  id: Generated<number>;
  email: string;
  kind: BounceKind;
  /** "webhook" or "dsn". */
  source: string;
  detail: Optional<string>;
  at: string;
  /** SHA-256 (hex) of what identifies the event; unique, so an event counts once. */
  event_key: string;
  /** Message-ID (without <>) of the message that bounced, when known; else "". */
  message_id: Optional<string>;
  /** The subscriber the event counted for; null for an address not on the list. */
  subscriber_id: Optional<number | null>;
}

/** How an unsubscribe came: a link in an email, the mailto address, the preferences page, the operator. */
export type UnsubscribeVia = "link" | "mailto" | "preferences" | "operator";

/**
 * One unsubscribe, as it happened: who, when, how, and the send whose email the reader used
 * (null: none known, an old link or the operator). Kept beside the subscriber's status, which
 * only says where the row stands now: per-send and weekly figures are read from these.
 */
export interface UnsubscribeEventTable {
  id: Generated<number>;
  subscriber_id: number;
  send_id: number | null;
  at: string;
  via: UnsubscribeVia;
}

/** An email the editor writes on the desk, by name ("welcome"). */
export interface EmailTemplateTable {
  name: string;
  /** 1: sent; 0: not. */
  enabled: Optional<number>;
  subject: Optional<string>;
  /** Markdown. */
  body: Optional<string>;
  updated_at: string;
  /** Who saved it last (a desk user's email). */
  updated_by: Optional<string>;
}

/** A reader survey (domain/survey.ts); `questions` is the JSON of its questions. */
export interface SurveyTable {
  id: Generated<number>;
  slug: string;
  title: string;
  intro: Optional<string>;
  anonymity: "anonymous" | "linked";
  questions: string;
  opens_at: Optional<string | null>;
  closes_at: Optional<string | null>;
  /** When it was closed by hand; null while not. */
  closed_at: Optional<string | null>;
  created_at: string;
  updated_at: string;
}

/** One response: answers as JSON; subscriber_id only for a linked survey, null for an anonymous one. */
export interface SurveyResponseTable {
  id: Generated<number>;
  survey_id: number;
  subscriber_id: Optional<number | null>;
  answers: string;
  created_at: string;
  updated_at: string;
}

/**
 * A candidate's place in triage: "passed" is a history import's item the editor passed over;
 * "duplicate" one set aside when the editor decided the candidate it nearly repeats (never a
 * training example: nobody judged it).
 */
export type InboxStatus = "new" | "picked" | "dismissed" | "snoozed" | "passed" | "duplicate";

/** An item in the candidate inbox (src/inbox); authors, tags, score_explain and suggested_categories are JSON. */
export interface InboxCandidateTable {
  id: Generated<number>;
  source: string;
  external_id: string | null;
  title: string;
  abstract: Optional<string>;
  authors: Optional<string>;
  venue: Optional<string>;
  item_type: Optional<string>;
  url: Optional<string>;
  url_key: string | null;
  title_key: string;
  published: string | null;
  tags: Optional<string>;
  hat_tip: Optional<string>;
  /** What a suggester wrote beside the link. */
  note: Optional<string>;
  status: Optional<InboxStatus>;
  snoozed_until: Optional<string | null>;
  score: Optional<number | null>;
  score_explain: Optional<string>;
  suggested_categories: Optional<string>;
  duplicate_entry_id: Optional<number | null>;
  duplicate_candidate_id: Optional<number | null>;
  entry_id: Optional<number | null>;
  decided_by: Optional<string | null>;
  decided_at: Optional<string | null>;
  created_at: string;
  /** Why looking up a title-less suggestion's address failed ("code: message"); null otherwise (0029). */
  lookup_error: Optional<string | null>;
  /** JSON list of the other sources that delivered this same item (0030). */
  also_from: Optional<string>;
}

/** A trained inbox model (rank and categories, JSON), with how many decisions it saw. */
export interface InboxModelTable {
  id: Generated<number>;
  model: string;
  trained_at: string;
  decisions: number;
  positives: Optional<number>;
}

/** A source of the candidate inbox (src/inbox/fetching): what to read, and how far it has read. */
export type InboxSourceKind = "arxiv-query" | "arxiv-listing" | "feed" | "forum";

export interface InboxSourceTable {
  id: Generated<number>;
  name: string;
  kind: InboxSourceKind;
  /** JSON: {query} | {category} | {url} | {endpoint}, with the kind's options. */
  config: string;
  etag: Optional<string | null>;
  last_modified: Optional<string | null>;
  /** The newest item seen (a forum post's postedAt, an arXiv published time). */
  cursor: Optional<string | null>;
  last_fetched_at: Optional<string | null>;
  last_status: Optional<"ok" | "not-modified" | "error" | null>;
  last_error: Optional<string | null>;
  /** 1: fetched by `summa inbox fetch`; 0: kept but skipped. */
  enabled: Optional<number>;
  created_at: string;
}

/** One fetch of the inbox's sources and each source's outcome (0030): the desk's "last fetch". */
export interface InboxFetchRunTable {
  id: Generated<number>;
  /** "desk", "command line" or "schedule". */
  started_by: string;
  /** JSON list of the sources asked for; null: every enabled one. */
  only_sources: string | null;
  started_at: string;
  finished_at: string;
  /** JSON list of SourceReport (src/inbox/fetching). */
  report: Optional<string>;
  error: string | null;
}

export interface Database {
  sections: SectionTable;
  categories: CategoryTable;
  people: PersonTable;
  issues: IssueTable;
  entries: EntryTable;
  entry_summarizers: EntrySummarizerTable;
  entry_references: EntryReferenceTable;
  entry_links: EntryLinkTable;
  settings: SettingTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_failures: LoginFailureTable;
  login_clients: LoginClientTable;
  subscribers: SubscriberTable;
  unsubscribe_events: UnsubscribeEventTable;
  email_templates: EmailTemplateTable;
  signup_emails: SignupEmailTable;
  rate_events: RateEventTable;
  sends: SendTable;
  deliveries: DeliveryTable;
  delivery_attempts: DeliveryAttemptTable;
  bounce_events: BounceEventTable;
  imports: ImportTable;
  import_changes: ImportChangeTable;
  content_version: ContentVersionTable;
  entry_revisions: EntryRevisionTable;
  entry_comments: EntryCommentTable;
  surveys: SurveyTable;
  survey_responses: SurveyResponseTable;
  send_tracking: SendTrackingTable;
  tracked_links: TrackedLinkTable;
  engagement_events: EngagementEventTable;
  author_reviews: AuthorReviewTable;
  inbox_candidates: InboxCandidateTable;
  inbox_models: InboxModelTable;
  inbox_sources: InboxSourceTable;
  inbox_fetch_runs: InboxFetchRunTable;
}
