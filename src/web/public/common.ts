import type { Context } from "hono";
import { SummaError } from "../../domain/errors.ts";
import type { AppEnv } from "../env.ts";

/** The largest id or issue number the databases store (a 32-bit integer column). */
const MAX_ID = 2_147_483_647;

/**
 * An issue number or entry id from a URL. Anything else (zero, leading zeros, too large for
 * the column) is "no such page" rather than a database error.
 */
export function routeNumber(value: string | undefined, what: string): number {
  const n = /^[1-9]\d{0,9}$/.test(value ?? "") ? Number(value) : Number.NaN;
  if (!(n <= MAX_ID)) throw new SummaError("not_found", `There is no ${what} ${value ?? ""}`.trim());
  return n;
}

/**
 * The site's public address with no trailing slash: newsletter.site_url when set, else the
 * origin this request came to (right unless a proxy rewrites the host: then set site_url).
 */
export function siteBase(c: Context<AppEnv>): string {
  return c.var.site.baseUrl || new URL(c.req.url).origin;
}

/** A title as plain text (the rule is the domain's, so lists and subject lines agree). */
export { plainTitle } from "../../domain/issue-subject.ts";
