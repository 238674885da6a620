import { SummaError } from "./errors.ts";

/**
 * The site's public address (newsletter.site_url): the one base every mailed link is built on,
 * so one rule decides what it may be. An absolute http(s) URL with a host, a path if the site
 * lives under one, and nothing else: credentials would be mailed to every reader, and a query
 * or fragment would swallow the paths links append. Normalized without its trailing slashes,
 * so links append "/subscribe/confirm?t=..." to it.
 */
export type SiteUrlCheck = { ok: true; url: string } | { ok: false; problem: string };

/** Checks a candidate site address; never throws. */
export function checkSiteUrl(value: string): SiteUrlCheck {
  const text = value.trim();
  if (!text) return { ok: false, problem: "it is empty" };
  if (/[\s\p{Cc}]/u.test(text)) return { ok: false, problem: "it contains spaces or control characters" };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: "it is not an absolute URL (expected https://...)" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { ok: false, problem: "it must start with https:// or http://" };
  if (!url.hostname) return { ok: false, problem: "it names no host" };
  if (url.username || url.password)
    return { ok: false, problem: "it must not contain a user name or password" };
  // The raw text, not url.search: "https://x/?" parses to an empty search but is still a query.
  if (text.includes("?") || text.includes("#"))
    return { ok: false, problem: "it must not have a query (?...) or fragment (#...)" };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, "")}` };
}

/** The normalized site address, or config.invalid naming the setting, the value and the fix. */
export function parseSiteUrl(value: string, name = "newsletter.site_url"): string {
  const checked = checkSiteUrl(value);
  if (checked.ok) return checked.url;
  throw new SummaError(
    "config.invalid",
    `${name} "${value.trim()}" is not usable: ${checked.problem}. Expected the site's public address, like https://news.example.org or https://example.org/newsletter`,
    { setting: name },
  );
}

/** How an operator sets the address: the same words wherever it is missing. */
export const SET_SITE_URL_HINT = "summa settings set newsletter.site_url https://your.site.example";

/**
 * config.incomplete: something must mail a link and the site's address is not set. Links are
 * never taken from a request (its Host header is whatever the client says), so the operator
 * must say where the site is.
 */
export function siteUrlMissing(what: string): SummaError {
  return new SummaError(
    "config.incomplete",
    `${what} needs the site's public address, and newsletter.site_url is not set. The operator can set it with: ${SET_SITE_URL_HINT}`,
    { setting: "newsletter.site_url" },
  );
}
