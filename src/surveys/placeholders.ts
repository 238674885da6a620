import { SURVEY_TOKEN_MARK } from "../formats/render/survey-links.ts";
import { readNewsletterSettings, type Store } from "../store/index.ts";
import { findSurvey } from "./surveys.ts";

/**
 * The URL each named survey's placeholder becomes: the public page on site_url (relative when
 * it is not set). With `personal` (an email), a linked survey's URL carries the reader's token
 * mark, which the email template fills per message; an anonymous survey's needs none.
 */
export async function surveyUrlsFor(
  store: Store,
  slugs: readonly string[],
  options: { personal?: boolean } = {},
): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  if (slugs.length === 0) return urls;
  const { siteUrl } = await readNewsletterSettings(store.db);
  for (const slug of slugs) {
    const survey = await findSurvey(store, slug);
    if (!survey) continue;
    const url = `${siteUrl}/surveys/${slug}`;
    urls.set(slug, options.personal && survey.anonymity === "linked" ? `${url}?t=${SURVEY_TOKEN_MARK}` : url);
  }
  return urls;
}
