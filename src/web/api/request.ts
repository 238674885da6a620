import type { Context } from "hono";
import type * as z from "zod";
import { SummaError } from "../../domain/errors.ts";
import { hasNul, nulRefused } from "../../domain/nul.ts";
import { loadTaxonomy } from "../../issues/index.ts";
import type { AppEnv } from "../env.ts";
import type { PresentContext } from "./present.ts";
import { REPEATABLE_PARAMETERS } from "./schemas.ts";

/**
 * A request the API cannot read at all (a bad query parameter, a path that is not a number,
 * a body that is not JSON): 400, where input.invalid from a service (a well-formed entry
 * with wrong values) is 422. The code is the same, so clients branch on one code.
 */
export class BadRequest extends SummaError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("input.invalid", message, details);
  }
}

/** The parameter a zod issue is about, and a message that names it. */
function describe(issue: z.core.$ZodIssue): { name: string; message: string } {
  if (issue.code === "unrecognized_keys") {
    const name = issue.keys[0] ?? "";
    return { name, message: `Unknown parameter "${name}"` };
  }
  const name = issue.path.map(String).join(".");
  return { name, message: `${name}: ${issue.message}` };
}

/**
 * Reads the query string against a strict schema. Empty values count as absent (a form or a
 * URL template leaves `&year=`); a parameter given twice is refused unless it may repeat.
 */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const raw: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    const given = values.filter((v) => v !== "");
    if (given.length === 0) continue;
    if (REPEATABLE_PARAMETERS.has(name)) raw[name] = given;
    else if (given.length > 1) throw new BadRequest(`${name}: give this parameter once`, { parameter: name });
    else raw[name] = given[0]!;
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const { name, message } = describe(result.error.issues[0]!);
  throw new BadRequest(message, { parameter: name });
}

/** Reads one path parameter (an id, a number, a format) against its schema. */
export function parseParam<S extends z.ZodType>(c: Context, name: string, schema: S): z.output<S> {
  const result = schema.safeParse(c.req.param(name));
  if (result.success) return result.data;
  throw new BadRequest(`${name}: ${result.error.issues[0]!.message}`, { parameter: name });
}

/**
 * The body as a JSON object; a 400 when it is not JSON, or not an object (`shape`, when given,
 * says what the object should look like).
 */
export async function readJsonObject(c: Context, shape?: string): Promise<object> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch (err) {
    throw new BadRequest(`The body is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new BadRequest(`The body must be a JSON object${shape ? `: ${shape}` : ""}`);
  const nul = pathToNul(body);
  if (nul !== null) throw nulRefused(`The body's "${nul}"`, { field: nul });
  return body;
}

/**
 * The path ("events.0.messageId") of the first string or key in a JSON value holding a NUL, or
 * null. Walked with a stack, not recursion: JSON.parse takes nesting deeper than the call stack.
 */
function pathToNul(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (hasNul(v)) return path;
    } else if (typeof v === "object" && v !== null)
      for (const [key, inner] of Object.entries(v)) {
        const at = path ? `${path}.${key}` : key;
        if (hasNul(key)) return at.replace(/\0/g, "\\0");
        stack.push([inner, at]);
      }
  }
  return null;
}

/**
 * Reads a JSON body. Not JSON at all is a 400; JSON whose fields have the wrong types or
 * names is a 422 listing every field, like the service's own validation.
 */
export async function parseJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  /** The first sentence of the 422's message: what did not happen. */
  notDone = "The entry was not saved.",
): Promise<z.output<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type))
    throw new BadRequest("Send the body as JSON, with Content-Type: application/json");
  const body = await readJsonObject(c);
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) fields[key] = "unknown field";
    else fields[issue.path.map(String).join(".")] ??= issue.message;
  }
  const list = Object.entries(fields).map(([f, problem]) => `${f}: ${problem}`);
  throw new SummaError("input.invalid", `${notDone} ${list.join("; ")}`, { fields });
}

/**
 * What presenters need for this request: links point at the configured site URL, else at the
 * address the request came to.
 */
export async function presentContextFor(c: Context<AppEnv>): Promise<PresentContext> {
  return {
    base: c.var.site.baseUrl || new URL(c.req.url).origin,
    prefix: c.var.site.prefix,
    taxonomy: await loadTaxonomy(c.var.store),
  };
}
