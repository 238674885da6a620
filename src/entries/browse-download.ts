import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import type { Entry } from "../domain/entry.ts";
import { FIELD_SPECS } from "../domain/entry-fields.ts";
import { safeHref } from "../formats/render/html-escape.ts";
import { getEntriesByIds, readNewsletterSettings, type Store } from "../store/index.ts";
import type { BrowseParams } from "./browse.ts";
import { type BrowseSort, effectiveSort, parseReaderQuery, resultIds } from "./browse.ts";
import { type ExportFormat, writeEntries } from "./export.ts";
import { publicFilters } from "./public.ts";

/**
 * The most rows one download holds: the whole AN database (1,958) fits, and a request can
 * neither hold a large database in memory nor keep a worker busy for long.
 */
export const DOWNLOAD_LIMIT = 5000;

export type DownloadFormat = Extract<ExportFormat, "csv" | "xlsx" | "bibtex">;

export interface Download {
  body: Uint8Array<ArrayBuffer>;
  /** Rows in the file. */
  count: number;
  /** Rows the search found; more than `count` when the download was capped. */
  total: number;
  capped: boolean;
  /** Whether the file was one built before for the same contents (not built again). */
  reused: boolean;
}

/** Ids are loaded this many at a time, well under every dialect's parameter limit. */
const ID_BATCH = 1000;

/**
 * Links as the public pages show them: only http(s) and mailto. A `javascript:` URL stays out
 * of the files too, where a spreadsheet would make it a clickable cell. Text is data and is
 * written as it is: the files are attachments, never pages.
 */
function withSafeLinks(e: Entry): Entry {
  const out = { ...e } as Entry & Record<string, unknown>;
  for (const f of URL_FIELDS) out[f] = safeHref(String(out[f] ?? "")) ?? "";
  return out;
}

/** Every address field of the field table (a new one is made safe too). */
const URL_FIELDS = FIELD_SPECS.filter((f) => f.kind === "url").map((f) => f.name);

async function* entriesInOrder(store: Store, ids: number[]): AsyncIterable<Entry> {
  for (let i = 0; i < ids.length; i += ID_BATCH)
    for (const e of await getEntriesByIds(store.db, ids.slice(i, i + ID_BATCH))) yield withSafeLinks(e);
}

/**
 * The current result set of the public database (same query, filters and order as the page,
 * published entries only) as a file, at most DOWNLOAD_LIMIT rows. Built in memory: a capped
 * download is a few megabytes, and a failure then becomes an error page, not a cut file.
 * Throws search.invalid_query when the query has nothing to search.
 */
export async function downloadPublished(
  store: Store,
  params: Pick<BrowseParams, "q" | "filters" | "sort">,
  format: DownloadFormat,
  limit = DOWNLOAD_LIMIT,
): Promise<Download> {
  const { query } = await parseReaderQuery(store, params.q);
  const filters = publicFilters(params.filters);
  const sort: BrowseSort = effectiveSort(params.sort, query);
  const [total, ids] = await Promise.all([
    store.search.count({ query, filters }),
    resultIds(store, query, filters, sort, limit, 0),
  ]);
  const entries: Entry[] = [];
  for await (const e of entriesInOrder(store, ids)) entries.push(e);
  // The file is a function of what it holds (and, for BibTeX, the newsletter's name): a digest
  // of those finds a file built before, so readers downloading the same database in a loop
  // cost a query and a hash each, not a second of building. Never stale: any change to an
  // entry, or to which entries match, is a different digest.
  const key = createHash("sha256")
    .update(`${format}\0${(await readNewsletterSettings(store.db)).name}\0`)
    .update(JSON.stringify(entries))
    .digest("base64");
  const files = builtFiles(store);
  let built = files.get(key);
  const reused = built !== undefined;
  if (built) files.delete(key);
  else built = await buildFile(store, format, entries);
  files.set(key, built);
  for (const old of files.keys()) if (files.size > RECENT_FILES) files.delete(old);
  return { ...built, total, capped: total > built.count, reused };
}

/** How many built files each store keeps (the most recently asked for): a few megabytes each. */
const RECENT_FILES = 4;
const recent = new WeakMap<Store, Map<string, { body: Uint8Array<ArrayBuffer>; count: number }>>();

function builtFiles(store: Store) {
  const files = recent.get(store) ?? new Map();
  recent.set(store, files);
  return files;
}

async function buildFile(
  store: Store,
  format: DownloadFormat,
  entries: Entry[],
): Promise<{ body: Uint8Array<ArrayBuffer>; count: number }> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const count = await writeEntries(store, sink, format, entries);
  // A copy on a plain ArrayBuffer (Buffer's may be pooled), as Response bodies want.
  return { body: Uint8Array.from(Buffer.concat(chunks)), count };
}
