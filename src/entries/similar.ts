import { createHash } from "node:crypto";
import type { Entry } from "../domain/entry.ts";
import { porterStem } from "../formats/porter.ts";
import { entryPlainText } from "../formats/render/snippet.ts";
import {
  getEntriesByIds,
  type SearchFilters,
  type SearchQuery,
  type Store,
  type Term,
} from "../store/index.ts";

/**
 * "Similar summaries": the entries nearest an entry by text, the way search engines answer
 * "more like this". The entry's most frequent informative words (title counted twice, then
 * summary and opinion; common English words left out) become one query that any of them
 * matches, and the index ranks the other entries by bm25, its tf-idf: a rare shared word
 * counts far more than a common one. Answers are cached per process by entry and version,
 * so a page view costs one search the first time only.
 */

/** Words per query: enough to characterise a summary, few enough to stay fast at 1M entries. */
const QUERY_WORDS = 25;
/** Cached answers per process. */
const CACHE_SIZE = 2000;

// Words too common in English to say what a summary is about (bm25 would weigh them near zero
// anyway; leaving them out keeps the query short).
const STOPWORDS = new Set(
  (
    "a about above after again against all also am an and any are aren as at be because been before being below " +
    "between both but by can cannot could did do does doing down during each few for from further get gets got had " +
    "has have having he her here hers him his how however i if in into is isn it its itself just like make makes " +
    "many may me might more most much must my no nor not now of off on once one only or other our out over own per " +
    "rather really same she should so some such than that the their them then there these they this those through " +
    "thus to too under until up upon us use used using very via was way we well were what when where whether which " +
    "while who whom why will with within without would yet you your paper post work authors author summary opinion " +
    "think thinks seems seem also e g i.e eg ie et al"
  ).split(/\s+/),
);

/** The entry's informative words, most frequent first, one word per stem. */
export function characteristicWords(
  entry: Pick<Entry, "title" | "summary" | "opinion">,
  max = QUERY_WORDS,
): string[] {
  const text = `${entry.title} ${entry.title} ${entryPlainText(entry.summary)} ${entryPlainText(entry.opinion)}`;
  const byStem = new Map<string, { word: string; count: number; first: number }>();
  let position = 0;
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    position++;
    if (raw.length < 3 || STOPWORDS.has(raw) || /^\d+$/.test(raw)) continue;
    const stem = porterStem(raw);
    const seen = byStem.get(stem);
    if (seen) seen.count++;
    else byStem.set(stem, { word: raw, count: 1, first: position });
  }
  return [...byStem.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, max)
    .map((w) => w.word);
}

const cache = new Map<string, { ids: number[]; at: number }>();
/** How long an answer is kept: new and edited entries show in other entries' lists after this. */
const CACHE_MS = 10 * 60 * 1000;

/**
 * The entries most like `entry` by text, best first, at most `limit`, among those `filters`
 * allow (the public site passes publicFilters); never the entry itself or another entry with its title.
 */
export async function similarEntries(
  store: Store,
  entry: Entry,
  options: { limit?: number; filters?: SearchFilters } = {},
): Promise<Entry[]> {
  const limit = options.limit ?? 5;
  // The entry's own text is in the key, so an edit is a new key; other entries' edits show
  // once the answer expires.
  const key = createHash("sha1")
    .update(
      [
        store.location,
        entry.id,
        limit,
        JSON.stringify(options.filters ?? {}),
        entry.title,
        entry.summary,
        entry.opinion,
      ].join("\u0000"),
    )
    .digest("base64");
  const cached = cache.get(key);
  let ids = cached && Date.now() - cached.at < CACHE_MS ? cached.ids : undefined;
  if (!ids) {
    ids = await nearestIds(store, entry, limit, options.filters ?? {});
    cache.delete(key);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, { ids, at: Date.now() });
  }
  return getEntriesByIds(store.db, ids);
}

async function nearestIds(
  store: Store,
  entry: Entry,
  limit: number,
  filters: SearchFilters,
): Promise<number[]> {
  const words = characteristicWords(entry);
  if (words.length === 0) return [];
  // One group of alternatives: an entry matches with any word, and bm25 sums what it shares.
  const group: Term[] = words.map((w) => ({ words: [w], prefix: false, text: w }));
  const query: SearchQuery = { must: [group], not: [], truncated: false };
  const hits = await store.search.search({
    query,
    filters,
    limit: limit + 5,
    offset: 0,
  });
  const candidates = await getEntriesByIds(
    store.db,
    hits.map((h) => h.id),
  );
  const title = entry.title.trim().toLowerCase();
  return candidates
    .filter((e) => e.id !== entry.id && e.title.trim().toLowerCase() !== title)
    .slice(0, limit)
    .map((e) => e.id);
}
