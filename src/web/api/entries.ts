import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  browsePublicEntries,
  getPublicEntry,
  lookupPublicEntries,
  searchPublicEntries,
  similarPublicEntries,
} from "../../archive/index.ts";
import { SummaError } from "../../domain/errors.ts";
import { createEntry, reviseEntry } from "../../entries/index.ts";
import type { SearchFilters } from "../../store/index.ts";
import type { AppEnv } from "../env.ts";
import { bearerUser } from "./auth.ts";
import { presentEntry, presentError, presentHit, presentLookup, presentPage } from "./present.ts";
import { BadRequest, parseJsonBody, parseParam, parseQuery, presentContextFor } from "./request.ts";
import { entriesQuery, entryBody, entryIdParam, lookupQuery } from "./schemas.ts";

/** An entry is text; a megabyte is far more than the longest summary in AN. */
export const MAX_BODY_BYTES = 1024 * 1024;

const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) =>
    c.json(presentError("input.invalid", `The body is larger than ${MAX_BODY_BYTES} bytes`), 413),
});

/**
 * The version an If-Match header names ("3", W/"3" or 3); undefined when absent. Anything else
 * is a 400: a client that meant to guard its change must not have it applied unguarded.
 */
function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new BadRequest('If-Match: must be an entry version such as "3"', { parameter: "If-Match" });
  return Number(m[1]);
}

/** /entries (search, read, write) and /lookup ("has this been summarized?"). */
export function entryRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/entries", async (c) => {
    const q = parseQuery(c, entriesQuery);
    const filters: SearchFilters = {
      ...(q.category ? { categories: q.category } : {}),
      section: q.section,
      summarizer: q.summarizer,
      author: q.author,
      venue: q.venue,
      yearFrom: q.yearFrom,
      yearTo: q.yearTo,
      issueFrom: q.issueFrom,
      issueTo: q.issueTo,
      highlightsOnly: q.highlights,
    };
    const page = { limit: q.limit, offset: q.offset };
    const ctx = await presentContextFor(c);
    const text = q.q?.trim() ?? "";
    if (text === "") {
      // Nothing to search for: browse by issue, newest first, with the same filters.
      const { entries, total } = await browsePublicEntries(c.var.store, { filters, ...page });
      const results = entries.map((e) => presentHit(ctx, e, null));
      return c.json(presentPage(total, page.limit, page.offset, results));
    }
    const found = await searchPublicEntries(c.var.store, text, { ...page, filters }).catch((err: unknown) => {
      // Text with nothing searchable in it ("***") is a bad parameter, said as such.
      if (err instanceof SummaError && err.code === "search.invalid_query")
        throw new BadRequest(`q: ${err.message}`, { parameter: "q" });
      throw err;
    });
    const results = found.results.map((r) => presentHit(ctx, r.entry, r.score));
    return c.json(presentPage(found.total ?? results.length, page.limit, page.offset, results));
  });

  app.get("/entries/:id", async (c) => {
    const id = parseParam(c, "id", entryIdParam);
    // A draft is answered like a missing entry, so its existence does not leak either.
    const entry = await getPublicEntry(c.var.store, id);
    return c.json(presentEntry(await presentContextFor(c), entry));
  });

  app.get("/entries/:id/similar", async (c) => {
    const id = parseParam(c, "id", entryIdParam);
    const similar = await similarPublicEntries(c.var.store, id);
    const ctx = await presentContextFor(c);
    return c.json({ similar: similar.map((e) => presentEntry(ctx, e)) });
  });

  app.get("/lookup", async (c) => {
    const { u } = parseQuery(c, lookupQuery);
    const matches = await lookupPublicEntries(c.var.store, u);
    return c.json(presentLookup(await presentContextFor(c), u, matches));
  });

  app.post("/entries", limitBody, async (c) => {
    // Who is asking comes first: a stranger learns nothing from validation messages.
    const user = await bearerUser(c);
    const input = await parseJsonBody(c, entryBody);
    const entry = await createEntry(c.var.store, user, input);
    const json = presentEntry(await presentContextFor(c), entry);
    c.header("Location", json.links.self);
    return c.json(json, 201);
  });

  app.patch("/entries/:id", limitBody, async (c) => {
    const user = await bearerUser(c);
    const id = parseParam(c, "id", entryIdParam);
    const input = await parseJsonBody(c, entryBody);
    const version = input.version ?? ifMatchVersion(c.req.header("If-Match"));
    const entry = await reviseEntry(c.var.store, user, id, { ...input, ...(version ? { version } : {}) });
    c.header("ETag", `"${entry.version ?? 1}"`);
    return c.json(presentEntry(await presentContextFor(c), entry));
  });

  return app;
}
