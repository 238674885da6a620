import type { Entry } from "../domain/entry.ts";
import { SummaError } from "../domain/errors.ts";
import { type ComposedIssue, composeIssue, type IssueEntry } from "../domain/issue.ts";
import { isPublicIssue } from "../domain/publication.ts";
import { loadResolver } from "../entries/index.ts";
import { buildIssueView, type IssueView } from "../formats/render/issue-view.ts";
import { applySurveyLinks, findSurveySlugs } from "../formats/render/survey-links.ts";
import { loadNewsletter } from "../newsletter/index.ts";
import {
  getIssue,
  getTaxonomy,
  type IssueStatus,
  issueEntryRows,
  readNewsletterSettings,
  type Store,
  toEntry,
} from "../store/index.ts";
import { mailtoUnsubscribeIsRead } from "../subscribers/personal-links.ts";
import { surveyUrlsFor } from "../surveys/placeholders.ts";
import type { RenderOptions } from "./render.ts";

/** The options an issue's email needs from settings (the sender, its postal address); the rest comes with the view. */
export async function loadRenderOptions(store: Store): Promise<RenderOptions> {
  const s = await readNewsletterSettings(store.db);
  return {
    email: {
      fromAddress: s.fromAddress,
      postalAddress: s.postalAddress,
      ...(s.listId ? { listId: s.listId } : {}),
      mailtoUnsubscribe: mailtoUnsubscribeIsRead({
        configured: s.unsubscribeAddress,
        bounceAddress: s.bounceAddress,
      }),
    },
  };
}

/** Throws not_found unless issue N exists (in any status); returns its status. */
export async function requireIssue(store: Store, number: number): Promise<IssueStatus> {
  const issue = await getIssue(store.db, number);
  if (!issue) throw new SummaError("not_found", `There is no issue #${number}`);
  return issue.status;
}

/** How an issue is loaded: the public site shows a published issue's published entries only. */
export interface LoadIssueOptions {
  /**
   * A draft issue, or one dated after today, is "not found" (domain/publication.ts), and
   * entries not yet published are left out.
   */
  publishedOnly?: boolean;
  /** An email: links to linked surveys carry the reader's token (surveys/placeholders.ts). */
  personalSurveyLinks?: boolean;
}

/** An issue from the database, laid out: its entries in taxonomy order. */
export async function loadComposedIssue(
  store: Store,
  number: number,
  options: LoadIssueOptions = {},
): Promise<ComposedIssue> {
  const issue = await getIssue(store.db, number);
  if (!issue || (options.publishedOnly && !isPublicIssue(issue)))
    throw new SummaError("not_found", `There is no issue #${number}`);
  const rows = await issueEntryRows(store.db, number, options);
  const entries: IssueEntry[] = rows.map((r) => ({
    ...(toEntry(r) as Entry),
    issuePosition: r.issue_position,
    authorsDisplay: r.authors_display,
  }));
  return composeIssue(
    await loadNewsletter(store),
    { number, date: issue.date, subject: issue.subject, intro: issue.intro, url: issue.url },
    entries,
    await getTaxonomy(store.db),
  );
}

/** Everything a renderer needs: the layout, with cross-references resolved against the database. */
export async function loadIssueView(
  store: Store,
  number: number,
  options: LoadIssueOptions = {},
): Promise<IssueView> {
  const composed = await loadComposedIssue(store, number, options);
  const all = [
    ...composed.highlights,
    ...composed.sections.flatMap((s) => s.categories.flatMap((c) => c.entries)),
  ];
  const texts = [
    composed.meta.intro,
    ...all.flatMap((e) => [e.summary, e.opinion, e.prerequisites, e.readMore]),
  ];
  const resolve = await loadResolver(store, texts, number, composed.newsletter.prefix, options);
  const view = buildIssueView(composed, resolve);
  const slugs = findSurveySlugs(texts);
  if (slugs.length === 0) return { ...view, unknownSurveys: [] };
  return applySurveyLinks(view, await surveyUrlsFor(store, slugs, { personal: options.personalSurveyLinks }));
}

/** The taxonomy, for callers that lay out or read issues (parsing needs it to know headings). */
export async function loadTaxonomy(store: Store) {
  return getTaxonomy(store.db);
}
