import { markdownLinkUrl } from "../domain/crossref.ts";
import {
  type EmailOptions,
  type EmailParts,
  issueWebUrl,
  renderEmailParts,
  renderIssueEmailTemplate,
} from "../formats/render/email.ts";
import type { MessageTemplate } from "../formats/render/email-template.ts";
import type { IssueView } from "../formats/render/issue-view.ts";
import { feedbackIdValue, listLabel } from "../formats/render/list-headers.ts";
import { loadIssueView, loadRenderOptions, requireIssue } from "../issues/index.ts";
import { type Edition, readNewsletterSettings, SETTING_DEFAULTS, type Store } from "../store/index.ts";
import { prepareSendTracking } from "../tracking/index.ts";

/**
 * The highlights-only edition: the intro and the Highlights, no sections, with a line saying
 * where the full issue is. An issue without highlights has nothing to cut down to, so its
 * highlights readers get the full issue rather than an empty one.
 */
export function highlightsEdition(view: IssueView): IssueView {
  if (view.highlights.length === 0) return view;
  const web = issueWebUrl(view);
  const note = web
    ? `*This is the highlights edition. [Read the full issue](${markdownLinkUrl(web)}).*`
    : "*This is the highlights edition.*";
  return { ...view, intro: view.intro ? `${view.intro}\n\n${note}` : note, sections: [] };
}

/** The issue as an edition renders it: a send's published entries, or a draft as it stands. */
async function editionView(
  store: Store,
  issueNumber: number,
  edition: Edition,
  options: { draft?: boolean },
): Promise<IssueView> {
  const full = await loadIssueView(store, issueNumber, {
    publishedOnly: !options.draft,
    // A linked survey's address carries each reader's token: a mark the email makes a slot.
    personalSurveyLinks: true,
  });
  return edition === "highlights" ? highlightsEdition(full) : full;
}

/** The email's options from settings; without email settings, the sender is the settings' default, as renderIssue does. */
async function emailOptions(store: Store, date?: Date): Promise<EmailOptions> {
  const rendering = await loadRenderOptions(store);
  return rendering.email
    ? { ...rendering.email, ...(date ? { date } : {}) }
    : { fromAddress: SETTING_DEFAULTS["newsletter.from_address"] };
}

/**
 * An edition's subject, text part and HTML part as the message carries them (the same view,
 * options and renderer as renderEdition, before MIME encoding), for the desk's email preview.
 * A draft is previewed as it stands, as its test copies are sent.
 */
export async function renderEditionParts(
  store: Store,
  issueNumber: number,
  edition: Edition,
): Promise<EmailParts> {
  const draft = (await requireIssue(store, issueNumber)) === "draft";
  const view = await editionView(store, issueNumber, edition, { draft });
  return renderEmailParts(view, await emailOptions(store));
}

/**
 * An issue's email for one edition, as the renderer's template for personalisation, dated `date` (the send's
 * time; the issue's date when absent); a message sent from it carries its own Date. A send takes a published issue's published entries
 * only; a test send of a draft (`draft: true`) takes the draft as it stands.
 */
export async function renderEdition(
  store: Store,
  issueNumber: number,
  edition: Edition,
  date?: Date,
  options: { draft?: boolean; sendId?: number } = {},
): Promise<MessageTemplate> {
  const view = await editionView(store, issueNumber, edition, options);
  // Only a send's messages may be tracked (a test copy has no delivery to count against).
  const tracking =
    options.sendId === undefined
      ? undefined
      : await prepareSendTracking(store, { id: options.sendId, issueNumber }, view);
  const [email, settings] = await Promise.all([emailOptions(store, date), readNewsletterSettings(store.db)]);
  // Gmail's feedback loop reports complaints per issue and edition, once the operator names a sender id.
  const feedbackId = settings.feedbackIdSender
    ? feedbackIdValue({
        campaign: String(issueNumber),
        edition,
        list: listLabel(settings.name),
        sender: settings.feedbackIdSender,
      })
    : undefined;
  return renderIssueEmailTemplate(view, {
    ...email,
    ...(feedbackId ? { feedbackId } : {}),
    ...(tracking ? { tracking } : {}),
  });
}
