import { readFile, stat } from "node:fs/promises";
import { metadataClient, paperIdOf } from "../../metadata/index.ts";
import type { IncomingCandidate } from "../candidate.ts";
import { parseArxivResults } from "../sources/arxiv-api.ts";
import { parseBibliography } from "../sources/bibliography.ts";
import { decodeText } from "../sources/decode.ts";
import { sourceError } from "../sources/errors.ts";
import { parseFeed } from "../sources/feed.ts";
import { parsePage } from "../sources/page.ts";
import { type PoliteFetchOptions, politeFetcher } from "./polite-fetch.ts";
import { DEFAULT_ARXIV_QUERY_ENDPOINT } from "./source-config.ts";

export interface ReadCandidatesOptions {
  /** The User-Agent (fetchSources' sourcesUserAgent gives the newsletter's). */
  userAgent?: string;
  /** The arXiv API (tests point it at a local server). */
  arxivApiUrl?: string;
  /** The DOI resolver for doi.org addresses (metadata client). */
  doiResolverUrl?: string;
  /** Politeness and limits (tests: allowPrivate, a fake clock). */
  polite?: Partial<PoliteFetchOptions>;
  /** The largest file read (default 50 MB). */
  maxFileBytes?: number;
}

/**
 * What `summa inbox import FILE|URL` reads. A file is a bibliography: a Zotero CSV export,
 * BibTeX or RIS, by its extension or, failing that, its first characters. An address is one
 * item: an arXiv abs/pdf link through the arXiv API (title, authors, abstract, date,
 * category), a DOI through the metadata client, any other page by its citation_* and Open Graph
 * tags; an address that answers a feed gives the feed's items, one that answers a .bib or
 * .ris file its records.
 */
export async function readCandidatesFrom(
  fileOrUrl: string,
  options: ReadCandidatesOptions = {},
): Promise<IncomingCandidate[]> {
  if (/^https?:\/\//i.test(fileOrUrl.trim())) return readUrl(fileOrUrl.trim(), options);
  return readBibliographyFile(fileOrUrl, options.maxFileBytes ?? 50 * 1024 * 1024);
}

async function readBibliographyFile(path: string, maxBytes: number): Promise<IncomingCandidate[]> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw sourceError(
      "source.malformed",
      path,
      `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  if (size > maxBytes)
    throw sourceError("source.too_large", path, `the file is larger than ${maxBytes} bytes`);
  return readBibliographyBytes(path, await readFile(path));
}

/**
 * A bibliography already in memory (an upload on the desk): read as a file of that name is,
 * with no temporary file. A file has no Content-Type: its byte-order mark or declaration,
 * else UTF-8 (strictly).
 */
export function readBibliographyBytes(name: string, bytes: Uint8Array): Promise<IncomingCandidate[]> {
  return parseBibliography(name, decodeText(bytes, "", name));
}

async function readUrl(url: string, options: ReadCandidatesOptions): Promise<IncomingCandidate[]> {
  const userAgent = options.userAgent ?? "Summa/0.1 (newsletter inbox import)";
  const fetcher = politeFetcher({ userAgent, ...options.polite });
  const id = paperIdOf(url);
  if (id?.kind === "arxiv") {
    const api = options.arxivApiUrl ?? DEFAULT_ARXIV_QUERY_ENDPOINT;
    const got = await fetcher.fetch({
      url: `${api}?id_list=${encodeURIComponent(id.id)}&max_results=1`,
      source: url,
      accept: "application/atom+xml",
    });
    if (got.notModified) return [];
    const page = parseArxivResults(got.text, url);
    if (!page.candidates.length) throw sourceError("source.malformed", url, `arXiv has no paper ${id.id}`);
    return page.candidates;
  }
  if (id?.kind === "doi") {
    const paper = await metadataClient({
      userAgent,
      ...(options.doiResolverUrl ? { doiResolverUrl: options.doiResolverUrl } : {}),
      ...(options.polite?.allowPrivate ? { allowPrivate: true } : {}),
    }).lookup(url);
    return [
      {
        title: paper.title,
        abstract: "",
        authors: paper.authors,
        venue: paper.venue,
        itemType: "journalArticle",
        url: paper.url || url,
        published: null,
        tags: [],
        externalId: `doi:${id.doi.toLowerCase()}`,
        hatTip: null,
      },
    ];
  }
  const got = await fetcher.fetch({
    url,
    source: url,
    accept: "text/html, application/xhtml+xml, application/xml;q=0.8, */*;q=0.5",
  });
  if (got.notModified) return [];
  const type = got.contentType.toLowerCase();
  if (/(rss|atom)\+xml|\/xml/.test(type) || /^\s*(<\?xml[^>]*>\s*)?<(rss|feed|rdf:RDF)[\s>]/.test(got.text))
    return parseFeed(got.text, url, got.url).candidates;
  if (
    /\.(bib|ris|csv)$/i.test(new URL(got.url).pathname) ||
    /x-bibtex|x-research-info-systems|text\/csv/.test(type)
  )
    return parseBibliography(new URL(got.url).pathname, got.text);
  return [parsePage(got.text, got.url)];
}
