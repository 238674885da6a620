import { Hono } from "hono";
import { ISSUE_FORMATS } from "../../issues/index.ts";
import type { AppEnv } from "../env.ts";
import { BOUNCE_PATHS, WEBHOOK_SECURITY_SCHEME } from "./bounces-openapi.ts";
import { ISSUE_WRITE_PATHS } from "./issue-writes-openapi.ts";
import { SCHEMAS } from "./openapi-schemas.ts";
import { DEFAULT_LIMIT, MAX_LIMIT } from "./schemas.ts";

/**
 * The API's OpenAPI 3.1 document, written by hand. A test walks the routes registered under
 * /api/v1 and fails when one is missing here or one here has no route.
 */

const json = (schema: string) => ({
  content: { "application/json": { schema: { $ref: `#/components/schemas/${schema}` } } },
});
const ok = (schema: string, description: string) => ({ description, ...json(schema) });
const failure = (name: string) => ({ $ref: `#/components/responses/${name}` });
const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });

function query(name: string, description: string, schema: Record<string, unknown> = { type: "string" }) {
  return { name, in: "query", required: false, description, schema };
}

function path(name: string, description: string, schema: Record<string, unknown> = { type: "integer" }) {
  return { name, in: "path", required: true, description, schema };
}

const PUBLIC = "Public: published data only; answers carry Access-Control-Allow-Origin: *.";
const WRITE = "Needs an API token (`summa token add EMAIL`). No CORS: for scripts and servers.";
const entryId = path("id", "The entry's id.", { type: "integer", minimum: 1 });
const issueNumber = path("number", "The issue's number (53 for AN #53).", { type: "integer", minimum: 0 });

const paths = {
  "/entries": {
    get: {
      operationId: "searchEntries",
      summary: "Search the database, or browse it with filters",
      description: `${PUBLIC} With q: ranked full-text search (words, "a phrase", prefix*, a OR b, -excluded). Without q: newest issue first.`,
      parameters: [
        query("q", "Search text. Empty: no ranking, entries by issue."),
        {
          ...query("category", "A category (subsection); repeat for any of several.", {
            type: "array",
            items: { type: "string" },
          }),
          style: "form",
          explode: true,
        },
        query("section", "A top-level section: entries in any of its categories."),
        query("summarizer", 'A summarizer as credited ("Rohin"); joint credit counts for each.'),
        query("author", "Part of an author's name, case-insensitive."),
        query("venue", "Part of the venue, case-insensitive."),
        query("yearFrom", "Published in or after.", { type: "integer" }),
        query("yearTo", "Published in or before.", { type: "integer" }),
        query("issueFrom", "In this issue or later.", { type: "integer", minimum: 0 }),
        query("issueTo", "In this issue or earlier.", { type: "integer", minimum: 0 }),
        query("highlights", "Only the issues' highlights.", { type: "boolean" }),
        param("limit"),
        param("offset"),
      ],
      responses: { 200: ok("EntryPage", "A page of entries."), 400: failure("BadRequest") },
    },
    post: {
      operationId: "createEntry",
      summary: "Write a new entry (a draft, or ready)",
      description: `${WRITE} Summarizers are credited by default.`,
      security: [{ bearer: [] }],
      requestBody: { required: true, ...json("EntryInput") },
      responses: {
        201: {
          ...ok("Entry", "Created; Location names it."),
          headers: { Location: { schema: { type: "string" } } },
        },
        400: failure("BadRequest"),
        401: failure("Unauthorized"),
        403: failure("Forbidden"),
        409: failure("Conflict"),
        413: failure("TooLarge"),
        422: failure("Unprocessable"),
      },
    },
  },
  "/entries/{id}": {
    get: {
      operationId: "getEntry",
      summary: "One published entry",
      description: PUBLIC,
      parameters: [entryId],
      responses: {
        200: ok("Entry", "The entry."),
        400: failure("BadRequest"),
        404: failure("NotFound"),
      },
    },
    patch: {
      operationId: "reviseEntry",
      summary: "Change an entry; only the fields given change",
      description: `${WRITE} Editors change any entry; summarizers their own, until it is in an issue.`,
      security: [{ bearer: [] }],
      parameters: [entryId],
      requestBody: { required: true, ...json("EntryInput") },
      responses: {
        200: ok("Entry", "The entry as saved."),
        400: failure("BadRequest"),
        401: failure("Unauthorized"),
        403: failure("Forbidden"),
        404: failure("NotFound"),
        409: failure("Conflict"),
        413: failure("TooLarge"),
        422: failure("Unprocessable"),
      },
    },
  },
  "/entries/{id}/similar": {
    get: {
      operationId: "similarEntries",
      summary: "The published entries nearest one by text",
      description: `${PUBLIC} Its most frequent informative words as one query, the others ranked by bm25 (tf-idf); best first, at most 5.`,
      parameters: [entryId],
      responses: {
        200: ok("Similar", "Entries, best first; empty when none share enough words."),
        400: failure("BadRequest"),
        404: failure("NotFound"),
      },
    },
  },
  "/lookup": {
    get: {
      operationId: "lookupEntry",
      summary: "Has this been summarized?",
      description: `${PUBLIC} By any link an entry carries, its own or inside its summary, opinion, prerequisites or read-more (arXiv abs/pdf/versions and bare ids, DOIs, forum posts by id; http/https, www., tracking parameters don't matter), or by title (exact, its first words, its words in order, or near-identical).`,
      parameters: [{ ...query("u", "A URL or a title."), required: true }],
      responses: { 200: ok("Lookup", "Matches, best first; empty when none."), 400: failure("BadRequest") },
    },
  },
  "/issues": {
    get: {
      operationId: "listIssues",
      summary: "Published issues, newest first",
      description: PUBLIC,
      parameters: [param("limit"), param("offset")],
      responses: { 200: ok("IssuePage", "A page of issues."), 400: failure("BadRequest") },
    },
  },
  "/issues/{number}": {
    get: {
      operationId: "getIssue",
      summary: "A published issue and its entries, laid out",
      description: PUBLIC,
      parameters: [issueNumber],
      responses: { 200: ok("Issue", "The issue."), 400: failure("BadRequest"), 404: failure("NotFound") },
    },
  },
  "/issues/{number}/render/{format}": {
    get: {
      operationId: "renderIssue",
      summary: "A published issue rendered: plain-text email, Markdown, web page, or MIME message",
      description: `${PUBLIC} The same issue always gives the same bytes.`,
      parameters: [
        issueNumber,
        path("format", "The rendering.", { type: "string", enum: [...ISSUE_FORMATS] }),
      ],
      responses: {
        200: {
          description: "The rendered issue.",
          content: {
            "text/plain": { schema: { type: "string" } },
            "text/markdown": { schema: { type: "string" } },
            "text/html": { schema: { type: "string" } },
            "message/rfc822": { schema: { type: "string" } },
          },
        },
        400: failure("BadRequest"),
        404: failure("NotFound"),
      },
    },
  },
  "/taxonomy": {
    get: {
      operationId: "getTaxonomy",
      summary: "Sections and their categories, in newsletter order",
      description: PUBLIC,
      responses: { 200: ok("Taxonomy", "The taxonomy.") },
    },
  },
  "/openapi.json": {
    get: {
      operationId: "getOpenApi",
      summary: "This document",
      description: PUBLIC,
      responses: {
        200: { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } },
      },
    },
  },
  ...BOUNCE_PATHS,
  ...ISSUE_WRITE_PATHS,
};

const errorResponse = (description: string) => ({ description, ...json("Error") });

/** The whole document, as served at /api/v1/openapi.json. */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "Summa API",
    version: "1.0.0",
    description:
      "The newsletter's database and archive as JSON: search every summary, look up a paper, read and render published issues; with a token, write entries and publish or withdraw issues. Errors are `{ error: { code, message, ... } }` with a stable code.",
  },
  servers: [{ url: "/api/v1" }],
  security: [],
  paths,
  components: {
    schemas: SCHEMAS,
    parameters: {
      limit: query("limit", `How many (1-${MAX_LIMIT}).`, {
        type: "integer",
        minimum: 1,
        maximum: MAX_LIMIT,
        default: DEFAULT_LIMIT,
      }),
      offset: query("offset", "How many to skip.", { type: "integer", minimum: 0, default: 0 }),
    },
    responses: {
      BadRequest: errorResponse(
        "input.invalid: a parameter, path or body that cannot be read (details.parameter).",
      ),
      Unauthorized: errorResponse("auth.required: no token, or not a valid one."),
      Forbidden: errorResponse("auth.forbidden: the token's user may not do this."),
      NotFound: errorResponse("not_found: no such published item."),
      Conflict: errorResponse(
        "conflict: another entry already has this title (details.field, details.entryId).",
      ),
      TooLarge: errorResponse("input.invalid: the body is over 1 MiB."),
      Unprocessable: errorResponse("input.invalid: the entry has invalid fields (details.fields)."),
    },
    securitySchemes: {
      bearer: {
        type: "http",
        scheme: "bearer",
        description: "An API token from `summa token add EMAIL`, sent as Authorization: Bearer <token>.",
      },
      webhookSecret: WEBHOOK_SECURITY_SCHEME,
    },
  },
};

/** /openapi.json */
export function openApiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/openapi.json", (c) => c.json(OPENAPI_DOCUMENT));
  return app;
}
