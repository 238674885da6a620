import type { Kysely } from "kysely";
import { DEFAULT_PUBLIC_BLOCKS } from "../../domain/numbers-blocks.ts";
import { checkSiteUrl } from "../../domain/site-url.ts";
import type { Database } from "../schema.ts";

/** Newsletter settings an editor can change. */
export const SETTING_KEYS = [
  "newsletter.name",
  "newsletter.issue_prefix",
  "newsletter.editor",
  "newsletter.from_address",
  "newsletter.site_url",
  "newsletter.database_url",
  "newsletter.postal_address",
  "subscribers.blocked_domains",
  "subscribers.unsubscribe_address",
  "mail.bounce_address",
  "mail.list_id",
  "mail.feedback_id_sender",
  "numbers.public_blocks",
  "tracking.clicks",
  "tracking.opens",
  "tracking.keep_subscriber_rows",
  "inbox.retrain_every",
  "inbox.suggest_public",
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/**
 * What a setting is when the database has no row for it. The first three are also seeded by
 * migration 0004; the later ones live only here, so adding one needs no migration.
 * from_address is a reserved example domain (RFC 2606) until the editor sets a real one;
 * site_url (the public archive, for feeds and "view in browser") has no sensible default.
 * newsletter.database_url: a public copy of the database (a spreadsheet); empty, so a fresh
 * install links to no one else's sheet, and the renderers leave "the public database" link out.
 * subscribers.blocked_domains: comma-separated domains the public form refuses (subdomains too);
 * subscribers.unsubscribe_address: the mailto unsubscribe address (empty: from_address+unsubscribe).
 * mail.bounce_address: the envelope sender's base (empty: the From address; see src/bounces/verp.ts).
 * newsletter.postal_address: the sender's physical postal address, in every issue's footer
 * (CAN-SPAM); a send to more than the test list is refused without it.
 * mail.list_id: the List-Id (empty: the name's label at the From domain, "alignment-newsletter.example.org").
 * mail.feedback_id_sender: Gmail Feedback-ID's sender field (empty: no Feedback-ID header).
 * numbers.public_blocks: which blocks of the numbers /numbers shows (domain/numbers-blocks.ts);
 * the content figures by default, never the reader figures unless the editor adds them.
 * tracking.clicks, tracking.opens: engagement counting, "on" or "off", off unless the editor
 * turns it on (src/tracking); tracking.keep_subscriber_rows: "on" keeps who clicked or opened
 * past 30 days (off: those rows are dropped, the totals stay).
 * inbox.retrain_every: the inbox's models retrain after this many picks and dismissals (src/inbox).
 * inbox.suggest_public: the public suggest-a-paper form (/suggest), "on" or "off"; on by default,
 * as it was before the switch existed (it is rate-limited and only adds to the inbox).
 */
export const SETTING_DEFAULTS: Record<SettingKey, string> = {
  "newsletter.name": "",
  "newsletter.issue_prefix": "",
  "newsletter.editor": "",
  "newsletter.from_address": "newsletter@example.org",
  "newsletter.site_url": "",
  "newsletter.database_url": "",
  "newsletter.postal_address": "",
  "subscribers.blocked_domains": "",
  "subscribers.unsubscribe_address": "",
  "mail.bounce_address": "",
  "mail.list_id": "",
  "mail.feedback_id_sender": "",
  "numbers.public_blocks": DEFAULT_PUBLIC_BLOCKS,
  "tracking.clicks": "off",
  "tracking.opens": "off",
  "tracking.keep_subscriber_rows": "off",
  "inbox.retrain_every": "25",
  "inbox.suggest_public": "on",
};

export async function getSettings(db: Kysely<Database>): Promise<Record<SettingKey, string>> {
  const rows = await db.selectFrom("settings").select(["key", "value"]).execute();
  const out: Record<SettingKey, string> = { ...SETTING_DEFAULTS };
  for (const r of rows)
    if ((SETTING_KEYS as readonly string[]).includes(r.key)) out[r.key as SettingKey] = r.value;
  return out;
}

/**
 * The newsletter's settings, typed: what every service reads instead of looking keys up by
 * string. Values as stored (empty when unset, except where SETTING_DEFAULTS has a default);
 * the site's address without its trailing slashes.
 */
export interface NewsletterSettings {
  /** "" until the editor names it. */
  name: string;
  /** What issue labels start with ("AN" in "AN #53"); "" until set. */
  issuePrefix: string;
  editor: string;
  fromAddress: string;
  /**
   * The public site's address, normalized (domain/site-url.ts); "" when unset, or when the
   * stored value breaks the rule (set before the rule existed): unusable is treated as unknown.
   */
  siteUrl: string;
  /** The public copy of the database (a spreadsheet), for "the database" links. */
  databaseUrl: string;
  /** Comma-separated domains the public sign-up form refuses. */
  blockedDomains: string;
  /** The mailto unsubscribe address ("" means from_address+unsubscribe, or bounce_address+unsubscribe). */
  unsubscribeAddress: string;
  /**
   * Where bounces go: issue deliveries use it tagged per delivery (VERP), other mail as is;
   * "" means the From address, as before the setting existed.
   */
  bounceAddress: string;
  /** The sender's postal address, one line, for every issue's footer; "" until set. */
  postalAddress: string;
  /** The List-Id's id ("" means made from the name and the From domain). */
  listId: string;
  /** Feedback-ID's sender field ("" means no Feedback-ID header). */
  feedbackIdSender: string;
  /** Whether the editor made any block of the numbers public (numbers.public_blocks not empty): the site then links to /numbers. */
  numbersPublic: boolean;
  /** The public suggest-a-paper form is on (inbox.suggest_public). */
  suggestPublic: boolean;
  /** Engagement counting (src/tracking): click redirects, the open pixel, keeping per-reader rows. */
  tracking: { clicks: boolean; opens: boolean; keepSubscriberRows: boolean };
}

function siteUrlOrEmpty(value: string): string {
  const checked = checkSiteUrl(value);
  return checked.ok ? checked.url : "";
}

/** The settings as NewsletterSettings (one read of the table). */
export async function readNewsletterSettings(db: Kysely<Database>): Promise<NewsletterSettings> {
  const s = await getSettings(db);
  return {
    name: s["newsletter.name"],
    issuePrefix: s["newsletter.issue_prefix"],
    editor: s["newsletter.editor"],
    fromAddress: s["newsletter.from_address"],
    siteUrl: siteUrlOrEmpty(s["newsletter.site_url"]),
    databaseUrl: s["newsletter.database_url"],
    blockedDomains: s["subscribers.blocked_domains"],
    unsubscribeAddress: s["subscribers.unsubscribe_address"],
    bounceAddress: s["mail.bounce_address"].toLowerCase(),
    postalAddress: s["newsletter.postal_address"],
    listId: s["mail.list_id"],
    feedbackIdSender: s["mail.feedback_id_sender"],
    numbersPublic: s["numbers.public_blocks"].split(",").some((b) => b.trim() !== ""),
    suggestPublic: s["inbox.suggest_public"] !== "off",
    tracking: {
      clicks: s["tracking.clicks"] === "on",
      opens: s["tracking.opens"] === "on",
      keepSubscriberRows: s["tracking.keep_subscriber_rows"] === "on",
    },
  };
}

export async function setSetting(db: Kysely<Database>, key: SettingKey, value: string): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}

/**
 * The stored value of any key of the settings table, known to SETTING_KEYS or not (a secret's
 * presence, a setting another part of Summa owns); undefined when there is no row.
 */
export async function findSettingValue(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value;
}

/** Removes a setting's row: it reads as its default again (SETTING_DEFAULTS). */
export async function deleteSetting(db: Kysely<Database>, key: SettingKey): Promise<void> {
  await db.deleteFrom("settings").where("key", "=", key).execute();
}

/**
 * A secret kept in the settings table under `key` (never shown by `summa settings`), made from
 * `create()` the first time. Concurrent first calls agree: the first insert wins.
 */
export async function getOrCreateSecret(
  db: Kysely<Database>,
  key: string,
  create: () => string,
): Promise<string> {
  const found = await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
  if (found) return found.value;
  await db
    .insertInto("settings")
    .values({ key, value: create() })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", key)
    .executeTakeFirstOrThrow();
  return row.value;
}
