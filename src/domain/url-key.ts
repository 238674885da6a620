import { keyFits } from "./keys.ts";

/**
 * A canonical form of a URL for "has this been summarized?": the same paper reached by
 * http or https, with or without `www.`, a trailing slash, tracking parameters or a
 * fragment is one key. Identifiers collapse too:
 *   arXiv      abs/pdf/html links, versions, bare ids, `arXiv:` prefixes -> `arxiv:ID`
 *   DOI        doi.org / dx.doi.org links, `doi:` prefixes, bare 10.x/y  -> `doi:10.x/y`
 *   forums     LessWrong, the Alignment Forum and GreaterWrong share post ids: a post with
 *              or without its slug, in a sequence (/s/SEQ/p/ID) or not    -> `lw-post:ID`
 *              (a link to one of its comments is the post);
 *              the EA Forum (and ea.greaterwrong.com)                     -> `ea-post:ID`
 * Returns null when the text is neither such an identifier nor a usable http(s) URL, or when
 * its key is too long for an index row (keys.ts KEY_MAX_BYTES: no paper's address is that long,
 * and PostgreSQL would refuse to store it).
 */
import { trimEndChars } from "./text.ts";

const TRACKING_PARAMS =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ref|ref_src|source|s|si|igshid|_hsenc|_hsmi)$/i;

export function urlKey(input: string): string | null {
  const key = canonicalKey(input);
  return key !== null && keyFits(key) ? key : null;
}

function canonicalKey(input: string): string | null {
  const text = input.trim();
  if (text === "") return null;
  const arxiv = arxivId(text);
  if (arxiv) return `arxiv:${arxiv}`;
  const doi = doiOf(text);
  if (doi) return `doi:${doi}`;
  let url: URL;
  try {
    // "example.org:8080/x" is a host and port, not a scheme: only "scheme://" or a known
    // scheme without slashes (mailto:, data:, ...) counts as one.
    const hasScheme =
      /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^(mailto|data|javascript|tel|urn|about):/i.test(text);
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const port = url.port ? `:${url.port}` : "";
  const host = url.hostname
    .toLowerCase()
    .replace(/^www\./, "")
    .replace(/^m\./, "");
  const post = forumPost(host, url.pathname);
  if (post) return post;
  const params = [...url.searchParams.entries()]
    .filter(([k]) => !TRACKING_PARAMS.test(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : "";
  let path = trimEndChars(url.pathname, "/");
  if (/\/index\.html?$/i.test(path)) path = path.replace(/\/index\.html?$/i, "");
  return `${host}${port}${path}${query}`;
}

/** `1903.10396` from arxiv.org/abs/1903.10396v2, /pdf/1903.10396v2(.pdf), old-style `cs/0112017`. */
export function arxivId(text: string): string | null {
  const m =
    /(?:^|\/\/|\.)(?:export\.)?arxiv\.org\/(?:abs|pdf|html|format)\/([a-z-]+(?:\.[a-z]{2})?\/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?\/?(?:[?#].*)?$/i.exec(
      text,
    );
  if (m) return m[1]!.toLowerCase();
  const bare = /^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$/i.exec(text.trim());
  return bare ? bare[1]! : null;
}

/**
 * A DOI (lowercased: DOIs are case-insensitive) from a doi.org link, `doi:10.x/y` or a bare
 * `10.x/y`; null for anything else.
 */
export function doiOf(text: string): string | null {
  let decoded = text;
  try {
    // doi.org links often escape the slash ("10.1038%2Fnature14236").
    decoded = decodeURIComponent(text);
  } catch {
    // Not percent-encoded after all: read it as typed.
  }
  const m =
    /^(?:https?:\/\/)?(?:dx\.)?doi\.org\/(10\.\d{4,9}\/\S+)$/i.exec(decoded) ??
    /^(?:doi:\s*)?(10\.\d{4,9}\/\S+)$/i.exec(decoded);
  return m ? trimEndChars(m[1]!, ".,;)]").toLowerCase() : null;
}

/** Hosts whose posts are one ForumMagnum database, and so share post ids. */
const LW_HOSTS = new Set(["lesswrong.com", "alignmentforum.org", "greaterwrong.com", "lesserwrong.com"]);
const EA_HOSTS = new Set(["forum.effectivealtruism.org", "ea.greaterwrong.com"]);

/** A forum post's key from its host and path (`/posts/ID[/slug]`, `/s/SEQ/p/ID`), or null. */
function forumPost(host: string, path: string): string | null {
  const site = LW_HOSTS.has(host) ? "lw-post" : EA_HOSTS.has(host) ? "ea-post" : null;
  if (!site) return null;
  // Ids are 17 characters; posts from LessWrong 1.0 kept their 24-digit hex ids.
  const m = /^\/(?:posts|(?:s|sequences)\/[A-Za-z0-9]+\/p)\/([A-Za-z0-9]{17}|[0-9a-f]{24})(?:\/[^/]*)?$/.exec(
    trimEndChars(path, "/"),
  );
  return m ? `${site}:${m[1]}` : null;
}
