import type { Entry } from "../domain/entry.ts";
import type { EntryLinkField } from "../domain/entry-links.ts";
import { SummaError } from "../domain/errors.ts";
import { looseTitleKey, titleKey } from "../domain/keys.ts";
import { matchTitle, type TitleMatchKind } from "../domain/title-match.ts";
import { urlKey } from "../domain/url-key.ts";
import {
  findByTitleKey,
  findLinkedEntries,
  getEntriesByIds,
  issuesDatedAfter,
  parseSearchQuery,
  type SearchFilters,
  type Store,
} from "../store/index.ts";

export interface LookupMatch {
  entry: Entry;
  /**
   * How it matched: by a link it carries ("url"), by its title (exact), by part of its title
   * ("partial-title": its first words, or its words in order), or a near-identical title.
   */
  how: "url" | "title" | "partial-title" | "similar-title";
  /** For a link: where the entry carries it (its own URL, or inside which text). */
  via: EntryLinkField | null;
  /** For a partial title: the kind of match ("prefix": the title's first words; "words": its words in order). */
  titleMatch: TitleMatchKind | null;
  /** Match quality in (0, 1]: 1 for a link or an exact title (domain/title-match.ts). */
  similarity: number;
}

/** At most this many title matches: a lookup answers "is it there?", not "what is like it?". */
const MAX_TITLE_MATCHES = 10;

/**
 * What a reader typed, if it names a paper by an identifier: a URL (http(s), or a bare host
 * and path), an arXiv id (`1811.07871`, `arXiv:1811.07871v2`), a DOI (`10.1038/x`, `doi:...`).
 */
function identifierKey(text: string): string | null {
  if (/\s/.test(text)) return null;
  if (/^(https?:\/\/|www\.)/i.test(text) || /^[a-z0-9-]+(\.[a-z0-9-]+)+\/\S*$/i.test(text))
    return urlKey(text);
  const key = urlKey(text);
  return key && /^(arxiv|doi):/.test(key) ? key : null;
}

/**
 * "Has this been summarized?" A URL or identifier is matched against every link the entries
 * carry (their own, and the links inside their summaries, opinions, prerequisites and
 * read-mores; domain/entry-links.ts), its own link first; anything else is a title, matched
 * exactly, by its first words or its words in order, or near-identically, best first.
 */
export async function lookupEntry(
  store: Store,
  input: string,
  /**
   * Only the entries these filters allow (the public site passes publicFilters); all when
   * absent. A link or exact-title match is checked against statuses and visibleOn only.
   */
  options: { filters?: SearchFilters } = {},
): Promise<LookupMatch[]> {
  const text = input.trim();
  if (text === "") return [];
  const filters = options.filters ?? {};
  const allowedOf = async (entries: Entry[]): Promise<Entry[]> => {
    const { statuses, visibleOn } = filters;
    const shown = statuses ? entries.filter((e) => statuses.includes(e.status)) : entries;
    if (!visibleOn) return shown;
    const numbers = shown.flatMap((e) => (e.issueNumber === null ? [] : [e.issueNumber]));
    const hidden = await issuesDatedAfter(store.db, numbers, visibleOn);
    return shown.filter((e) => e.issueNumber === null || !hidden.has(e.issueNumber));
  };
  const key = identifierKey(text);
  if (key) {
    const links = await findLinkedEntries(store.db, key);
    const entries = await getEntriesByIds(store.db, [...new Set(links.map((l) => l.entryId))]);
    const byId = new Map((await allowedOf(entries)).map((e) => [e.id, e]));
    // An entry that is the paper comes before entries that link to it from their texts.
    const ordered = [...links.filter((l) => l.field === "url"), ...links.filter((l) => l.field !== "url")];
    const seen = new Set<number>();
    const out: LookupMatch[] = [];
    for (const l of ordered) {
      const entry = byId.get(l.entryId);
      if (!entry || seen.has(entry.id)) continue;
      seen.add(entry.id);
      out.push({ entry, how: "url", via: l.field, titleMatch: null, similarity: 1 });
    }
    return out;
  }
  const exact = await allowedOf(await findByTitleKey(store.db, titleKey(text)));
  if (exact.length)
    return exact.map((entry) => ({ entry, how: "title", via: null, titleMatch: null, similarity: 1 }));
  return titleMatches(store, text, filters);
}

async function titleMatches(store: Store, text: string, filters: SearchFilters): Promise<LookupMatch[]> {
  const words = looseTitleKey(text).split(" ").slice(0, 24);
  let candidates: Entry[];
  try {
    // Candidates: the entries with the most of these words, the title's first; every word
    // is also a prefix, so a title typed halfway still finds itself.
    const query = parseSearchQuery(words.join(" "), { openLast: true });
    const hits = await store.search.search({
      query,
      filters,
      limit: 100,
      offset: 0,
    });
    candidates = await getEntriesByIds(
      store.db,
      hits.map((h) => h.id),
    );
  } catch (err) {
    // A title with nothing searchable in it matches nothing; any other failure is a real error.
    if (err instanceof SummaError && err.code === "search.invalid_query") return [];
    throw err;
  }
  const out: LookupMatch[] = [];
  for (const entry of candidates) {
    const m = matchTitle(text, entry.title);
    if (!m) continue;
    out.push({
      entry,
      how: m.kind === "similar" ? "similar-title" : m.kind === "exact" ? "title" : "partial-title",
      via: null,
      titleMatch: m.kind === "prefix" || m.kind === "words" ? m.kind : null,
      similarity: m.quality,
    });
  }
  // Best match first; between equals, the latest issue (a re-summary supersedes).
  return out
    .sort((a, b) => b.similarity - a.similarity || (b.entry.issueNumber ?? 0) - (a.entry.issueNumber ?? 0))
    .slice(0, MAX_TITLE_MATCHES);
}
