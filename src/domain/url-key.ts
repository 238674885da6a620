/**
 * A canonical form of a URL for "has this been summarized?": the same paper reached by
 * http or https, with or without `www.`, a trailing slash, tracking parameters or a
 * fragment is one key. arXiv abs/pdf links and versions collapse to `arxiv:ID`.
 * Returns null when the text is not a usable http(s) URL.
 */
const TRACKING_PARAMS =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ref|ref_src|source|s|si|igshid|_hsenc|_hsmi)$/i;

export function urlKey(input: string): string | null {
  const text = input.trim();
  if (text === "") return null;
  const arxiv = arxivId(text);
  if (arxiv) return `arxiv:${arxiv}`;
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
  const params = [...url.searchParams.entries()]
    .filter(([k]) => !TRACKING_PARAMS.test(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : "";
  let path = url.pathname.replace(/\/+$/, "");
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
