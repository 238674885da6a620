import type { EntryStatus } from "../../domain/entry.ts";
import { FIELD_SPECS, type FieldSpec, linkFieldOf, valueAsText } from "../../domain/entry-fields.ts";
import type { EntryInput } from "../../entries/index.ts";
import type { EditableEntry } from "../../store/index.ts";

/**
 * The entry form's fields, from the field table (domain/entry-fields.ts): every field a person
 * types, and the desk's own override of the authors line. Their names are EntryInput's keys,
 * so the service's per-field problems ({ fields: { venueUrl: "..." } }) land next to the
 * right input as is.
 */

/** The desk's own field beside the table's: how the issue shows the authors. */
export const AUTHORS_DISPLAY: FieldSpec = {
  name: "authorsDisplay",
  column: "authors_display",
  label: "Authors as shown in the issue",
  kind: "line",
  input: true,
  inIssues: false,
  hint: 'Leave empty for "First Author et al".',
};

/** The typed fields of a table, with the desk's authors override after the authors. */
export function formFields(table: readonly FieldSpec[] = FIELD_SPECS): FieldSpec[] {
  return table.filter((f) => f.input).flatMap((f) => (f.kind === "authors" ? [f, AUTHORS_DISPLAY] : [f]));
}

/** Fields entered as text (everything but yes/no), by name. */
export function textFieldNames(table: readonly FieldSpec[] = FIELD_SPECS): string[] {
  return formFields(table)
    .filter((f) => f.kind !== "boolean")
    .map((f) => f.name);
}

/**
 * How the form lays the fields out: the title and its link first (what the entry is), then the
 * rest in the table's order; a field and the field holding its link side by side, and two
 * consecutive short fields side by side.
 */
export type FormRow = { one: FieldSpec } | { pair: [FieldSpec, FieldSpec] };

const SHORT: ReadonlySet<FieldSpec["kind"]> = new Set(["year", "category", "people"]);

export function formLayout(table: readonly FieldSpec[] = FIELD_SPECS): FormRow[] {
  const fields = formFields(table);
  const title = fields.find((f) => f.name === "title");
  const ordered = [
    ...(title ? [title, ...fields.filter((f) => f.linkOf === "title")] : []),
    ...fields.filter((f) => f !== title && f.linkOf !== "title"),
  ];
  const rows: FormRow[] = [];
  const placed = new Set<FieldSpec>();
  for (const [i, f] of ordered.entries()) {
    if (placed.has(f)) continue;
    placed.add(f);
    const link = f.name === "title" ? undefined : linkFieldOf(f, table);
    const next = ordered[i + 1];
    if (link && fields.includes(link)) {
      placed.add(link);
      rows.push({ pair: [f, link] });
    } else if (SHORT.has(f.kind) && next && SHORT.has(next.kind) && !placed.has(next)) {
      placed.add(next);
      rows.push({ pair: [f, next] });
    } else rows.push({ one: f });
  }
  return rows;
}

/** What the form shows: exactly what was typed (after a failed save), or the stored entry. */
export interface EntryFormValues {
  text: Record<string, string>;
  /** The yes/no fields (Highlight). */
  checked: Record<string, boolean>;
  status: string;
}

function checkboxes(table: readonly FieldSpec[]): FieldSpec[] {
  return table.filter((f) => f.input && f.kind === "boolean");
}

export function blankValues(table: readonly FieldSpec[] = FIELD_SPECS): EntryFormValues {
  const text = Object.fromEntries(textFieldNames(table).map((f) => [f, ""]));
  const checked = Object.fromEntries(checkboxes(table).map((f) => [f.name, false]));
  return { text, checked, status: "draft" };
}

export function valuesFromEntry(
  entry: EditableEntry,
  table: readonly FieldSpec[] = FIELD_SPECS,
): EntryFormValues {
  const stored = entry as unknown as Record<string, unknown>;
  const text = Object.fromEntries(
    formFields(table)
      .filter((f) => f.kind !== "boolean")
      .map((f) => [f.name, valueAsText(f.kind, stored[f.name])]),
  );
  const checked = Object.fromEntries(checkboxes(table).map((f) => [f.name, Boolean(stored[f.name])]));
  return { text, checked, status: entry.status };
}

/** A parsed form body (Hono's parseBody): strings, or files nobody should send here. */
export type FormBody = Record<string, string | File | (string | File)[]>;

function field(body: FormBody, name: string): string {
  const value = body[name];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === "string" ? one : "";
}

export function valuesFromBody(body: FormBody, table: readonly FieldSpec[] = FIELD_SPECS): EntryFormValues {
  const text = Object.fromEntries(textFieldNames(table).map((f) => [f, field(body, f)]));
  const checked = Object.fromEntries(checkboxes(table).map((f) => [f.name, field(body, f.name) !== ""]));
  return { text, checked, status: field(body, "status") };
}

/**
 * The service input for a save. Every field is sent, so clearing one clears it; the status
 * only when the form offered it (an entry in an issue has its status set by composing).
 */
export function inputFromValues(values: EntryFormValues, withStatus: boolean): EntryInput {
  return {
    ...values.text,
    ...values.checked,
    ...(withStatus && values.status ? { status: values.status as EntryStatus } : {}),
  };
}
