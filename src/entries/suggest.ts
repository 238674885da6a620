import { SummaError } from "../domain/errors.ts";
import {
  getEntriesByIds,
  listPeople,
  parseSearchQuery,
  type SearchQuery,
  type Store,
} from "../store/index.ts";
import { type BrowseItem, browseItems } from "./browse.ts";
import { type IssueMention, mentionedIssue } from "./issue-mention.ts";
import { publicFilters } from "./public.ts";

/** A person whose name has the typed words: an author (their entries) or a summarizer. */
export interface PersonSuggestion {
  name: string;
  role: "author" | "summarizer";
  /** Published entries with them as author or summarizer (for authors, "at least"). */
  entries: number;
}

export interface Suggestions {
  issue: IssueMention | null;
  /** Entries with every typed word (the last as typed so far) in the title, authors or text. */
  titles: BrowseItem[];
  people: PersonSuggestion[];
}

/** Type-ahead answers at most this many people. */
const MAX_PEOPLE = 4;
/** Entries read to find and count authors (the newest that match); enough for any real name. */
const AUTHOR_SAMPLE = 500;

/** Lowercase words without diacritics, for comparing names with what was typed. */
function nameWords(text: string): string[] {
  return (
    text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Every typed word starts a word of the name ("jan lei" is "Jan Leike"). */
function nameMatches(typed: string[], name: string): boolean {
  const words = nameWords(name);
  return typed.every((t) => words.some((w) => w.startsWith(t)));
}

async function suggestedPeople(
  store: Store,
  query: SearchQuery,
  typed: string[],
): Promise<PersonSuggestion[]> {
  const ids = await store.search.browse({
    query,
    scope: "authors",
    filters: publicFilters({}),
    order: "newest",
    limit: AUTHOR_SAMPLE,
    offset: 0,
  });
  const counts = new Map<string, number>();
  for (const e of await getEntriesByIds(store.db, ids))
    for (const a of e.authors)
      if (nameMatches(typed, a.name)) counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
  const authors = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_PEOPLE)
    .map(([name, entries]): PersonSuggestion => ({ name, role: "author", entries }));
  const summarizers: PersonSuggestion[] = [];
  for (const p of await listPeople(store.db)) {
    if (summarizers.length >= MAX_PEOPLE || !nameMatches(typed, p.name)) continue;
    // Counted over published entries: a name only on drafts is not suggested.
    const entries = await store.search.count({ query: null, filters: publicFilters({ summarizer: p.name }) });
    if (entries > 0) summarizers.push({ name: p.name, role: "summarizer", entries });
  }
  return [...authors, ...summarizers].sort((a, b) => b.entries - a.entries).slice(0, MAX_PEOPLE);
}

/**
 * Type-ahead for the search box: the issue the reader named, if any; published entries with
 * every typed word in their title, authors or text, the last word as a prefix (it is being
 * typed), best first; and the authors and summarizers whose names start with the words.
 */
export async function suggestPublished(store: Store, typed: string, limit = 8): Promise<Suggestions> {
  const text = typed.trim().slice(0, 200);
  const none: Suggestions = { issue: null, titles: [], people: [] };
  if (text === "") return none;
  const issue = await mentionedIssue(store, text);
  // "AN #53" names the issue; its words would only match titles with "an" or "53" in them.
  if (issue) return { ...none, issue };
  let query: SearchQuery;
  try {
    // Every keystroke: "saliency m" is "saliency" and a word starting with "m".
    query = parseSearchQuery(text, { openLast: true, openFrom: 1 });
  } catch (err) {
    if (err instanceof SummaError && err.code === "search.invalid_query") return none;
    throw err;
  }
  const hits = await store.search.search({
    query,
    filters: publicFilters({}),
    limit: Math.min(Math.max(1, limit), 20),
    offset: 0,
  });
  const titles = await browseItems(
    store,
    await getEntriesByIds(
      store.db,
      hits.filter((h) => h.allWords).map((h) => h.id),
    ),
  );
  const typedWords = nameWords(
    query.must
      .flat()
      .flatMap((t) => t.words)
      .join(" "),
  );
  const people = typedWords.length ? await suggestedPeople(store, query, typedWords) : [];
  return { issue: null, titles, people };
}
