import {
  type CrossReference,
  markdownLinkText,
  markdownLinkUrl,
  type ReferenceResolver,
  resolveCrossReferences,
} from "../../domain/crossref.ts";
import { displayAuthors, opinionAuthor, summarizedBy } from "../../domain/entry-display.ts";
import type { ComposedIssue, IssueEntry, IssueMeta, Newsletter } from "../../domain/issue.ts";
import { issueLabel } from "../../domain/issue.ts";
import { issueDisplayTitle, stripIssueLabel } from "../../domain/issue-subject.ts";

/**
 * An issue ready to render: every credit decided and every cross-reference resolved, so
 * that the text, Markdown and HTML renderers only lay it out. All text fields are Markdown.
 */
export interface EntryView {
  id: number;
  title: string;
  url: string;
  /** "First Author et al", or the entry's override; empty when there are no authors. */
  authors: string;
  /** The X of "(summarized by X)", or null when it is left out. */
  summarizedBy: string | null;
  summary: string;
  opinion: string;
  /** The X of "X's opinion:". */
  opinionAuthor: string;
  prerequisites: string;
  readMore: string;
  highlight: boolean;
  category: string;
}

export interface SectionView {
  name: string;
  categories: { name: string; entries: EntryView[] }[];
}

export interface IssueView {
  newsletter: Newsletter;
  meta: IssueMeta;
  /** "AN #53" */
  label: string;
  /** "Alignment Newsletter #53" */
  heading: string;
  intro: string;
  highlights: EntryView[];
  sections: SectionView[];
  unresolved: { entryId: number | null; field: string; reference: CrossReference }[];
  /** `{{survey:SLUG}}` placeholders naming no survey (survey-links.ts); absent when not looked up. */
  unknownSurveys?: { entryId: number | null; field: string; slug: string }[];
}

/** A field that carries its own link cell (Prerequisites, Read more): linked unless it has links. */
function withLink(text: string, url: string): string {
  if (!url || text.trim() === "" || /\]\(|<@/.test(text)) return text;
  return `[${markdownLinkText(text)}](${markdownLinkUrl(url)})`;
}

/** Resolves the cross-references in one field of an entry (or the intro, entryId null). */
export type FieldResolver = (entryId: number | null, field: string, text: string) => string;

/**
 * One entry ready to render: credits decided against the editor, cross-references resolved
 * by `resolved`. Issues use it for every entry; an entry's own page uses it alone.
 */
export function buildEntryView(e: IssueEntry, editor: string, resolved: FieldResolver): EntryView {
  return {
    id: e.id,
    title: e.title.trim(),
    url: e.url,
    authors: displayAuthors(e),
    summarizedBy: summarizedBy(e.summarizers, editor),
    summary: resolved(e.id, "summary", e.summary.trim()),
    opinion: resolved(e.id, "opinion", e.opinion.trim()),
    opinionAuthor: opinionAuthor(e.summarizers, editor),
    prerequisites: resolved(e.id, "prerequisites", withLink(e.prerequisites.trim(), e.prerequisitesUrl)),
    readMore: resolved(e.id, "readMore", withLink(e.readMore.trim(), e.readMoreUrl)),
    highlight: e.highlight,
    category: e.category,
  };
}

export function buildIssueView(issue: ComposedIssue, resolve: ReferenceResolver): IssueView {
  const { newsletter, meta } = issue;
  const unresolved: IssueView["unresolved"] = [];
  const resolved: FieldResolver = (entryId, field, text) => {
    const r = resolveCrossReferences(text, resolve);
    for (const reference of r.unresolved) unresolved.push({ entryId, field, reference });
    return r.markdown;
  };
  const view = (e: IssueEntry): EntryView => buildEntryView(e, newsletter.editor, resolved);
  return {
    newsletter,
    meta,
    label: issueLabel(newsletter, meta.number),
    heading: `${newsletter.name} #${meta.number}`,
    intro: resolved(null, "intro", meta.intro.trim()),
    highlights: issue.highlights.map(view),
    sections: issue.sections.map((s) => ({
      name: s.name,
      categories: s.categories.map((c) => ({ name: c.name, entries: c.entries.map(view) })),
    })),
    unresolved,
  };
}

/**
 * What names the issue in a list or a subject line: its subject (a typed "[AN #53]:" left out),
 * else its highlights' titles, else "" (domain/issue-subject.ts).
 */
export function issueViewTitle(view: IssueView): string {
  const subject = stripIssueLabel(view.meta.subject, view.newsletter.prefix, view.meta.number);
  return issueDisplayTitle(
    subject,
    view.highlights.map((h) => h.title),
  );
}
