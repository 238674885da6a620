import * as z from "zod";
import { ENTRY_STATUSES } from "../../domain/entry.ts";
import { FIELD_SPECS, type FieldSpec } from "../../domain/entry-fields.ts";

/**
 * The entry as the API reads and writes it, derived from the field table
 * (domain/entry-fields.ts): the JSON an entry is sent as, its JSON Schema for the OpenAPI
 * document, and the zod schema of a POST/PATCH body. Each takes the table, so a test can add a
 * field and see it everywhere; the API passes the entry's own.
 *
 * The issue an entry went out in is sent as one `issue` object (label, number, url), not as
 * three flat fields: that is the shape clients have always had.
 */

/** Which part of the `issue` object a field is, or null for a flat field. */
export function issuePart(
  f: FieldSpec,
  table: readonly FieldSpec[] = FIELD_SPECS,
): "label" | "number" | "url" | null {
  if (f.kind === "issueLabel") return "label";
  if (f.kind === "issueNumber") return "number";
  if (f.kind === "url" && table.find((x) => x.name === f.linkOf)?.kind === "issueLabel") return "url";
  return null;
}

const str = (description?: string) => ({ type: "string", ...(description ? { description } : {}) });

/** A field's JSON Schema as the API sends it. */
function outputSchema(f: FieldSpec): Record<string, unknown> {
  const described = (schema: Record<string, unknown>) =>
    f.hint ? { ...schema, description: f.hint } : schema;
  switch (f.kind) {
    case "boolean":
      return described({ type: "boolean" });
    case "year":
    case "issueNumber":
      return described({ type: ["integer", "null"] });
    case "authors":
      return described({
        type: "array",
        items: {
          type: "object",
          required: ["name", "equalContribution"],
          properties: {
            name: str(),
            equalContribution: { type: "boolean", description: 'The sheet\'s "*" mark.' },
          },
        },
      });
    case "people":
      return described({ type: "array", items: str() });
    case "markdown":
      return { type: "string", description: `Markdown. ${f.hint ?? ""}`.trim() };
    default:
      return described({ type: "string" });
  }
}

/**
 * The JSON Schema properties of an entry's fields as sent: the flat fields in the table's order,
 * `section` after the category (the taxonomy's section of it), then the `issue` object.
 */
export function entryFieldProperties(table: readonly FieldSpec[] = FIELD_SPECS): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const f of table) {
    if (issuePart(f, table)) continue;
    properties[f.name] = outputSchema(f);
    if (f.kind === "category")
      properties.section = {
        type: ["string", "null"],
        description: "The taxonomy section of the category; null when unknown.",
      };
  }
  const part = (p: string) => table.find((f) => issuePart(f, table) === p);
  properties.issue = {
    oneOf: [
      {
        type: "object",
        required: ["label", "number", "url"],
        properties: {
          label: str(part("label")?.hint),
          number: { type: ["integer", "null"], description: part("number")?.hint },
          url: str(part("url")?.hint),
        },
      },
      { type: "null" },
    ],
  };
  return properties;
}

/** A field's JSON Schema as a POST/PATCH body gives it (text as typed, except yes/no and a year). */
function inputSchema(f: FieldSpec): Record<string, unknown> {
  const description = f.kind === "url" ? "http(s)" : f.hint;
  if (f.kind === "boolean") return { type: "boolean" };
  if (f.kind === "year")
    return {
      type: ["integer", "string", "null"],
      description: "A year (1900-2100); empty or null for none.",
    };
  return str(description);
}

/** The JSON Schema properties of a POST/PATCH body: the typed fields, and what the desk sets beside them. */
export function entryInputProperties(table: readonly FieldSpec[] = FIELD_SPECS): Record<string, unknown> {
  return {
    ...Object.fromEntries(table.filter((f) => f.input).map((f) => [f.name, inputSchema(f)])),
    authorsDisplay: str('Overrides "First Author et al" in issues.'),
    status: {
      type: "string",
      enum: [...ENTRY_STATUSES],
      description:
        "draft or submitted (a summarizer), draft or ready (an editor); changes_requested takes a comment (the desk's Request changes); in_issue and published follow from composing and publishing.",
    },
    version: {
      type: "integer",
      minimum: 1,
      description:
        'The entry\'s version the change was made from (or send If-Match: "N"); a later version refuses the change with 409 entry.conflict, listing what changed since.',
    },
  };
}

// Lengths, NUL and addresses are the service's checks (domain/field-checks.ts), the same for
// every path in; here only types.
const field = z.string();

function inputValidator(f: FieldSpec) {
  if (f.kind === "boolean") return z.boolean({ error: "must be true or false" });
  if (f.kind === "year")
    return z.union([z.number().int(), z.string().max(20), z.null()], { error: "must be a year or null" });
  return field;
}

/**
 * POST /entries and PATCH /entries/:id: the entry's fields as the desk form has them; all
 * optional (the service says which are required and checks values against the taxonomy).
 */
export function entryBodySchema(table: readonly FieldSpec[] = FIELD_SPECS) {
  return z.strictObject({
    ...Object.fromEntries(table.filter((f) => f.input).map((f) => [f.name, inputValidator(f).optional()])),
    authorsDisplay: field.optional(),
    status: z.enum(ENTRY_STATUSES, { error: `must be one of ${ENTRY_STATUSES.join(", ")}` }).optional(),
    version: z
      .number({ error: "must be a whole number" })
      .int({ error: "must be a whole number" })
      .min(1)
      .optional(),
  });
}

/** An entry's fields as sent (see entryFieldProperties); the presenter adds id, status and links. */
export function entryFieldsJson(
  entry: Record<string, unknown>,
  section: string | null,
  table: readonly FieldSpec[] = FIELD_SPECS,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const issue: Record<string, unknown> = {};
  for (const f of table) {
    const value = entry[f.name];
    const part = issuePart(f, table);
    if (part) issue[part] = value;
    else if (f.kind === "authors")
      out[f.name] = (value as { name: string; equalContribution: boolean }[]).map((a) => ({
        name: a.name,
        equalContribution: a.equalContribution,
      }));
    else if (f.kind === "people") out[f.name] = [...(value as string[])];
    else out[f.name] = value;
    if (f.kind === "category") out.section = section;
  }
  out.issue = issue.label ? { label: issue.label, number: issue.number ?? null, url: issue.url ?? "" } : null;
  return out;
}

/** Where a link was found, as lookup results name it: the entry's own URL or a text carrying links. */
export function linkFieldNames(table: readonly FieldSpec[] = FIELD_SPECS): string[] {
  return ["url", ...table.filter((f) => f.carriesLinks).map((f) => f.column)];
}
