import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import { runPendingSteps } from "./after-migrations.ts";
import type { StoreDialect } from "./dialect.ts";
import type { Database } from "./schema.ts";

/**
 * Migrations, in code so they travel with the build. Each is written once for both dialects,
 * with the few pieces that differ (id columns, the full-text index) spelled out per dialect
 * here. Frozen in time (Kysely's rule): a migration sees the schema as it was when it was
 * written (`Kysely<any>`), and uses only its own literals, never the repositories or the domain,
 * which change later. Work that needs today's code (a new database's default taxonomy, tables
 * derived from the entries' text) is left as a pending step the migration records in the same
 * transaction and after-migrations.ts runs. Never edit a migration that has shipped: add the next one.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the evolving schema, not the final type
type AnyDb = Kysely<any>;

function migrations(
  dialect: Pick<StoreDialect, "kind" | "serialType" | "needsAutoIncrement">,
): Record<string, Migration> {
  const id = (db: AnyDb, table: string) =>
    db.schema
      .createTable(table)
      .addColumn("id", dialect.serialType, (c) =>
        dialect.needsAutoIncrement ? c.primaryKey().autoIncrement() : c.primaryKey(),
      );
  const text = { notNull: true, default: "" } as const;
  return {
    "0001_taxonomy_people_issues": {
      async up(db) {
        await id(db, "sections")
          .addColumn("name", "text", (c) => c.notNull().unique())
          .addColumn("position", "integer", (c) => c.notNull())
          .execute();
        await id(db, "categories")
          .addColumn("section_id", "integer", (c) =>
            c.notNull().references("sections.id").onDelete("cascade"),
          )
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("name_key", "text", (c) => c.notNull().unique())
          .addColumn("position", "integer", (c) => c.notNull())
          .execute();
        await id(db, "people")
          .addColumn("name", "text", (c) => c.notNull().unique())
          .addColumn("full_name", "text", (c) => c.notNull().defaultTo(text.default))
          .addColumn("email", "text", (c) => c.notNull().defaultTo(text.default))
          .addColumn("role", "text", (c) => c.notNull().defaultTo("summarizer"))
          .execute();
        await db.schema
          .createTable("issues")
          .addColumn("number", "integer", (c) => c.primaryKey())
          .addColumn("url", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("date", "text")
          .addColumn("subject", "text", (c) => c.notNull().defaultTo(""))
          .execute();
        await db.schema
          .createTable("settings")
          .addColumn("key", "text", (c) => c.primaryKey())
          .addColumn("value", "text", (c) => c.notNull())
          .execute();
      },
    },
    "0002_entries": {
      async up(db) {
        let table = id(db, "entries")
          .addColumn("title_key", "text", (c) => c.notNull())
          .addColumn("issue_label", "text", (c) => c.notNull())
          .addColumn("sheet_row", "integer")
          .addColumn("category", "text", (c) => c.notNull())
          .addColumn("highlight", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("title", "text", (c) => c.notNull())
          .addColumn("url", "text", (c) => c.notNull())
          .addColumn("url_key", "text");
        for (const col of ["authors", "venue", "venue_url"])
          table = table.addColumn(col, "text", (c) => c.notNull());
        table = table
          .addColumn("year", "integer")
          .addColumn("hat_tip", "text", (c) => c.notNull())
          .addColumn("issue_number", "integer")
          .addColumn("issue_url", "text", (c) => c.notNull());
        for (const col of [
          "summarizer",
          "summary",
          "opinion",
          "prerequisites",
          "prerequisites_url",
          "read_more",
          "read_more_url",
          "created_at",
          "updated_at",
        ])
          table = table.addColumn(col, "text", (c) => c.notNull());
        await table.addUniqueConstraint("entries_key", ["title_key", "issue_label"]).execute();
        await db.schema.createIndex("entries_url_key").on("entries").column("url_key").execute();
        await db.schema
          .createIndex("entries_issue")
          .on("entries")
          .columns(["issue_number", "sheet_row"])
          .execute();
        await db.schema.createIndex("entries_category").on("entries").column("category").execute();
        await db.schema.createIndex("entries_year").on("entries").column("year").execute();
        await db.schema
          .createTable("entry_summarizers")
          .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
          .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
          .addColumn("position", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("entry_summarizers_pk", ["entry_id", "person_id"])
          .execute();
        await db.schema
          .createIndex("entry_summarizers_person")
          .on("entry_summarizers")
          .column("person_id")
          .execute();
      },
    },
    "0003_search": {
      async up(db) {
        for (const statement of SEARCH_0003[dialect.kind]) await sql.raw(statement).execute(db);
      },
    },
    "0004_default_taxonomy": {
      async up(db) {
        // AN's sections as the starting taxonomy (today's, from the domain: a pending step);
        // editors replace it with `summa taxonomy set`.
        await pending(db, "default_taxonomy");
        await db
          .insertInto("settings")
          .values([
            { key: "newsletter.name", value: "Alignment Newsletter" },
            { key: "newsletter.issue_prefix", value: "AN" },
            { key: "newsletter.editor", value: "Rohin" },
          ])
          .execute();
      },
    },
    "0005_issue_composition": {
      async up(db) {
        // What an editor decides when composing: the intro, the order of entries inside a
        // subsection, and an entry's author line when "First Author et al" won't do.
        await db.schema
          .alterTable("issues")
          .addColumn("intro", "text", (c) => c.notNull().defaultTo(""))
          .execute();
        await db.schema.alterTable("entries").addColumn("issue_position", "integer").execute();
        await db.schema
          .alterTable("entries")
          .addColumn("authors_display", "text", (c) => c.notNull().defaultTo(""))
          .execute();
      },
    },
    "0006_desk_accounts_subscribers": {
      async up(db) {
        // Where an entry is in the editor's workflow. Imported rows are the public record.
        await db.schema
          .alterTable("entries")
          .addColumn("status", "text", (c) => c.notNull().defaultTo("published"))
          .execute();
        await db.schema.alterTable("entries").addColumn("created_by", "integer").execute();
        await db.schema.createIndex("entries_status").on("entries").column("status").execute();
        // Imported issues were sent; an issue composed on the desk is a draft until published.
        await db.schema
          .alterTable("issues")
          .addColumn("status", "text", (c) => c.notNull().defaultTo("published"))
          .execute();
        await db.schema.alterTable("issues").addColumn("published_at", "text").execute();
        await id(db, "users")
          .addColumn("email", "text", (c) => c.notNull().unique())
          .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("role", "text", (c) => c.notNull())
          .addColumn("password_hash", "text", (c) => c.notNull())
          .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("created_at", "text", (c) => c.notNull())
          .execute();
        // The session cookie carries a random token; the table keeps only its SHA-256.
        await db.schema
          .createTable("sessions")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
          .addColumn("csrf_token", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("expires_at", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();
        await id(db, "api_tokens")
          .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
          .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("token_hash", "text", (c) => c.notNull().unique())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("last_used_at", "text")
          .execute();
        // Failed logins, per key ("ip:..." or "email:..."), for rate limiting across processes.
        await id(db, "login_failures")
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("at", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("login_failures_key")
          .on("login_failures")
          .columns(["key", "at"])
          .execute();
        // What each entry's summary, opinion, prerequisites and read-more refer to (<@Title@>),
        // by title key, so "cited by" is an indexed lookup; kept by imports and desk edits.
        await db.schema
          .createTable("entry_references")
          .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
          .addColumn("target_key", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("entry_references_pk", ["entry_id", "target_key"])
          .execute();
        await db.schema
          .createIndex("entry_references_target")
          .on("entry_references")
          .column("target_key")
          .execute();
        await pending(db, "entry_references");
        await id(db, "subscribers")
          .addColumn("email", "text", (c) => c.notNull().unique())
          .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("edition", "text", (c) => c.notNull().defaultTo("full"))
          .addColumn("source", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .addColumn("confirmed_at", "text")
          .execute();
      },
    },
    "0012_login_clients": {
      async up(db) {
        // The addresses each account has logged in from, so that failures from elsewhere can
        // slow an account down without locking its owner out (accounts/login.ts).
        await db.schema
          .createTable("login_clients")
          .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
          .addColumn("client", "text", (c) => c.notNull())
          .addColumn("last_login_at", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("login_clients_pk", ["user_id", "client"])
          .execute();
      },
    },
    "0013_unsubscribe_events": {
      async up(db) {
        // Every unsubscribe, with the send whose link was used: per-send and weekly figures
        // need the history, which the subscriber's status (where it stands now) cannot give.
        await id(db, "unsubscribe_events")
          .addColumn("subscriber_id", "integer", (c) =>
            c.notNull().references("subscribers.id").onDelete("cascade"),
          )
          .addColumn("send_id", "integer", (c) => c.references("sends.id").onDelete("set null"))
          .addColumn("at", "text", (c) => c.notNull())
          .addColumn("via", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("unsubscribe_events_send")
          .on("unsubscribe_events")
          .column("send_id")
          .execute();
        await db.schema.createIndex("unsubscribe_events_at").on("unsubscribe_events").column("at").execute();
        // A send's bounces and complaints are found by the Message-ID of the delivery they name.
        await db.schema
          .createIndex("bounce_events_message_id")
          .on("bounce_events")
          .column("message_id")
          .execute();
      },
    },
    "0010_signup_emails": {
      async up(db) {
        // Sign-up emails wait here, written in the sign-up's transaction: the request answers
        // at once, whatever the address, and a mailer sends them (retrying) even after a restart.
        await id(db, "signup_emails")
          .addColumn("subscriber_id", "integer", (c) =>
            c.notNull().unique().references("subscribers.id").onDelete("cascade"),
          )
          .addColumn("requested_at", "text", (c) => c.notNull())
          .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("next_attempt_at", "text", (c) => c.notNull())
          .addColumn("claimed_until", "text")
          .addColumn("last_error", "text", (c) => c.notNull().defaultTo(""))
          .execute();
        await db.schema
          .createIndex("signup_emails_due")
          .on("signup_emails")
          .column("next_attempt_at")
          .execute();
      },
    },
    "0011_import_staging": {
      async up(db) {
        // A sheet import writes its rows in many short transactions, staged: each new row
        // carries its import's id and stays invisible to readers until the import is published
        // (one short transaction flips its state), so a long import never holds the database's
        // write lock for long and readers see the data from before or after it, never partway.
        // `holder` and `heartbeat` are a lease: a second import is refused while it is fresh.
        await id(db, "imports")
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("file", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("holder", "text", (c) => c.notNull())
          .addColumn("started_at", "text", (c) => c.notNull())
          .addColumn("heartbeat", "text", (c) => c.notNull())
          .addColumn("finished_at", "text")
          .execute();
        // One staging import at a time, enforced by the database itself (both dialects).
        await db.schema
          .createIndex("imports_one_staging")
          .unique()
          .on("imports")
          .column("state")
          .where(sql.ref("state"), "=", "staging")
          .execute();
        // NULL: published before imports were staged (every row a migration finds).
        await db.schema
          .alterTable("entries")
          .addColumn("import_id", "integer", (c) => c.references("imports.id"))
          .execute();
        await db.schema.createIndex("entries_import").on("entries").column("import_id").execute();
        // Changes an import makes to entries that are already published, applied when it publishes.
        await id(db, "import_changes")
          .addColumn("import_id", "integer", (c) => c.notNull().references("imports.id").onDelete("cascade"))
          .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
          .addColumn("content", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("import_changes_import")
          .on("import_changes")
          .columns(["import_id", "entry_id"])
          .execute();
      },
    },
    "0009_entry_links": {
      async up(db) {
        // The links inside an entry's texts, so "has this been summarized?" finds a paper linked
        // only from a summary, opinion, prerequisites or read-more (domain/entry-links.ts).
        await db.schema
          .createTable("entry_links")
          .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
          .addColumn("url_key", "text", (c) => c.notNull())
          .addColumn("field", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("entry_links_pk", ["entry_id", "field", "url_key"])
          .execute();
        await db.schema.createIndex("entry_links_url_key").on("entry_links").column("url_key").execute();
        await pending(db, "entry_links");
      },
    },
    "0008_search_tuning": {
      async up(db) {
        for (const statement of SEARCH_0008[dialect.kind]) await sql.raw(statement).execute(db);
      },
    },
    "0007_delivery": {
      async up(db) {
        // Subscribers: consent and suppression, kept with the address.
        for (const col of ["unsubscribed_at", "consent_at", "last_confirmation_at"])
          await db.schema.alterTable("subscribers").addColumn(col, "text").execute();
        await db.schema
          .alterTable("subscribers")
          .addColumn("soft_bounces", "integer", (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable("subscribers")
          .addColumn("suppressed_reason", "text", (c) => c.notNull().defaultTo(""))
          .execute();
        await db.schema.createIndex("subscribers_status").on("subscribers").column("status").execute();
        // Events counted for rate limits (subscribe per client and per address, ...), by key.
        await id(db, "rate_events")
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("at", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("rate_events_key").on("rate_events").columns(["key", "at"]).execute();
        // One send per issue: its schedule, state and pace. Unique: an issue is queued once.
        await id(db, "sends")
          .addColumn("issue_number", "integer", (c) => c.notNull().unique().references("issues.number"))
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("send_at", "text", (c) => c.notNull())
          .addColumn("rate_per_second", "real")
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("created_by", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("finished_at", "text")
          .execute();
        // The audience, frozen when the send is created: one row per (issue, subscriber).
        await id(db, "deliveries")
          .addColumn("send_id", "integer", (c) => c.notNull().references("sends.id").onDelete("cascade"))
          .addColumn("issue_number", "integer", (c) => c.notNull())
          .addColumn("subscriber_id", "integer", (c) => c.notNull().references("subscribers.id"))
          .addColumn("email", "text", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("edition", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("next_attempt_at", "text", (c) => c.notNull())
          .addColumn("claimed_by", "text")
          .addColumn("claimed_until", "text")
          .addColumn("last_reply", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("message_id", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("sent_at", "text")
          .addUniqueConstraint("deliveries_issue_subscriber", ["issue_number", "subscriber_id"])
          .execute();
        await db.schema
          .createIndex("deliveries_queue")
          .on("deliveries")
          .columns(["send_id", "status", "next_attempt_at"])
          .execute();
        // Every SMTP attempt and its reply: retries are recorded, not only the last outcome.
        await id(db, "delivery_attempts")
          .addColumn("delivery_id", "integer", (c) =>
            c.notNull().references("deliveries.id").onDelete("cascade"),
          )
          .addColumn("at", "text", (c) => c.notNull())
          .addColumn("outcome", "text", (c) => c.notNull())
          .addColumn("reply", "text", (c) => c.notNull().defaultTo(""))
          .execute();
        await db.schema
          .createIndex("delivery_attempts_delivery")
          .on("delivery_attempts")
          .column("delivery_id")
          .execute();
        // Bounces and complaints, from webhooks or DSN mailboxes; the policy reads them.
        await id(db, "bounce_events")
          .addColumn("email", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("source", "text", (c) => c.notNull())
          .addColumn("detail", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("at", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("bounce_events_email").on("bounce_events").column("email").execute();
        // Bounces (src/bounces): event_key makes an event recorded twice count once (a hash of
        // the provider's event id or the DSN's Message-ID, with the recipient); message_id is
        // the bounced message's, to tell which delivery bounced; subscriber_id is who it
        // counted for (null: an unknown address, recorded only, never counted later).
        await db.schema
          .alterTable("bounce_events")
          .addColumn("event_key", "text", (c) => c.notNull().defaultTo(""))
          .execute();
        await db.schema
          .alterTable("bounce_events")
          .addColumn("message_id", "text", (c) => c.notNull().defaultTo(""))
          .execute();
        await db.schema
          .alterTable("bounce_events")
          .addColumn("subscriber_id", "integer", (c) => c.references("subscribers.id"))
          .execute();
        await db.schema
          .createIndex("bounce_events_key")
          .unique()
          .on("bounce_events")
          .column("event_key")
          .execute();
        // The soft-bounce policy reads one subscriber's deliveries on every bounce.
        await db.schema
          .createIndex("deliveries_subscriber")
          .on("deliveries")
          .column("subscriber_id")
          .execute();
      },
    },
    "0014_testers": {
      async up(db) {
        // The test list: subscribers marked as testers get test copies (`summa send N --test`);
        // a send whose audience is only testers needs no postal address and may use an http site.
        // An integer 0/1 as entries.highlight, the same on both databases.
        await db.schema
          .alterTable("subscribers")
          .addColumn("tester", "integer", (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    "0015_issue_subject_source": {
      async up(db) {
        // Where an issue's subject came from: "editor" (typed: an import never replaces it),
        // "slug" (read from the Mailchimp address by an import, which may update it),
        // "none". Subjects written before this migration could only have been typed.
        await db.schema
          .alterTable("issues")
          .addColumn("subject_source", "text", (c) => c.notNull().defaultTo("none"))
          .execute();
        await db.updateTable("issues").set({ subject_source: "editor" }).where("subject", "<>", "").execute();
      },
    },
    "0016_content_version": {
      async up(db) {
        // One counter that every write to what the public site shows bumps, in the writing
        // transaction itself (triggers, so no write path can forget it): a page cache in any
        // `serve` process compares its entry's version with this row on every request.
        await db.schema
          .createTable("content_version")
          .addColumn("id", "integer", (c) => c.primaryKey())
          .addColumn("version", "bigint", (c) => c.notNull())
          .execute();
        await db.insertInto("content_version").values({ id: 1, version: 1 }).execute();
        for (const statement of CONTENT_VERSION_0016[dialect.kind]) await sql.raw(statement).execute(db);
      },
    },
    "0017_issue_schedule_withdrawal": {
      async up(db) {
        // The editor's loop: an issue published with a future time is "scheduled" until
        // publish_at (ISO UTC), then published; an unpublished issue is "withdrawn", its page
        // a stub that says when and why.
        await db.schema.alterTable("issues").addColumn("publish_at", "text").execute();
        await db.schema.alterTable("issues").addColumn("withdrawn_at", "text").execute();
        await db.schema
          .alterTable("issues")
          .addColumn("withdrawn_reason", "text", (c) => c.notNull().defaultTo(""))
          .execute();
      },
    },
    "0018_welcome_token_expiry": {
      async up(db) {
        // The sign-up queue also carries the welcome email a confirmation sends: "signup" rows
        // are built from the subscriber's status as before, "welcome" rows from the editor's text.
        await db.schema
          .alterTable("signup_emails")
          .addColumn("kind", "text", (c) => c.notNull().defaultTo("signup"))
          .execute();
        // An API token may end on its own (null: it lasts until revoked, as tokens did before).
        await db.schema.alterTable("api_tokens").addColumn("expires_at", "text").execute();
        // Emails the editor writes on the desk (the welcome email), by name. A table, not
        // settings: a Markdown body is many lines, and settings are one line each. No row:
        // the built-in text, switched off.
        await db.schema
          .createTable("email_templates")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("subject", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("updated_at", "text", (c) => c.notNull())
          .addColumn("updated_by", "text", (c) => c.notNull().defaultTo(""))
          .execute();
      },
    },
    "0019_entry_review": {
      async up(db) {
        // Editorial review (draft -> submitted -> changes_requested -> ready) lives in
        // entries.status beside in_issue and published, which are past "ready": imported rows
        // (published) and entries in an issue already count as reviewed, so nothing to backfill.
        // The version counts saves: a save names the version it started from and is refused
        // when another save came first (optimistic locking, never a silent overwrite).
        await db.schema
          .alterTable("entries")
          .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
          .execute();
        // Who acted is kept by id and by name, without a foreign key: history outlives accounts,
        // and services may act for a user with no row (scripts, tests).
        // Every save of an entry, by whom, with the fields it changed (JSON {field: [old, new]})
        // and every field as it stood after the save (JSON), so any revision can be restored.
        await id(db, "entry_revisions")
          .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("user_id", "integer")
          .addColumn("user_name", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("at", "text", (c) => c.notNull())
          .addColumn("action", "text", (c) => c.notNull())
          .addColumn("changes", "text", (c) => c.notNull())
          .addColumn("fields", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("entry_revisions_entry")
          .on("entry_revisions")
          .columns(["entry_id", "id"])
          .execute();
        // The review conversation: comments, and the comment a request for changes carries.
        await id(db, "entry_comments")
          .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
          .addColumn("user_id", "integer")
          .addColumn("user_name", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("at", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("body", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("entry_comments_entry")
          .on("entry_comments")
          .columns(["entry_id", "id"])
          .execute();
      },
    },
    "0022_surveys": {
      async up(db) {
        // A survey: what the editor wrote (questions as JSON: read whole, never queried by
        // part), when it opens and closes, and whether answers are linked to subscribers.
        await id(db, "surveys")
          .addColumn("slug", "text", (c) => c.notNull().unique())
          .addColumn("title", "text", (c) => c.notNull())
          .addColumn("intro", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("anonymity", "text", (c) => c.notNull())
          .addColumn("questions", "text", (c) => c.notNull())
          .addColumn("opens_at", "text")
          .addColumn("closes_at", "text")
          .addColumn("closed_at", "text")
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .execute();
        // subscriber_id is null for every response to an anonymous survey (the service never
        // writes one there; a test reads the table). Unique with the survey: one response per
        // subscriber of a linked survey (NULLs are distinct on both databases).
        await id(db, "survey_responses")
          .addColumn("survey_id", "integer", (c) => c.notNull().references("surveys.id").onDelete("cascade"))
          .addColumn("subscriber_id", "integer", (c) => c.references("subscribers.id").onDelete("set null"))
          .addColumn("answers", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("survey_responses_subscriber")
          .on("survey_responses")
          .columns(["survey_id", "subscriber_id"])
          .unique()
          .execute();
        // Issue pages show a survey's link once it exists: a survey's row is public content.
        for (const statement of CONTENT_VERSION_0022[dialect.kind]) await sql.raw(statement).execute(db);
      },
    },
    "0023_suppressed_at": {
      async up(db) {
        // When an address was suppressed (a hard bounce, a complaint, three soft bounces, the
        // operator, or Mailchimp's CLEAN_TIME): the weekly figures count suppressions by week,
        // which the status alone cannot date. Rows suppressed before this column existed take
        // the time of their last bounce or complaint event, else stay null (counted as undated).
        await db.schema.alterTable("subscribers").addColumn("suppressed_at", "text").execute();
        await sql`UPDATE subscribers SET suppressed_at = (
            SELECT max(bounce_events.at) FROM bounce_events WHERE bounce_events.subscriber_id = subscribers.id
          ) WHERE status = 'suppressed'`.execute(db);
      },
    },
    "0024_engagement": {
      async up(db) {
        // Engagement, off by default (tracking.clicks, tracking.opens). What a send counted
        // with: its settings frozen when its email is first rendered, and its totals, which
        // outlive the per-reader rows below.
        await db.schema
          .createTable("send_tracking")
          .addColumn("send_id", "integer", (c) => c.primaryKey().references("sends.id").onDelete("cascade"))
          .addColumn("clicks_on", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("opens_on", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("clicks", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("clickers", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("opens", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("openers", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("started_at", "text", (c) => c.notNull())
          .execute();
        // An issue's link table: the only places a click redirect may lead. entry_id is the
        // entry whose text holds the link (null: the intro); no foreign key, counts outlive entries.
        await id(db, "tracked_links")
          .addColumn("issue_number", "integer", (c) => c.notNull())
          .addColumn("url", "text", (c) => c.notNull())
          .addColumn("entry_id", "integer")
          .addColumn("clicks", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("clickers", "integer", (c) => c.notNull().defaultTo(0))
          .addUniqueConstraint("tracked_links_issue_url", ["issue_number", "url"])
          .execute();
        // Per reader: who clicked what, who opened; dropped after 30 days unless kept.
        await id(db, "engagement_events")
          .addColumn("send_id", "integer", (c) => c.notNull().references("sends.id").onDelete("cascade"))
          .addColumn("delivery_id", "integer", (c) =>
            c.notNull().references("deliveries.id").onDelete("cascade"),
          )
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("link_id", "integer")
          .addColumn("at", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("engagement_events_delivery")
          .on("engagement_events")
          .columns(["delivery_id", "kind", "link_id"])
          .execute();
        await db.schema.createIndex("engagement_events_at").on("engagement_events").column("at").execute();
      },
    },
    "0025_author_reviews": {
      async up(db) {
        // An entry's authors asked to review its planned summary, each by a link of their own:
        // only the token's SHA-256 is kept (a leaked table cannot open a review), and a link
        // ends at expires_at or when revoked. The author's answer is kept on the row (the
        // latest one: an author may change their mind until the link ends).
        await id(db, "author_reviews")
          .addColumn("entry_id", "integer", (c) => c.notNull().references("entries.id").onDelete("cascade"))
          .addColumn("token_hash", "text", (c) => c.notNull().unique())
          .addColumn("author_name", "text", (c) => c.notNull())
          .addColumn("author_email", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("requested_by", "integer")
          .addColumn("requested_by_name", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("requested_at", "text", (c) => c.notNull())
          .addColumn("expires_at", "text", (c) => c.notNull())
          .addColumn("revoked_at", "text")
          .addColumn("viewed_at", "text")
          .addColumn("state", "text", (c) => c.notNull().defaultTo("requested"))
          .addColumn("responded_at", "text")
          .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("suggested_summary", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("suggested_opinion", "text", (c) => c.notNull().defaultTo(""))
          .execute();
        await db.schema
          .createIndex("author_reviews_entry")
          .on("author_reviews")
          .columns(["entry_id", "id"])
          .execute();
      },
    },
    "0026_inbox": {
      async up(db) {
        // The candidate inbox: what sources deliver before anyone summarizes it. JSON columns
        // (authors, tags, score_explain, suggested_categories) are text on both dialects: they are
        // read whole, never queried into. url_key and title_key are how intake finds an item
        // again; (source, external_id) is a source's own id, unique when the source gives one.
        await id(db, "inbox_candidates")
          .addColumn("source", "text", (c) => c.notNull())
          .addColumn("external_id", "text")
          .addColumn("title", "text", (c) => c.notNull())
          .addColumn("abstract", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("authors", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("venue", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("item_type", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("url", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("url_key", "text")
          .addColumn("title_key", "text", (c) => c.notNull())
          .addColumn("published", "text")
          .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("hat_tip", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("status", "text", (c) => c.notNull().defaultTo("new"))
          .addColumn("snoozed_until", "text")
          .addColumn("score", "double precision")
          .addColumn("score_explain", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("suggested_categories", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("duplicate_entry_id", "integer", (c) => c.references("entries.id").onDelete("set null"))
          .addColumn("duplicate_candidate_id", "integer")
          .addColumn("entry_id", "integer", (c) => c.references("entries.id").onDelete("set null"))
          .addColumn("decided_by", "text")
          .addColumn("decided_at", "text")
          .addColumn("created_at", "text", (c) => c.notNull())
          .execute();
        // A partial unique index: items without a source id (a CSV row, a suggestion) may repeat
        // it as null. Both SQLite and PostgreSQL support WHERE on an index.
        await sql`CREATE UNIQUE INDEX inbox_candidates_source_external
          ON inbox_candidates (source, external_id) WHERE external_id IS NOT NULL`.execute(db);
        await db.schema
          .createIndex("inbox_candidates_status")
          .on("inbox_candidates")
          .columns(["status", "score"])
          .execute();
        await db.schema
          .createIndex("inbox_candidates_url_key")
          .on("inbox_candidates")
          .column("url_key")
          .execute();
        await db.schema
          .createIndex("inbox_candidates_title_key")
          .on("inbox_candidates")
          .column("title_key")
          .execute();
        await db.schema
          .createIndex("inbox_candidates_entry")
          .on("inbox_candidates")
          .column("entry_id")
          .execute();
        // Trained rank and category models, newest last: the inbox scores with the latest row;
        // older rows say what each training saw.
        await id(db, "inbox_models")
          .addColumn("model", "text", (c) => c.notNull())
          .addColumn("trained_at", "text", (c) => c.notNull())
          .addColumn("decisions", "integer", (c) => c.notNull())
          .addColumn("positives", "integer", (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    "0027_inbox_sources": {
      async up(db) {
        // The inbox's configured sources and how far each has read: the conditional-GET
        // validators (etag, last_modified) and the cursor (the newest postedAt or published
        // seen) advance only after a fetch's candidates were delivered, so a failed fetch is
        // read again next time, never skipped. config is the kind's JSON (query, category, url,
        // endpoint). last_status: ok | not-modified | error.
        await id(db, "inbox_sources")
          .addColumn("name", "text", (c) => c.notNull().unique())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("config", "text", (c) => c.notNull().defaultTo("{}"))
          .addColumn("etag", "text")
          .addColumn("last_modified", "text")
          .addColumn("cursor", "text")
          .addColumn("last_fetched_at", "text")
          .addColumn("last_status", "text")
          .addColumn("last_error", "text")
          .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
          .addColumn("created_at", "text", (c) => c.notNull())
          .execute();
      },
    },
    "0029_inbox_lookup_error": {
      async up(db) {
        // A suggestion sent without a title is looked up by its address after the intake
        // (src/inbox/look-up.ts); when that fails the candidate keeps its address as title and
        // the failure is kept here, for the desk to show ("code: message"). Null: no failure.
        await db.schema.alterTable("inbox_candidates").addColumn("lookup_error", "text").execute();
      },
    },
    "0030_inbox_copies_and_fetch_runs": {
      async up(db) {
        // The same item from a second source is not stored again: that source is added to the
        // first copy's also_from (JSON list of source names), so the desk says "also from X".
        // duplicate_candidate_id (0026) points a near-identical item at the candidate it may
        // repeat; the index finds the copies of a candidate when one of them is decided.
        await db.schema
          .alterTable("inbox_candidates")
          .addColumn("also_from", "text", (c) => c.notNull().defaultTo("[]"))
          .execute();
        await db.schema
          .createIndex("inbox_candidates_duplicate_candidate")
          .on("inbox_candidates")
          .column("duplicate_candidate_id")
          .execute();
        // A fetch of the sources, however it was started (the desk, `summa inbox fetch`, serve's
        // schedule): report is the JSON list of each source's outcome; error the failure that
        // stopped the run before any source ran; only_sources the JSON list of names asked for
        // (null: every enabled source). The desk shows the newest; a few older ones are kept.
        await id(db, "inbox_fetch_runs")
          .addColumn("started_by", "text", (c) => c.notNull())
          .addColumn("only_sources", "text")
          .addColumn("started_at", "text", (c) => c.notNull())
          .addColumn("finished_at", "text", (c) => c.notNull())
          .addColumn("report", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("error", "text")
          .execute();
      },
    },
  };
}

/** Records work for after-migrations.ts to do with today's code, in the migration's transaction. */
async function pending(db: AnyDb, step: string): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key: `store.pending.${step}`, value: "1" })
    .execute();
}

/** Text the FTS5 index saw for an entry besides title, authors, summary and opinion (0003). */
const FTS5_EXTRA =
  "new.category || ' ' || new.venue || ' ' || new.summarizer || ' ' || new.hat_tip || ' ' || new.prerequisites || ' ' || new.read_more";
const FTS5_INSERT = `INSERT INTO entries_fts(rowid, title, authors, summary, opinion, extra)
      VALUES (new.id, new.title, new.authors, new.summary, new.opinion, ${FTS5_EXTRA});`;

/** 0003: the full-text index over entries. */
const SEARCH_0003: Record<StoreDialect["kind"], string[]> = {
  sqlite: [
    // Contentless: the text lives once, in entries; the index keeps only what bm25 needs.
    // contentless_delete (SQLite >= 3.43) lets updates and deletes remove a row's postings.
    `CREATE VIRTUAL TABLE entries_fts USING fts5(
      title, authors, summary, opinion, extra,
      content='', contentless_delete=1,
      tokenize='porter unicode61 remove_diacritics 2')`,
    `CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN ${FTS5_INSERT} END`,
    `CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
        DELETE FROM entries_fts WHERE rowid = old.id; END`,
    `CREATE TRIGGER entries_fts_update AFTER UPDATE OF title, authors, summary, opinion, category, venue, summarizer, hat_tip, prerequisites, read_more ON entries BEGIN
        DELETE FROM entries_fts WHERE rowid = old.id; ${FTS5_INSERT} END`,
  ],
  postgres: [
    // A stored generated column: PostgreSQL keeps the vector in step with the row itself.
    // Weights rank a hit in the title (A) above authors (B), summary (C) and the rest (D).
    // English stemming without English stopwords, as FTS5's porter tokenizer does: a search
    // for "the" or "reward -the" must mean the same on both databases.
    "CREATE TEXT SEARCH DICTIONARY summa_english_stem (TEMPLATE = snowball, LANGUAGE = english)",
    "CREATE TEXT SEARCH CONFIGURATION summa_english (COPY = pg_catalog.english)",
    "ALTER TEXT SEARCH CONFIGURATION summa_english ALTER MAPPING REPLACE english_stem WITH summa_english_stem",
    `ALTER TABLE entries ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('summa_english'::regconfig, title), 'A') ||
      setweight(to_tsvector('summa_english'::regconfig, authors), 'B') ||
      setweight(to_tsvector('summa_english'::regconfig, summary), 'C') ||
      setweight(to_tsvector('summa_english'::regconfig,
        opinion || ' ' || category || ' ' || venue || ' ' || summarizer || ' ' || hat_tip || ' ' ||
        prerequisites || ' ' || read_more), 'D')
    ) STORED`,
    "CREATE INDEX entries_search_idx ON entries USING gin (search_vector)",
  ],
};

/**
 * 0008: FTS5 buffers a transaction's new terms in memory and writes a segment to disk each time
 * the buffer passes `hashsize` (1 MB by default), then merges those segments. A bulk import of a
 * million entries wrote thousands of small segments; with 64 MB it writes ~60 times fewer and
 * merges far less (the FTS5 share of a 200k-row insert fell by ~30% here). The cost is at most
 * 64 MB more memory during one large write. A literal: FTS5's configuration inserts refuse bound
 * parameters. PostgreSQL has nothing to tune.
 */
const SEARCH_0008: Record<StoreDialect["kind"], string[]> = {
  sqlite: [`INSERT INTO entries_fts(entries_fts, rank) VALUES ('hashsize', ${64 * 1024 * 1024})`],
  postgres: [],
};

/** 0016: the tables the public pages, feeds and API reads are made from (settings: name, prefix, site URL). */
const PUBLIC_TABLES_0016 = [
  "sections",
  "categories",
  "people",
  "issues",
  "entries",
  "entry_summarizers",
  "entry_references",
  "entry_links",
  "settings",
];
const BUMP_0016 = "UPDATE content_version SET version = version + 1 WHERE id = 1";

/**
 * 0016: the triggers that bump content_version. SQLite has only row triggers (a bulk import
 * bumps once per row: one small update of a page the transaction already holds); PostgreSQL
 * bumps once per statement. Either way the bump commits, or rolls back, with the change.
 */
const CONTENT_VERSION_0016: Record<StoreDialect["kind"], string[]> = {
  sqlite: PUBLIC_TABLES_0016.flatMap((table) =>
    ["INSERT", "UPDATE", "DELETE"].map(
      (event) =>
        `CREATE TRIGGER ${table}_content_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN ${BUMP_0016}; END`,
    ),
  ),
  postgres: [
    `CREATE FUNCTION summa_bump_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${BUMP_0016}; RETURN NULL; END $$`,
    ...PUBLIC_TABLES_0016.map(
      (table) =>
        `CREATE TRIGGER ${table}_content_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION summa_bump_content_version()`,
    ),
  ],
};

/** 0022: surveys bump content_version as 0016's tables do (their links appear in issue pages). */
const CONTENT_VERSION_0022: Record<StoreDialect["kind"], string[]> = {
  sqlite: ["INSERT", "UPDATE", "DELETE"].map(
    (event) =>
      `CREATE TRIGGER surveys_content_${event.toLowerCase()} AFTER ${event} ON surveys BEGIN ${BUMP_0016}; END`,
  ),
  postgres: [
    `CREATE TRIGGER surveys_content_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON surveys
      FOR EACH STATEMENT EXECUTE FUNCTION summa_bump_content_version()`,
  ],
};

/** Brings the database to the latest schema. Safe to run on every start. */
export async function migrateToLatest(db: Kysely<Database>, dialect: StoreDialect): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  await runPendingSteps(db);
}
