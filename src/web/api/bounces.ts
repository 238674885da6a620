import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as z from "zod";
import { isWebhookSecret, receiveWebhookEvents, type WebhookEvent } from "../../bounces/index.ts";
import { SummaError } from "../../domain/errors.ts";
import { looksLikeAddress } from "../../formats/bounces/index.ts";
import type { AppEnv } from "../env.ts";
import { presentError } from "./present.ts";
import { BadRequest, readJsonObject } from "./request.ts";

/** A webhook batch is a list of small events; a megabyte holds thousands. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** Events per request: a provider batching more sends several requests. */
export const MAX_WEBHOOK_EVENTS = 1000;

/**
 * One event of the documented shape (openapi: BounceEvent). Fields the shape does not name
 * are ignored, so a relay may pass a provider's payload through with extra fields.
 */
export const webhookEvent = z
  .object({
    type: z.enum(["bounce", "complaint"]),
    bounceType: z.enum(["hard", "soft"]).optional(),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .refine(looksLikeAddress, "must be an email address (name@example.org)"),
    id: z
      .union([z.string().trim().min(1).max(200), z.number().int()])
      .transform(String)
      .optional(),
    timestamp: z.iso.datetime({ offset: true, message: "must be an ISO 8601 time with Z or an offset" }),
    detail: z.string().max(2000).optional(),
    messageId: z.string().max(998).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.type === "bounce" && !e.bounceType)
      ctx.addIssue({
        code: "custom",
        path: ["bounceType"],
        message: 'required for a bounce: "hard" or "soft"',
      });
  });

/** The body: `{ "events": [ ... ] }`, or one event object on its own. */
export const webhookBatch = z.object({ events: z.array(webhookEvent).min(1).max(MAX_WEBHOOK_EVENTS) });

const limitBody = bodyLimit({
  maxSize: MAX_WEBHOOK_BYTES,
  onError: (c) =>
    c.json(presentError("input.invalid", `The body is larger than ${MAX_WEBHOOK_BYTES} bytes`), 413),
});

/**
 * The caller must send `Authorization: Bearer <webhook secret>`. Both failures are 401
 * auth.required (with WWW-Authenticate); the message says which, as a token's does.
 */
async function requireWebhookSecret(c: Context<AppEnv>): Promise<void> {
  const header = c.req.header("authorization") ?? "";
  const given = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1];
  if (given && (await isWebhookSecret(c.var.store, given))) return;
  throw new SummaError(
    "auth.required",
    header
      ? "The webhook secret is not right: send Authorization: Bearer <secret> (see `summa bounces webhook-secret`)"
      : "This endpoint needs the webhook secret: send Authorization: Bearer <secret> (see `summa bounces webhook-secret`)",
  );
}

/** The body as events: `{ "events": [...] }` or one event object. */
async function readEvents(c: Context<AppEnv>): Promise<WebhookEvent[]> {
  const body = await readJsonObject(c, '{ "events": [ ... ] } or one event');
  if ("events" in body) {
    const batch = webhookBatch.safeParse(body);
    if (batch.success) return batch.data.events;
    throw invalidBody(batch.error);
  }
  const single = webhookEvent.safeParse(body);
  if (single.success) return [single.data];
  throw invalidBody(single.error);
}

/** A 400 naming every field at fault, the first in the message. */
function invalidBody(error: z.ZodError): BadRequest {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.map(String).join(".") || "body"] ??= issue.message;
  const [field, problem] = Object.entries(fields)[0]!;
  return new BadRequest(`${field}: ${problem}`, { field, fields });
}

/** POST /bounces: bounce and complaint webhooks (see openapi: BounceWebhook). */
export function bounceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/bounces", limitBody, async (c) => {
    // The secret comes first: a stranger learns nothing from validation messages.
    await requireWebhookSecret(c);
    const events = await readEvents(c);
    return c.json(await receiveWebhookEvents(c.var.store, events));
  });
  return app;
}
