import type { MiddlewareHandler } from "hono";
import { hasNul, nulRefused } from "../domain/nul.ts";
import type { AppEnv } from "./env.ts";

/**
 * Refuses a NUL character (U+0000, `%00`) in the request's path, query string or form fields
 * with a 400 (input.malformed) naming the parameter, before any page or service reads it: the
 * search box, facets, lookup, login and every desk form. PostgreSQL cannot hold a NUL in text
 * (it answered 500), and no field means one. JSON bodies are checked where the API reads
 * them (api/request.ts readJsonObject); uploaded files by their importers.
 *
 * A form is checked when a route reads it (parseBody, wrapped here), not up front: routes
 * limit a body's size before reading it, and a body read here would bypass their limits.
 */
export const refuseNulInput: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = new URL(c.req.url);
  if (/%00/.test(url.pathname) || hasNul(url.pathname)) throw nulRefused("The address");
  for (const [name, value] of url.searchParams)
    if (hasNul(name) || hasNul(value))
      throw nulRefused(`Query parameter "${printable(name)}"`, { parameter: printable(name) });
  const parseBody = c.req.parseBody.bind(c.req);
  c.req.parseBody = (async (options?: Parameters<typeof parseBody>[0]) => {
    const body = await parseBody(options);
    refuseNulFields(body);
    return body;
  }) as typeof c.req.parseBody;
  await next();
};

function refuseNulFields(body: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(body))
    for (const v of Array.isArray(value) ? value : [value])
      if (hasNul(name) || (typeof v === "string" && hasNul(v)))
        throw nulRefused(`Form field "${printable(name)}"`, { field: printable(name) });
}

/** A name as a message may show it: the NUL itself written as \0. */
function printable(name: string): string {
  return name.replace(/\0/g, "\\0");
}
