import type { EntryView, IssueView } from "./issue-view.ts";

/**
 * `{{survey:SLUG}}` in an issue's intro or an entry's text: a link to a reader survey. On the web
 * it becomes the survey's public URL; in an email, for a linked survey, the reader's personal
 * link, which the sender completes per message: the renderer writes SURVEY_TOKEN_MARK where the
 * token goes, and the email template turns it into the `{{survey_token}}` slot.
 */
const PLACEHOLDER = /\{\{survey:([a-z0-9][a-z0-9-]{0,79})\}\}/g;

/** Letters only, so Markdown, HTML escaping and URL encoding all leave it as it is. */
export const SURVEY_TOKEN_MARK = "SUMMASURVEYTOKENMARK";
/** The per-reader slot of an email (email-template.ts) the mark becomes. */
export const SURVEY_TOKEN_SLOT = "{{survey_token}}";

/** The slugs named in these texts, each once, in order of appearance. */
export function findSurveySlugs(texts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(PLACEHOLDER)) found.add(m[1]!);
  return [...found];
}

/** Where an unknown survey is named: null entryId for the intro. */
export interface UnknownSurvey {
  entryId: number | null;
  field: string;
  slug: string;
}

/** One text with each placeholder replaced by `urls.get(slug)`; an unknown slug stays as written. */
export function replaceSurveyPlaceholders(
  text: string,
  urls: ReadonlyMap<string, string>,
  onUnknown: (slug: string) => void = () => {},
): string {
  return text.replace(PLACEHOLDER, (whole, slug: string) => {
    const url = urls.get(slug);
    if (url === undefined) {
      onUnknown(slug);
      return whole;
    }
    return url;
  });
}

/** Every Markdown field of an issue with its survey placeholders replaced; unknown slugs listed. */
export function applySurveyLinks(
  view: IssueView,
  urls: ReadonlyMap<string, string>,
): IssueView & { unknownSurveys: UnknownSurvey[] } {
  const unknownSurveys: UnknownSurvey[] = [];
  const field = (entryId: number | null, name: string, text: string) =>
    replaceSurveyPlaceholders(text, urls, (slug) => unknownSurveys.push({ entryId, field: name, slug }));
  const entry = (e: EntryView): EntryView => ({
    ...e,
    summary: field(e.id, "summary", e.summary),
    opinion: field(e.id, "opinion", e.opinion),
    prerequisites: field(e.id, "prerequisites", e.prerequisites),
    readMore: field(e.id, "readMore", e.readMore),
  });
  return {
    ...view,
    intro: field(null, "intro", view.intro),
    highlights: view.highlights.map(entry),
    sections: view.sections.map((s) => ({
      ...s,
      categories: s.categories.map((c) => ({ ...c, entries: c.entries.map(entry) })),
    })),
    unknownSurveys,
  };
}

/** An email part with the mark turned into the per-reader slot. */
export function markToSlot(part: string): string {
  return part.split(SURVEY_TOKEN_MARK).join(SURVEY_TOKEN_SLOT);
}
