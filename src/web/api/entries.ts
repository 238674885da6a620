import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { SummaError } from "../../domain/errors.ts";
import { createEntry, lookupEntry, reviseEntry, searchEntries, similarEntries } from "../../entries/index.ts";
import { getEntriesByIds, getEntry, type SearchFilters } from "../../store/index.ts";
import type { AppEnv } from "../env.ts";
import { bearerUser } from "./auth.ts";
import { presentEntry, presentError, presentHit, presentLookup, presentPage } from "./present.ts";
import { BadRequest, parseJsonBody, parseParam, parseQuery, presentContextFor } from "./request.ts";
import { entriesQuery, entryBody, entryIdParam, lookupQuery } from "./schemas.ts";

/** Public reads see only what readers see: entries that went out in a published issue. */
const PUBLIC: SearchFilters = { statuses: ["published"] };

/** An entry is text; a megabyte is far more than the longest summary in AN. */
export const MAX_BODY_BYTES = 1024 * 1024;

const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) =>
    c.json(presentError("input.invalid", `The body is larger than ${MAX_BODY_BYTES} bytes`), 413),
});

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
      ...PUBLIC,
    };
    const page = { limit: q.limit, offset: q.offset };
    const ctx = await presentContextFor(c);
    const text = q.q?.trim() ?? "";
    if (text === "") {
      // Nothing to search for: browse by issue, newest first, with the same filters.
      const search = c.var.store.search;
      const [ids, total] = await Promise.all([
        search.browse({ query: null, filters, order: "newest", ...page }),
        search.count({ query: null, filters }),
      ]);
      const entries = await getEntriesByIds(c.var.store.db, ids);
      const results = entries.map((e) => presentHit(ctx, e, null));
      return c.json(presentPage(total, page.limit, page.offset, results));
    }
    const found = await searchEntries(c.var.store, text, { ...page, filters, withTotal: true }).catch(
      (err: unknown) => {
        // Text with nothing searchable in it ("***") is a bad parameter, said as such.
        if (err instanceof SummaError && err.code === "search.invalid_query")
          throw new BadRequest(`q: ${err.message}`, { parameter: "q" });
        throw err;
      },
    );
    const results = found.results.map((r) => presentHit(ctx, r.entry, r.score));
    return c.json(presentPage(found.total ?? results.length, page.limit, page.offset, results));
  });

  app.get("/entries/:id", async (c) => {
    const id = parseParam(c, "id", entryIdParam);
    const entry = await getEntry(c.var.store.db, id);
    // A draft is answered like a missing entry, so its existence does not leak either.
    if (entry?.status !== "published") throw new SummaError("not_found", `There is no entry #${id}`);
    return c.json(presentEntry(await presentContextFor(c), entry));
  });

  app.get("/entries/:id/similar", async (c) => {
    const id = parseParam(c, "id", entryIdParam);
    const entry = await getEntry(c.var.store.db, id);
    if (entry?.status !== "published") throw new SummaError("not_found", `There is no entry #${id}`);
    const ctx = await presentContextFor(c);
    const similar = await similarEntries(c.var.store, entry, { statuses: ["published"] });
    return c.json({ similar: similar.map((e) => presentEntry(ctx, e)) });
  });

  app.get("/lookup", async (c) => {
    const { u } = parseQuery(c, lookupQuery);
    const matches = await lookupEntry(c.var.store, u, { statuses: ["published"] });
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
    const entry = await reviseEntry(c.var.store, user, id, input);
    return c.json(presentEntry(await presentContextFor(c), entry));
  });

  return app;
}
