/**
 * The OpenAPI description of publishing and unpublishing issues (issue-writes.ts), spread into
 * openapi.ts (paths) and openapi-schemas.ts (schemas), beside the routes it documents.
 */

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ content: { "application/json": { schema: schemaRef(name) } } });
const failure = (name: string) => ({ $ref: `#/components/responses/${name}` });
const issueNumber = {
  name: "number",
  in: "path",
  required: true,
  description: "The issue's number.",
  schema: { type: "integer", minimum: 0 },
};
const WRITE = "Needs an editor's or admin's token.";

/** Schemas for openapi-schemas.ts. */
export const ISSUE_WRITE_SCHEMAS = {
  PublishInput: {
    type: "object",
    additionalProperties: false,
    properties: {
      at: {
        type: "string",
        format: "date-time",
        description:
          "Publish at this time instead of now (ISO 8601 with Z or an offset). A future time schedules the issue: it is public, with its entries, only from then.",
      },
    },
  },
  PublishResult: {
    type: "object",
    required: ["number", "status", "date", "publishedAt", "url", "problems"],
    properties: {
      number: { type: "integer" },
      status: { type: "string", enum: ["published", "scheduled"] },
      date: { type: "string", description: "The issue's date (YYYY-MM-DD): the day it went out unless set." },
      publishedAt: { type: "string", format: "date-time" },
      url: {
        type: "string",
        description: "The issue's archive page, or empty when the site's address is not set.",
      },
      problems: {
        type: "array",
        description: "What the issue check still reports (none of it blocking).",
        items: {
          type: "object",
          required: ["severity", "kind", "message"],
          properties: {
            severity: { type: "string", enum: ["error", "warning"] },
            kind: { type: "string", description: "What kind of problem: missing_subject, email_size, ..." },
            message: { type: "string" },
            entryId: { type: "integer", description: "The entry it is about, when it is about one." },
            section: { type: "string", description: "The section it is about (an empty section)." },
          },
        },
      },
    },
  },
  UnpublishInput: {
    type: "object",
    additionalProperties: false,
    properties: {
      reason: {
        type: "string",
        maxLength: 2000,
        description:
          "Required for a published issue: its page says it was withdrawn and why. Not needed for a scheduled one, which returns to draft.",
      },
    },
  },
  UnpublishResult: {
    type: "object",
    required: ["number", "status", "withdrawnAt", "reason"],
    properties: {
      number: { type: "integer" },
      status: { type: "string", enum: ["withdrawn", "draft"] },
      withdrawnAt: { type: ["string", "null"], format: "date-time" },
      reason: { type: "string" },
    },
  },
};

const writeResponses = (ok: string, description: string) => ({
  200: { description, ...json(ok) },
  400: failure("BadRequest"),
  401: failure("Unauthorized"),
  403: failure("Forbidden"),
  404: failure("NotFound"),
  409: failure("Conflict"),
  413: failure("TooLarge"),
  422: failure("Unprocessable"),
});

/** The paths, for openapi.ts. */
export const ISSUE_WRITE_PATHS = {
  "/issues/{number}/publish": {
    post: {
      operationId: "publishIssue",
      summary: "Publish a draft (or withdrawn) issue now, or schedule it",
      description: `${WRITE} As \`summa issue publish\` and the desk: refused (409) when it is already published or scheduled, and (422) when it has no entries or a blocking problem (details.problems).`,
      security: [{ bearer: [] }],
      parameters: [issueNumber],
      requestBody: { required: true, ...json("PublishInput") },
      responses: writeResponses("PublishResult", "Published, or scheduled."),
    },
  },
  "/issues/{number}/unpublish": {
    post: {
      operationId: "unpublishIssue",
      summary: "Withdraw a published issue (with a reason), or unschedule a scheduled one",
      description: `${WRITE} Refused (409) for a draft, an issue already withdrawn, and while its send is scheduled, running or paused.`,
      security: [{ bearer: [] }],
      parameters: [issueNumber],
      requestBody: { required: true, ...json("UnpublishInput") },
      responses: writeResponses("UnpublishResult", "Withdrawn, or back to draft."),
    },
  },
};
