import { MAX_BOUNCE_LOCAL_PART } from "../bounces/verp.ts";
import { parseBlockedDomains } from "../domain/blocklist.ts";
import { SummaError } from "../domain/errors.ts";
import type { Newsletter } from "../domain/issue.ts";
import { parseNumbersBlocks } from "../domain/numbers-blocks.ts";
import { parseSiteUrl } from "../domain/site-url.ts";
import { type Taxonomy, validateTaxonomy } from "../domain/taxonomy.ts";
import { parseFeedbackSender, parseListId } from "../formats/render/list-headers.ts";
import { isEmailAddress } from "../formats/render/mime.ts";
import {
  deleteSetting,
  getSettings,
  type NewsletterSettings,
  readNewsletterSettings,
  replaceTaxonomy,
  SETTING_DEFAULTS,
  SETTING_KEYS,
  type SettingKey,
  type Store,
  setSetting,
} from "../store/index.ts";

/**
 * The newsletter's own configuration, as the CLI and the desk change it: its settings
 * (name, issue prefix, editor, addresses) and its taxonomy. Rules live here, not in the faces.
 */
export async function readSettings(store: Store): Promise<Record<SettingKey, string>> {
  return getSettings(store.db);
}

/** The newsletter as issues and pages show it (name, prefix, editor, its links when known). */
export async function loadNewsletter(store: Store): Promise<Newsletter> {
  const s = await readNewsletterSettings(store.db);
  return {
    name: s.name,
    prefix: s.issuePrefix,
    editor: s.editor,
    // Empty settings mean "not known": the renderers then leave the links out.
    ...(s.databaseUrl ? { databaseUrl: s.databaseUrl } : {}),
    ...(s.siteUrl ? { archiveUrl: s.siteUrl } : {}),
  };
}

/** The settings a person may change (`summa settings set KEY VALUE`). */
export { SETTING_KEYS };

/** The settings, typed (NewsletterSettings): what the faces read. */
export function loadNewsletterSettings(store: Store): Promise<NewsletterSettings> {
  return readNewsletterSettings(store.db);
}

function settingKey(key: string): SettingKey {
  if (!(SETTING_KEYS as readonly string[]).includes(key))
    throw new SummaError("config.invalid", `Unknown setting "${key}": use one of ${SETTING_KEYS.join(", ")}`);
  return key as SettingKey;
}

/**
 * Sets one setting after checking it; returns the value as saved. The site's address must be
 * an absolute http(s) URL (domain/site-url.ts): every mailed link and feed is built on it.
 */
export async function changeSetting(store: Store, key: string, value: string): Promise<string> {
  settingKey(key);
  const clean = value.trim();
  // The subscribers.* settings may be emptied: no blocked domains, the default mailto address;
  // so may the bounce address (bounces then go to the From address again).
  // So may the public numbers (nothing public).
  const clearable =
    key.startsWith("subscribers.") || key === "mail.bounce_address" || key === "numbers.public_blocks";
  if (/[\r\n]/.test(value) || (clean === "" && !clearable))
    throw new SummaError("config.invalid", `${key}: expected one line of text`);
  if (key === "subscribers.blocked_domains") parseBlockedDomains(clean);
  if (key === "subscribers.unsubscribe_address" && clean && !isEmailAddress(clean))
    throw new SummaError("config.invalid", `${key}: "${clean}" is not an email address`);
  if (key === "mail.bounce_address" && clean) checkBounceAddress(key, clean);
  if (key === "newsletter.postal_address") checkPostalAddress(clean);
  if (key === "mail.list_id") parseListId(clean);
  if (key === "mail.feedback_id_sender") parseFeedbackSender(clean);
  if (key === "inbox.retrain_every" && !(/^\d{1,6}$/.test(clean) && Number(clean) >= 1))
    throw new SummaError(
      "config.invalid",
      `${key}: expected a whole number of decisions, 1 or more (got "${clean}")`,
    );
  const saved =
    key === "numbers.public_blocks"
      ? parseNumbersBlocks(clean).join(",")
      : key === "newsletter.site_url"
        ? parseSiteUrl(clean)
        : key === "mail.bounce_address"
          ? clean.toLowerCase()
          : key.startsWith("tracking.") || key === "inbox.suggest_public"
            ? onOff(key, clean)
            : clean;
  await setSetting(store.db, key as SettingKey, saved);
  return saved;
}

/** A switch: "on" or "off" (also yes/no, true/false, 1/0), saved as "on" or "off". */
function onOff(key: string, value: string): "on" | "off" {
  const v = value.toLowerCase();
  if (["on", "yes", "true", "1"].includes(v)) return "on";
  if (["off", "no", "false", "0"].includes(v)) return "off";
  throw new SummaError("config.invalid", `${key}: expected "on" or "off" (got "${value}")`);
}

/**
 * What the settings list says beside a setting: open counting is unreliable wherever it shows,
 * because mail privacy proxies (Apple Mail Privacy Protection, Gmail's image proxy) fetch every
 * image of every message, opened or not.
 */
export const SETTING_NOTES: Partial<Record<SettingKey, string>> = {
  "tracking.clicks":
    "click counting: links in sent emails become signed redirects (/r/...) to the issue's own URLs",
  "tracking.opens": "open counting (a pixel): unreliable, mail privacy proxies open every message",
  "tracking.keep_subscriber_rows": "off: who clicked or opened is dropped after 30 days; the totals stay",
  "inbox.retrain_every": "the inbox's ranking retrains after this many picks and dismissals",
  "inbox.suggest_public": "the public suggest-a-paper form (/suggest) and the footer's link to it",
};

/** How an operator sets the postal address: the same words wherever it is missing. */
export const SET_POSTAL_ADDRESS_HINT =
  'summa settings set newsletter.postal_address "Your Name, 1 Main Street, Springfield, IL 62701, USA"';

/** The longest postal address accepted: a footer line, not a letter. */
export const MAX_POSTAL_ADDRESS = 300;

/**
 * A postal address as every issue's footer shows it: one line (parts separated by commas),
 * printable. One line, like every setting: `summa settings` lists them one a line, and a mail
 * footer shows it as one line ("Summa, 1 Main St, Springfield, IL 62701, USA").
 */
function checkPostalAddress(value: string): void {
  if (/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(value))
    throw new SummaError("config.invalid", "newsletter.postal_address: it contains control characters");
  if (value.length > MAX_POSTAL_ADDRESS)
    throw new SummaError(
      "config.invalid",
      `newsletter.postal_address: at most ${MAX_POSTAL_ADDRESS} characters (got ${value.length})`,
    );
}

/**
 * The bounce address is tagged per delivery ("bounces+d1234-<20 hex>@..."), so its local part
 * must leave room for the tag within RFC 5321's 64 characters, and carry no "+" of its own
 * (the tag starts at the first one). Some servers lowercase addresses: it is kept lowercase.
 */
function checkBounceAddress(key: string, value: string): void {
  if (!isEmailAddress(value))
    throw new SummaError("config.invalid", `${key}: "${value}" is not an email address`);
  const local = value.slice(0, value.lastIndexOf("@"));
  if (local.includes("+"))
    throw new SummaError(
      "config.invalid",
      `${key}: "${value}" has a "+" in it; Summa adds "+tag" itself, so use a plain address such as bounces@bounce.example.org`,
    );
  if (local.length > MAX_BOUNCE_LOCAL_PART)
    throw new SummaError(
      "config.invalid",
      `${key}: the part before "@" is ${local.length} characters; at most ${MAX_BOUNCE_LOCAL_PART} leave room for the per-delivery tag`,
    );
}

/**
 * Clears a setting (`summa settings unset KEY`): it reads as its default again, "" for most.
 * Returns that default. Clearing newsletter.site_url stops everything that mails links.
 */
export async function clearSetting(store: Store, key: string): Promise<string> {
  const known = settingKey(key);
  await deleteSetting(store.db, known);
  return SETTING_DEFAULTS[known];
}

/** Replaces the taxonomy after checking it whole; every problem is listed at once. One transaction. */
export async function changeTaxonomy(store: Store, data: unknown, source: string): Promise<Taxonomy> {
  const problems = validateTaxonomy(data);
  if (problems.length)
    throw new SummaError("taxonomy.invalid", `${source}:\n  ${problems.join("\n  ")}`, { problems });
  const taxonomy = data as Taxonomy;
  await store.db.transaction().execute((trx) => replaceTaxonomy(trx, taxonomy));
  return taxonomy;
}
