import { referencedTitleKeys, resolveCrossReferences } from "../domain/crossref.ts";
import type { Entry } from "../domain/entry.ts";
import { issueLabel, type Newsletter } from "../domain/issue.ts";
import { titleKey } from "../domain/keys.ts";
import { isPublic, PUBLIC_ISSUES } from "../domain/publication.ts";
import { loadResolver, pickReferenced, publicFilters, referenceTexts } from "../entries/index.ts";
import { similarEntries } from "../entries/similar.ts";
import { buildEntryView, type EntryView } from "../formats/render/issue-view.ts";
import { loadNewsletter } from "../newsletter/index.ts";
import {
  findByTitleKeys,
  findCitingEntryIds,
  getEntriesByIds,
  getIssue,
  type Store,
} from "../store/index.ts";
import { getPublicEntry } from "./entries.ts";

/** Another entry, as a line in "Cites" or "Cited by". */
export interface EntryLink {
  id: number;
  /** As stored: may hold Markdown links ("[A](u) and [B](v)"). */
  title: string;
  /** "AN #42", the entry's own label ("Recon #4"), or "". */
  issueLabel: string;
}

export interface PublicEntry {
  entry: Entry;
  /** Summary, opinion, prerequisites and read more as the issue shows them, references resolved. */
  view: EntryView;
  /** The published issue it went out in, or null (not yet, another newsletter, a draft issue). */
  issue: { number: number; label: string } | null;
  /** The entries its texts refer to with <@Title@>, in the order first cited. */
  cites: EntryLink[];
  /** The entries whose texts refer to it, oldest issue first. */
  citedBy: EntryLink[];
  /** The published entries nearest it by text, best first (entries/similar.ts). */
  similar: EntryLink[];
}

function labelOf(e: Entry, newsletter: Newsletter): string {
  if (e.issueNumber !== null) return issueLabel(newsletter, e.issueNumber);
  return /^(n\/a)?$/i.test(e.issueLabel.trim()) ? "" : e.issueLabel.trim();
}

function published(entries: Entry[], except: number): Entry[] {
  return entries.filter((e) => isPublic(e) && e.id !== except);
}

/**
 * An entry's permanent page: the entry, rendered the way its issue rendered it, and the
 * entries it cites and that cite it. Only published entries are public: any other is not
 * found, and so are links to unpublished ones. When a title was summarized more than once,
 * a reference means the summary the issues link it to (see pickReferenced).
 */
export async function loadPublicEntry(store: Store, id: number): Promise<PublicEntry> {
  const entry = await getPublicEntry(store, id);
  const newsletter = await loadNewsletter(store);
  const texts = referenceTexts(entry);
  const resolve = await loadResolver(store, texts, entry.issueNumber, newsletter.prefix, PUBLIC_ISSUES);
  const view = buildEntryView(
    { ...entry, issuePosition: null, authorsDisplay: "" },
    newsletter.editor,
    (_id, _field, text) => resolveCrossReferences(text, resolve).markdown,
  );

  const issueRow = entry.issueNumber !== null ? await getIssue(store.db, entry.issueNumber) : undefined;
  const issue =
    issueRow?.status === "published"
      ? { number: issueRow.number, label: issueLabel(newsletter, issueRow.number) }
      : null;

  const link = (e: Entry): EntryLink => ({ id: e.id, title: e.title, issueLabel: labelOf(e, newsletter) });
  return {
    entry,
    view,
    issue,
    cites: published(await citedEntries(store, entry, texts), id).map(link),
    citedBy: published(await citingEntries(store, entry), id).map(link),
    similar: (await similarEntries(store, entry, { filters: publicFilters({}) })).map(link),
  };
}

/** The published entry each reference in `texts` resolves to (as the page links it), each once. */
async function citedEntries(store: Store, entry: Entry, texts: string[]): Promise<Entry[]> {
  const keys = referencedTitleKeys(texts);
  const byKey = new Map<string, Awaited<ReturnType<typeof findByTitleKeys>>>();
  for (const r of (await findByTitleKeys(store.db, keys)).filter(isPublic))
    byKey.set(r.title_key, [...(byKey.get(r.title_key) ?? []), r]);
  // Grouped once: a summary may cite tens of thousands of titles.
  const ids = keys.flatMap((key) => {
    const candidates = byKey.get(key);
    return candidates ? [pickReferenced(candidates, entry.issueNumber).id] : [];
  });
  return getEntriesByIds(store.db, [...new Set(ids)]);
}

/** Entries citing this entry's title whose reference resolves to this entry, not a namesake. */
async function citingEntries(store: Store, entry: Entry): Promise<Entry[]> {
  const key = titleKey(entry.title);
  const citing = await getEntriesByIds(store.db, await findCitingEntryIds(store.db, key));
  const namesakes = (await findByTitleKeys(store.db, [key])).filter(isPublic);
  if (namesakes.length <= 1) return citing;
  return citing.filter((c) => pickReferenced(namesakes, c.issueNumber).id === entry.id);
}
