/**
 * The one rule for addresses, wherever they come in (desk, API, every importer) and wherever
 * they go out (HTML, Markdown, text, email):
 *   - a link inside a text may go to http, https or mailto, nothing else (no javascript:,
 *     data:, vbscript:, file:, no scheme-less or relative address a reader's client resolves
 *     somewhere else);
 *   - an entry's own address fields (the paper, the venue, the issue, prerequisites, read more)
 *     are web addresses: http or https, with no spaces.
 * Renderers drop a link that fails the rule and keep its text, as the HTML renderer always has.
 */
export const LINK_SCHEMES = ["http", "https", "mailto"] as const;

const LINK = /^(https?|mailto):/i;
const WEB_ADDRESS = /^https?:\/\/[^\s]+$/i;

/**
 * Whether a link may be followed. Browsers ignore leading spaces and control characters and
 * tabs or newlines anywhere in a scheme ("java\tscript:"), so the scheme is read after removing
 * them; anything else that is not one of LINK_SCHEMES, spelled out, fails.
 */
export function isSafeLink(url: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what browsers skip
  return LINK.test(url.replace(/^[\u0000-\u0020]+/, "").replace(/[\t\n\r]/g, ""));
}

/** Whether a value of an address field is a web address (http or https, no spaces). */
export function isWebAddress(url: string): boolean {
  return WEB_ADDRESS.test(url);
}
