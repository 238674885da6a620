import type { StaffUser } from "../accounts/index.ts";
import { emptyEntryFields } from "../domain/entry.ts";
import { composeIssue, type IssueEntry } from "../domain/issue.ts";
import { entryHtml } from "../formats/render/html-fragments.ts";
import { buildIssueView } from "../formats/render/issue-view.ts";
import { loadNewsletter } from "../newsletter/index.ts";
import { getEditableEntry, getTaxonomy, type Store } from "../store/index.ts";
import { type EntryInput, mergeInput, referenceTexts } from "./edit-entry.ts";
import { loadResolver } from "./resolver.ts";

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
  user: StaffUser,
  input: EntryInput,
  entryId?: number,
): Promise<EntryPreview> {
  const stored = entryId !== undefined ? await getEditableEntry(store.db, entryId) : undefined;
  const base = stored ?? {
    ...emptyEntryFields(),
    id: 0,
    status: "draft" as const,
    createdBy: user.id,
    sheetRow: null,
  };
  // What was typed, read as a save reads it but unvalidated (a value that cannot be read keeps the stored one).
  const { fields } = mergeInput(base, input);
  const entry: IssueEntry = {
    ...base,
    ...fields,
    title: fields.title.replace(/\s+/g, " ") || "(untitled)",
    authorsDisplay:
      input.authorsDisplay === undefined ? (stored?.authorsDisplay ?? "") : input.authorsDisplay.trim(),
    // As createEntry does: a new entry with no summarizer is credited to its author.
    summarizers: fields.summarizers.length || stored ? fields.summarizers : [user.name],
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
  const texts = referenceTexts(entry);
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
