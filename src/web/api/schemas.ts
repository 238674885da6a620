import * as z from "zod";
import { ISSUE_FORMATS } from "../../issues/index.ts";
import { entryBodySchema } from "./entry-fields-api.ts";

/**
 * What the API accepts, checked at the edge with zod: query strings, path parameters and
 * bodies. Query schemas are strict, so a misspelt filter (`?catgory=`) is refused instead of
 * silently returning everything. The OpenAPI document describes the same shapes; a test
 * compares their parameter and property names.
 */

/** Pages hold at most this many items, so no request can ask for the whole database. */
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

/** A whole number written in digits only: "1e2", "0x10" and " 7" are refused. */
function integer(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, { error: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be a whole number from ${min} to ${max}` });
}

const text = (max: number) => z.string().max(max, { error: `must be at most ${max} characters` });

const flag = z
  .enum(["true", "false", "1", "0"], { error: 'must be "true" or "false"' })
  .transform((v) => v === "true" || v === "1");

const page = {
  limit: integer(1, MAX_LIMIT).default(DEFAULT_LIMIT),
  offset: integer(0, 100_000_000).default(0),
};

/** GET /entries: search text, filters and a page. `category` may repeat. */
export const entriesQuery = z
  .strictObject({
    q: text(1000).optional(),
    category: z.array(text(200)).optional(),
    section: text(200).optional(),
    summarizer: text(200).optional(),
    author: text(200).optional(),
    venue: text(200).optional(),
    yearFrom: integer(0, 9999).optional(),
    yearTo: integer(0, 9999).optional(),
    issueFrom: integer(0, 100_000_000).optional(),
    issueTo: integer(0, 100_000_000).optional(),
    highlights: flag.optional(),
    ...page,
  })
  .refine((v) => v.yearFrom === undefined || v.yearTo === undefined || v.yearFrom <= v.yearTo, {
    error: "must not be after yearTo",
    path: ["yearFrom"],
  })
  .refine((v) => v.issueFrom === undefined || v.issueTo === undefined || v.issueFrom <= v.issueTo, {
    error: "must not be after issueTo",
    path: ["issueFrom"],
  });

/** Query parameters that may be given more than once. */
export const REPEATABLE_PARAMETERS: ReadonlySet<string> = new Set(["category"]);

/** GET /lookup?u=: a URL or a title. */
export const lookupQuery = z.strictObject({
  u: text(2000).refine((v) => v.trim() !== "", { error: "give a URL or a title" }),
});

/** GET /issues: a page. */
export const pageQuery = z.strictObject(page);

/** An entry's id in a path. */
export const entryIdParam = integer(1, 2_147_483_647);
/** An issue's number in a path. */
export const issueNumberParam = integer(0, 2_147_483_647);
/** A rendering of an issue. */
export const issueFormatParam = z.enum(ISSUE_FORMATS, {
  error: `must be one of ${ISSUE_FORMATS.join(", ")}`,
});

/** POST /entries and PATCH /entries/:id (derived from the field table: entry-fields-api.ts). */
export const entryBody = entryBodySchema();
