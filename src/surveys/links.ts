import type { Store, SubscriberRow } from "../store/index.ts";
import { type LinkConfig, type LinkSubscriber, signLink, subscriberForLink } from "../subscribers/index.ts";

/**
 * A subscriber's survey token: the same signed links as unsubscribe (subscribers/links.ts),
 * purpose "survey", never expiring on its own: a survey link is refused once its survey
 * closes, which is "valid at least until the survey closes" without knowing, when the email is
 * rendered, which surveys it names. One token serves every linked survey an email names, so an
 * issue's email needs one per-reader value (`{{survey_token}}`), not one per survey.
 */
export function surveyToken(config: Pick<LinkConfig, "secret">, subscriber: LinkSubscriber): string {
  return signLink(config.secret, {
    purpose: "survey",
    subscriberId: subscriber.id,
    email: subscriber.email,
    expires: 0,
  });
}

/** A survey's personal link for one subscriber. */
export function personalSurveyUrl(config: LinkConfig, slug: string, subscriber: LinkSubscriber): string {
  return `${config.baseUrl}/surveys/${slug}?t=${surveyToken(config, subscriber)}`;
}

/** The subscriber a survey token names, or null (forged, altered, or the address changed). */
export async function surveySubscriber(store: Store, token: string): Promise<SubscriberRow | null> {
  const linked = await subscriberForLink(store, token, "survey");
  return linked?.subscriber ?? null;
}
