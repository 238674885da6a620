import { MAX_WEBHOOK_EVENTS } from "./bounces.ts";

/**
 * The OpenAPI description of the bounce webhook (POST /bounces), spread into openapi.ts
 * (path and security scheme) and openapi-schemas.ts (schemas), so the webhook's documentation
 * sits beside its route.
 */

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ content: { "application/json": { schema: schemaRef(name) } } });
const failure = (name: string) => ({ $ref: `#/components/responses/${name}` });

const count = (description: string) => ({ type: "integer", minimum: 0, description });

const eventSchema = {
  type: "object",
  description:
    "One bounce or complaint. Fields not listed are ignored. The same event sent twice counts once: the same `id` for the same address, or without an id the same address, type, detail, timestamp and messageId.",
  required: ["type", "email", "timestamp"],
  properties: {
    type: { type: "string", enum: ["bounce", "complaint"] },
    bounceType: {
      type: "string",
      enum: ["hard", "soft"],
      description:
        "Required for a bounce. hard: permanent (the address suppressed at once); soft: temporary (suppressed after 3 in a row).",
    },
    email: { type: "string", description: "The recipient that bounced or complained." },
    id: { type: ["string", "integer"], description: "The provider's event id (strongly advised)." },
    timestamp: {
      type: "string",
      format: "date-time",
      description: "When it happened: ISO 8601 with Z or an offset.",
    },
    detail: {
      type: "string",
      description: "The provider's reason, e.g. the SMTP reply; at most 2000 characters.",
    },
    messageId: {
      type: "string",
      description:
        "Message-ID of the message that bounced, as Summa sent it: ties a soft bounce to its delivery.",
    },
  },
};

/** Schemas for openapi-schemas.ts. */
export const BOUNCE_SCHEMAS = {
  BounceEvent: eventSchema,
  BounceWebhook: {
    oneOf: [
      {
        type: "object",
        required: ["events"],
        properties: {
          events: {
            type: "array",
            minItems: 1,
            maxItems: MAX_WEBHOOK_EVENTS,
            items: schemaRef("BounceEvent"),
          },
        },
      },
      schemaRef("BounceEvent"),
    ],
    description: `A batch of up to ${MAX_WEBHOOK_EVENTS} events, or one event on its own.`,
  },
  BounceCounts: {
    type: "object",
    description: "What the events did (received = applied + duplicates + unknown).",
    required: ["received", "applied", "suppressed", "duplicates", "unknown"],
    properties: {
      received: count("Events in the request."),
      applied: count("New events for subscribers, counted by the policy."),
      suppressed: count("Subscribers these events suppressed (not those suppressed before)."),
      duplicates: count("Events already received: ignored."),
      unknown: count("New events for addresses that are not subscribers: recorded, nothing else."),
    },
  },
};

/** The webhook's security scheme, for components.securitySchemes. */
export const WEBHOOK_SECURITY_SCHEME = {
  type: "http",
  scheme: "bearer",
  description:
    "The installation's webhook secret (`summa bounces webhook-secret`), sent as Authorization: Bearer <secret>.",
};

/** The path, for openapi.ts. */
export const BOUNCE_PATHS = {
  "/bounces": {
    post: {
      operationId: "receiveBounces",
      summary: "Bounce and complaint webhook",
      description:
        "For an email service provider (directly, or through a relay that maps its payload to this shape). A hard bounce or a complaint suppresses the address; three soft bounces in a row do too, a successful delivery in between resetting the count. Events for addresses that are not subscribers are recorded only. All events of a request are applied in one transaction.",
      security: [{ webhookSecret: [] }],
      requestBody: { required: true, ...json("BounceWebhook") },
      responses: {
        200: { description: "Applied.", ...json("BounceCounts") },
        400: failure("BadRequest"),
        401: failure("Unauthorized"),
        413: failure("TooLarge"),
      },
    },
  },
};
