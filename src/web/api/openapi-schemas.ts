import { ENTRY_STATUSES } from "../../domain/entry.ts";
import type { ErrorCode } from "../../domain/errors.ts";
import { ISSUE_FORMATS } from "../../issues/index.ts";
import { BOUNCE_SCHEMAS } from "./bounces-openapi.ts";
import {
  entryFieldProperties,
  entryInputProperties as entryInputPropertiesOf,
  linkFieldNames,
} from "./entry-fields-api.ts";
import { ISSUE_WRITE_SCHEMAS } from "./issue-writes-openapi.ts";

/**
 * The OpenAPI document's components: JSON Schemas (2020-12, as OpenAPI 3.1 uses) of what the
 * presenters in present.ts send and what schemas.ts accepts. Written by hand, so they read
 * as documentation; tests check responses against them.
 */

/** Every code an error body can carry: the domain's codes, and "internal" for a bug. */
export const ERROR_CODES = [
  "import.unreadable",
  "import.unknown_format",
  "import.missing_columns",
  "import.invalid_value",
  "import.fetch_failed",
  "import.too_large",
  "import.bad_encoding",
  "import.busy",
  "import.stale_preview",
  "metadata.unrecognized",
  "metadata.not_found",
  "metadata.timeout",
  "metadata.malformed",
  "metadata.too_large",
  "metadata.fetch_failed",
  "export.unknown_format",
  "export.failed",
  "search.invalid_query",
  "config.invalid",
  "config.incomplete",
  "config.missing_database",
  "store.busy",
  "taxonomy.invalid",
  "survey.invalid",
  "survey.closed",
  "source.malformed",
  "source.bad_encoding",
  "source.fetch_failed",
  "source.too_large",
  "input.invalid",
  "input.malformed",
  "auth.required",
  "auth.invalid_credentials",
  "auth.rate_limited",
  "download.rate_limited",
  "auth.forbidden",
  "auth.csrf",
  "conflict",
  "entry.conflict",
  "review.invalid_transition",
  "not_found",
  "server.busy",
  "internal",
] as const satisfies readonly (ErrorCode | "internal")[];

// Fails to compile when a code is added to ErrorCode but not documented above.
type Undocumented = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const everyCodeDocumented: [Undocumented] extends [never] ? true : Undocumented = true;
void everyCodeDocumented;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string) => ({ type: "string", ...(description ? { description } : {}) });
const markdown = (description: string) => ({ type: "string", description: `Markdown. ${description}` });
const nullable = (type: string, description: string) => ({ type: [type, "null"], description });

function object(properties: Record<string, unknown>, description?: string) {
  return {
    type: "object",
    ...(description ? { description } : {}),
    required: Object.keys(properties),
    properties,
  };
}

/** An entry as sent: its fields from the field table (entry-fields-api.ts), and what the store adds. */
const entryProperties = {
  id: { type: "integer" },
  ...entryFieldProperties(),
  status: {
    type: "string",
    enum: [...ENTRY_STATUSES],
    description: "Public endpoints return published entries only; writes may return drafts.",
  },
  version: {
    type: "integer",
    description: "Counts saves; send it back with a change (PATCH) to refuse a stale one.",
  },
  links: object({ self: str() }),
};

const page = (item: string, description: string) =>
  object(
    {
      total: { type: "integer", description: "How many match in all." },
      limit: { type: "integer" },
      offset: { type: "integer" },
      results: { type: "array", items: ref(item) },
    },
    description,
  );

const issueSummaryProperties = {
  number: { type: "integer" },
  label: str('"AN #53"'),
  subject: str(),
  date: nullable("string", "ISO date (YYYY-MM-DD), when known."),
  url: str("Where the issue was published."),
  entryCount: { type: "integer" },
  links: object({
    self: str(),
    render: object(Object.fromEntries(ISSUE_FORMATS.map((f) => [f, str()]))),
  }),
};

/** Body fields of POST and PATCH /entries; all optional (PATCH changes only those given). */
const entryInputProperties = entryInputPropertiesOf();

export const SCHEMAS = {
  ErrorCode: { type: "string", enum: [...ERROR_CODES] },
  Error: object(
    {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: ref("ErrorCode"),
          message: str("What went wrong, for a person."),
          parameter: str("The query or path parameter at fault (400)."),
          fields: {
            type: "object",
            additionalProperties: { type: "string" },
            description: "Each invalid body field and its problem (422).",
          },
        },
        additionalProperties: true,
      },
    },
    "Every failure under /api has this shape; branch on code, which is stable.",
  ),
  Entry: object(entryProperties, "One summary (or linked item) of the newsletter's database."),
  EntryHit: object(
    {
      ...entryProperties,
      score: nullable("number", "Relevance (higher is better, within one list); null without q."),
    },
    "An entry in search results.",
  ),
  EntryPage: page("EntryHit", "Ranked by relevance with q; else newest issue first."),
  Similar: object({
    similar: { type: "array", items: ref("Entry") },
  }),
  Lookup: object({
    query: str(),
    matches: {
      type: "array",
      items: object({
        how: { type: "string", enum: ["url", "title", "partial-title", "similar-title"] },
        via: {
          type: ["string", "null"],
          enum: [...linkFieldNames(), null],
          description: "For a link: the entry's own URL, or the text that links to it.",
        },
        titleMatch: {
          type: ["string", "null"],
          enum: ["prefix", "words", null],
          description: "For a partial title: its first words, or its words in order.",
        },
        explanation: str(),
        similarity: {
          type: "number",
          description: "Match quality: 1 for the same link or title; a partial or near-identical title less.",
        },
        entry: ref("Entry"),
      }),
    },
  }),
  IssueSummary: object(issueSummaryProperties, "A published issue."),
  IssuePage: page("IssueSummary", "Newest first."),
  Issue: object(
    {
      ...issueSummaryProperties,
      intro: markdown("Before the highlights."),
      highlights: { type: "array", items: ref("Entry") },
      sections: {
        type: "array",
        items: object({
          name: str(),
          categories: {
            type: "array",
            items: object({ name: str(), entries: { type: "array", items: ref("Entry") } }),
          },
        }),
      },
    },
    "An issue laid out as sent: highlights first, then sections and their categories in order.",
  ),
  Taxonomy: object({
    sections: {
      type: "array",
      items: object({ name: str(), categories: { type: "array", items: str() } }),
    },
  }),
  EntryInput: {
    type: "object",
    additionalProperties: false,
    properties: entryInputProperties,
  },
  ...BOUNCE_SCHEMAS,
  ...ISSUE_WRITE_SCHEMAS,
};
