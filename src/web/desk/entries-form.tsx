import type { FieldSpec } from "../../domain/entry-fields.ts";
import type { Taxonomy } from "../../domain/taxonomy.ts";
import { categoryKey } from "../../domain/taxonomy.ts";
import type { EntryPreview } from "../../entries/index.ts";
import { CSRF_FIELD } from "../security.ts";
import { type EntryFormValues, type FormRow, formLayout } from "./entries-values.ts";
import { FillFromUrl } from "./entry-fill.tsx";

export interface EntryFormProps {
  action: string;
  csrf: string;
  values: EntryFormValues;
  /** Problems by field name, shown next to the field. */
  errors: Record<string, string>;
  taxonomy: Taxonomy;
  /** False: every control is disabled and there is nothing to submit. */
  editable: boolean;
  /** Whether the draft/ready choice is offered (not once an entry is in an issue). */
  statusEditable: boolean;
  entryId?: number;
  /** The entry version the form was loaded at (a save over a later one is refused). */
  version?: number;
  /** Where desk.js autosaves the draft; absent: no autosave (a save would change the review state). */
  autosaveUrl?: string;
  /** The statuses offered, with their words (see entries-review.tsx); default draft and ready. */
  statusChoices?: readonly (readonly [string, string])[];
  /** The form's fields and their layout (formLayout of the entry's field table unless a test gives another). */
  layout?: FormRow[];
}

type Props = {
  name: string;
  label: string;
  hint?: string;
  values: EntryFormValues;
  errors: Record<string, string>;
};

/** The ids a field's input points to with aria-describedby: its hint and its error. */
function describedBy(name: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Help({ name, hint, error }: { name: string; hint?: string; error?: string }) {
  return (
    <>
      {hint ? (
        <span class="hint" id={`${name}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span class="field-error" id={`${name}-error`}>
          {error}
        </span>
      ) : null}
    </>
  );
}

function Input(props: Props & { type?: string; required?: boolean; inputmode?: "numeric" }) {
  const error = props.errors[props.name];
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={`field-${props.name}`}>{props.label}</label>
      <input
        id={`field-${props.name}`}
        name={props.name}
        type={props.type ?? "text"}
        value={props.values.text[props.name] ?? ""}
        required={props.required}
        inputmode={props.inputmode}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(props.name, Boolean(props.hint), Boolean(error))}
      />
      <Help name={props.name} hint={props.hint} error={error} />
    </div>
  );
}

function Markdown(props: Props) {
  const error = props.errors[props.name];
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={`field-${props.name}`}>{props.label}</label>
      <textarea
        id={`field-${props.name}`}
        name={props.name}
        rows={10}
        data-crossref=""
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(props.name, Boolean(props.hint), Boolean(error))}
      >
        {props.values.text[props.name] ?? ""}
      </textarea>
      <Help name={props.name} hint={props.hint} error={error} />
    </div>
  );
}

/** The category choice, grouped by section; a category the taxonomy lacks stays choosable. */
function CategorySelect({
  values,
  errors,
  taxonomy,
}: Omit<Props, "name" | "label"> & { taxonomy: Taxonomy }) {
  const current = values.text.category ?? "";
  const known = taxonomy.some((s) => s.categories.some((c) => categoryKey(c) === categoryKey(current)));
  const error = errors.category;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for="field-category">Category</label>
      <select
        id="field-category"
        name="category"
        required
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy("category", false, Boolean(error))}
      >
        <option value="">Choose a category…</option>
        {taxonomy.map((s) => (
          <optgroup label={s.name}>
            {s.categories.map((c) => (
              <option value={c} selected={categoryKey(c) === categoryKey(current)}>
                {c}
              </option>
            ))}
          </optgroup>
        ))}
        {current && !known ? (
          <optgroup label="Not in the taxonomy">
            <option value={current} selected>
              {current}
            </option>
          </optgroup>
        ) : null}
      </select>
      <Help name="category" error={error} />
    </div>
  );
}

const DEFAULT_CHOICES = [
  ["draft", "Draft: still being written"],
  ["ready", "Ready: the editor may put it in an issue"],
] as const;

function StatusChoice({
  values,
  errors,
  choices = DEFAULT_CHOICES,
}: Omit<Props, "name" | "label"> & { choices?: EntryFormProps["statusChoices"] }) {
  const error = errors.status;
  const current = choices.some(([v]) => v === values.status) ? values.status : choices[0]![0];
  return (
    <fieldset id="field-status" class={error ? "field status-choice invalid" : "field status-choice"}>
      <legend>Status</legend>
      {choices.map(([value, words]) => (
        <label class="checkbox">
          <input type="radio" name="status" value={value} checked={value === current} /> {words}
        </label>
      ))}
      <Help name="status" error={error} />
    </fieldset>
  );
}

const DEFAULT_LAYOUT = formLayout();

/** One field's control, by its kind: a text input, a Markdown area, the category choice or a checkbox. */
function FieldControl({
  spec,
  values,
  errors,
  taxonomy,
}: Omit<Props, "name" | "label"> & { spec: FieldSpec; taxonomy: Taxonomy }) {
  const p = { values, errors, name: spec.name, label: spec.label, hint: spec.hint };
  switch (spec.kind) {
    case "category":
      return <CategorySelect values={values} errors={errors} taxonomy={taxonomy} />;
    case "boolean":
      return (
        <label class="checkbox field">
          <input type="checkbox" name={spec.name} value="on" checked={values.checked[spec.name]} />{" "}
          {spec.label}
          {spec.hint ? ` (${spec.hint.replace(/\.$/, "").toLowerCase()})` : ""}
        </label>
      );
    case "markdown":
      return <Markdown {...p} />;
    case "url":
      // The entry's own URL can fill the fields it names (entry-fill.tsx).
      return spec.name === "url" ? (
        <>
          <Input {...p} type="url" />
          <FillFromUrl />
        </>
      ) : (
        <Input {...p} type="url" />
      );
    case "year":
      return <Input {...p} inputmode="numeric" hint={undefined} />;
    default:
      return (
        <Input
          {...p}
          required={spec.name === "title" ? true : undefined}
          hint={spec.name === "title" ? undefined : spec.hint}
        />
      );
  }
}

/** Every field of an entry; read-only when the user may not change it. */
export function EntryForm(props: EntryFormProps) {
  const p = { values: props.values, errors: props.errors };
  return (
    <form
      method="post"
      action={props.action}
      class="entry-form"
      id="entry-form"
      data-preview-url="/desk/entries/preview"
      data-titles-url="/desk/entries/titles"
      data-autosave-url={props.autosaveUrl}
      novalidate
    >
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      {props.entryId !== undefined ? <input type="hidden" name="id" value={String(props.entryId)} /> : null}
      {props.version !== undefined ? (
        <input type="hidden" name="version" value={String(props.version)} />
      ) : null}
      <fieldset class="plain" disabled={!props.editable}>
        <legend class="visually-hidden">Entry</legend>
        {(props.layout ?? DEFAULT_LAYOUT).map((row) =>
          "pair" in row ? (
            <div class="desk-pair">
              <FieldControl spec={row.pair[0]} {...p} taxonomy={props.taxonomy} />
              <FieldControl spec={row.pair[1]} {...p} taxonomy={props.taxonomy} />
            </div>
          ) : (
            <FieldControl spec={row.one} {...p} taxonomy={props.taxonomy} />
          ),
        )}
        {props.statusEditable ? <StatusChoice {...p} choices={props.statusChoices} /> : null}
        {props.editable ? (
          <div class="actions">
            <button type="submit" name="action" value="save">
              Save
            </button>
            <button type="submit" name="action" value="preview" class="subtle">
              Preview
            </button>
            {props.autosaveUrl ? (
              <span id="autosave-status" class="muted" role="status" aria-live="polite" />
            ) : null}
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}

/** The entry as the issue will show it (the same fragment desk.js fetches while typing). */
export function PreviewPanel({ preview }: { preview: EntryPreview | null }) {
  if (!preview) return <p class="muted">The preview appears here as you write.</p>;
  return (
    <>
      <p class="preview-placement muted">{preview.placement}</p>
      <div class="reading preview-body" dangerouslySetInnerHTML={{ __html: preview.html }} />
      {preview.unresolved.length ? (
        <div class="notice error">
          <p>These cross-references name no entry and will show as plain text:</p>
          <ul>
            {preview.unresolved.map((u) => (
              <li>
                <code>{u}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
