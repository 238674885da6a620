import { parseBlockedDomains } from "../domain/blocklist.ts";
import { SummaError } from "../domain/errors.ts";
import type { Newsletter } from "../domain/issue.ts";
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
  // The subscribers.* settings may be emptied: no blocked domains, the default mailto address.
  const clearable = key.startsWith("subscribers.");
  if (/[\r\n]/.test(value) || (clean === "" && !clearable))
    throw new SummaError("config.invalid", `${key}: expected one line of text`);
  if (key === "subscribers.blocked_domains") parseBlockedDomains(clean);
  if (key === "subscribers.unsubscribe_address" && clean && !isEmailAddress(clean))
    throw new SummaError("config.invalid", `${key}: "${clean}" is not an email address`);
  if (key === "mail.list_id") parseListId(clean);
  if (key === "mail.feedback_id_sender") parseFeedbackSender(clean);
  const saved = key === "newsletter.site_url" ? parseSiteUrl(clean) : clean;
  await setSetting(store.db, key as SettingKey, saved);
  return saved;
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
