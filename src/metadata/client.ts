import { SummaError } from "../domain/errors.ts";
import {
  MetadataFormatError,
  type PaperMetadata,
  parseArxivAtom,
  parseCslJson,
} from "../formats/metadata/index.ts";
import { paperIdOf } from "./identifier.ts";
import { fetchText, type SafeFetchOptions } from "./safe-fetch.ts";

export interface MetadataClientOptions extends Partial<Omit<SafeFetchOptions, "accept">> {
  /** The arXiv API's query endpoint (tests point it at a local server). */
  arxivApiUrl?: string;
  /** The DOI resolver that answers content negotiation. */
  doiResolverUrl?: string;
}

export const DEFAULT_ARXIV_API_URL = "https://export.arxiv.org/api/query";
export const DEFAULT_DOI_RESOLVER_URL = "https://doi.org/";

const CSL_JSON = "application/vnd.citationstyles.csl+json";

/** Fills an entry's title, authors, venue and year from an arXiv or DOI address. */
export interface MetadataClient {
  lookup(text: string): Promise<PaperMetadata>;
}

/**
 * The real client: arXiv's API (Atom) for arXiv ids, doi.org's content negotiation (CSL-JSON)
 * for DOIs. Errors are coded (metadata.*) and name the address asked for.
 */
export function metadataClient(options: MetadataClientOptions = {}): MetadataClient {
  const fetchOptions = {
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    maxRedirects: options.maxRedirects ?? 5,
    userAgent: options.userAgent ?? "Summa (newsletter database; metadata lookup)",
    allowPrivate: options.allowPrivate ?? false,
  };
  const arxivApi = options.arxivApiUrl ?? DEFAULT_ARXIV_API_URL;
  const doiResolver = options.doiResolverUrl ?? DEFAULT_DOI_RESOLVER_URL;
  return {
    async lookup(text) {
      const id = paperIdOf(text);
      if (!id)
        throw new SummaError(
          "metadata.unrecognized",
          `${text.trim() || "(empty)"}: not an arXiv or DOI address; only those can fill the fields`,
        );
      if (id.kind === "arxiv") {
        const url = `${arxivApi}?id_list=${encodeURIComponent(id.id)}&max_results=1`;
        const got = await fetchText(url, { ...fetchOptions, accept: "application/atom+xml" });
        expect(got, url, /xml/i, "an Atom feed");
        return parsed(url, () => parseArxivAtom(got.text, id.id));
      }
      const url = `${doiResolver.replace(/\/?$/, "/")}${id.doi.split("/").map(encodeURIComponent).join("/")}`;
      const got = await fetchText(url, { ...fetchOptions, accept: CSL_JSON });
      expect(got, url, /json/i, "CSL-JSON");
      return parsed(url, () => parseCslJson(got.text, id.doi));
    },
  };
}

/** A status and a media type that can hold what was asked for (a 404, or an HTML page, cannot). */
function expect(
  got: { status: number; contentType: string; text: string },
  url: string,
  type: RegExp,
  what: string,
) {
  if (got.status === 404 || got.status === 410)
    throw new SummaError("metadata.not_found", `${url}: not found (${got.status})`, { url });
  if (got.status < 200 || got.status >= 300)
    throw new SummaError("metadata.fetch_failed", `${url}: the server answered ${got.status}`, { url });
  if (/html/i.test(got.contentType) || /^\s*<!doctype html|^\s*<html/i.test(got.text))
    throw new SummaError("metadata.malformed", `${url}: answered an HTML page, not ${what}`, { url });
  if (got.contentType && !type.test(got.contentType))
    throw new SummaError("metadata.malformed", `${url}: answered ${got.contentType}, not ${what}`, { url });
}

function parsed(url: string, parse: () => PaperMetadata): PaperMetadata {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof MetadataFormatError)) throw err;
    const code = err.kind === "not_found" ? "metadata.not_found" : "metadata.malformed";
    throw new SummaError(code, `${url}: ${err.message}`, { url });
  }
}
