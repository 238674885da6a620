import type { DeskUser } from "../accounts/index.ts";
import { parseAuthors } from "../domain/authors.ts";
import { emptyEntryFields } from "../domain/entry.ts";
import { composeIssue, type IssueEntry } from "../domain/issue.ts";
import { parseSummarizers } from "../domain/summarizers.ts";
import { entryHtml } from "../formats/render/html-fragments.ts";
import { buildIssueView } from "../formats/render/issue-view.ts";
import { loadNewsletter } from "../issues/load.ts";
import { loadResolver } from "../issues/resolver.ts";
import { getDeskEntry, getTaxonomy, type Store } from "../store/index.ts";
import type { EntryInput } from "./edit-entry.ts";

/** An entry as the issue will show it, for the desk's preview beside the form. */
export interface EntryPreview {
  /** The entry's HTML as in the archive and the email (escaped; Markdown with raw HTML off). */
  html: string;
  /** Where it will appear: "Highlights", or "Section › Category". */
  placement: string;
  /** Cross-references that name no entry (they would render as plain text). */
  unresolved: string[];
}

/**
 * Renders what a person is typing, unsaved and unvalidated, through the same view and HTML
 * renderer as a real issue, with cross-references resolved against the database. A draft will
 * go out in a future issue, so a reference means the latest summary of that title.
 */
export async function previewEntry(
  store: Store,
  user: DeskUser,
  input: EntryInput,
  entryId?: number,
): Promise<EntryPreview> {
  const stored = entryId !== undefined ? await getDeskEntry(store.db, entryId) : undefined;
  const base = stored ?? {
    ...emptyEntryFields(),
    id: 0,
    status: "draft" as const,
    createdBy: user.id,
    sheetRow: null,
  };
  const text = (v: string | undefined, old: string) => (v === undefined ? old : v.trim());
  const summarizers =
    input.summarizers === undefined ? base.summarizers : parseSummarizers(input.summarizers);
  const entry: IssueEntry = {
    ...base,
    title: text(input.title, base.title).replace(/\s+/g, " ") || "(untitled)",
    url: text(input.url, base.url),
    authors: input.authors === undefined ? base.authors : parseAuthors(input.authors),
    authorsDisplay: text(input.authorsDisplay, stored?.authorsDisplay ?? ""),
    category: text(input.category, base.category),
    highlight: input.highlight ?? base.highlight,
    // As createEntry does: a new entry with no summarizer is credited to its author.
    summarizers: summarizers.length || stored ? summarizers : [user.name],
    summary: text(input.summary, base.summary),
    opinion: text(input.opinion, base.opinion),
    prerequisites: text(input.prerequisites, base.prerequisites),
    prerequisitesUrl: text(input.prerequisitesUrl, base.prerequisitesUrl),
    readMore: text(input.readMore, base.readMore),
    readMoreUrl: text(input.readMoreUrl, base.readMoreUrl),
    issuePosition: null,
  };
  const newsletter = await loadNewsletter(store);
  const number = entry.issueNumber ?? 0;
  const composed = composeIssue(
    newsletter,
    { number, date: null, subject: "", intro: "", url: "" },
    [entry],
    await getTaxonomy(store.db),
  );
  const texts = [entry.summary, entry.opinion, entry.prerequisites, entry.readMore];
  const resolve = await loadResolver(
    store,
    texts,
    entry.issueNumber ?? Number.MAX_SAFE_INTEGER,
    newsletter.prefix,
  );
  const view = buildIssueView(composed, resolve);
  const section = view.sections[0];
  const shown = view.highlights[0] ?? section?.categories[0]?.entries[0];
  return {
    html: shown ? entryHtml(shown) : "",
    placement: view.highlights.length
      ? "Highlights"
      : `${section?.name ?? "Other"} › ${section?.categories[0]?.name ?? entry.category}`,
    unresolved: view.unresolved.map((u) => u.reference.raw),
  };
}
