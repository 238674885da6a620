import type { Context } from "hono";
import { can } from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import {
  entryAuthorReviews,
  entryReview,
  type PossibleDuplicate,
  plannedSummaryMarkdown,
  previewEntry,
} from "../../entries/index.ts";
import { loadTaxonomy } from "../../issues/index.ts";
import type { EditableEntry } from "../../store/index.ts";
import type { AppEnv } from "../env.ts";
import { parseRowId } from "../params.ts";
import { EntryEditorPage } from "./entries-editor.tsx";
import type { ConflictDetails } from "./entries-history.tsx";
import { type EntryFormValues, inputFromValues } from "./entries-values.ts";

/** The editor page, shared by the entry routes and the review routes. */

export type Ctx = Context<AppEnv>;

/** The problems a failed save names by field; a title conflict is the title's problem. */
export function fieldErrors(err: unknown): Record<string, string> | null {
  if (!(err instanceof SummaError)) return null;
  if (err.code === "input.invalid") {
    const fields = err.details.fields as Record<string, string> | undefined;
    return fields && Object.keys(fields).length ? fields : { form: err.message };
  }
  if (err.code === "conflict") return { [String(err.details.field ?? "title")]: err.message };
  if (err.code === "review.invalid_transition") return { status: err.message };
  return null;
}

/** What a refused save (entry.conflict) carries, for the page. */
export function conflictOf(err: unknown): ConflictDetails | null {
  if (!(err instanceof SummaError) || err.code !== "entry.conflict") return null;
  return err.details as unknown as ConflictDetails;
}

export function entryIdOf(c: Ctx): number {
  return parseRowId(c.req.param("id")) ?? Number.NaN;
}

/** Renders the editor; `entry` absent for a new entry. */
export async function editor(
  c: Ctx,
  options: {
    values: EntryFormValues;
    entry?: EditableEntry;
    editable: boolean;
    errors?: Record<string, string>;
    preview?: boolean;
    saved?: boolean;
    notice?: string;
    conflict?: ConflictDetails;
    /** Entries this one may repeat: the save stopped to ask (entry-duplicates.tsx). */
    duplicates?: PossibleDuplicate[];
  },
  status: 200 | 409 | 422 = 200,
) {
  const session = c.var.session!;
  const { values, entry } = options;
  // The stored entry previews as it is; a new one only once the person asks.
  const preview =
    options.preview || entry
      ? await previewEntry(c.var.store, session.user, inputFromValues(values, false), entry?.id)
      : null;
  const review = entry ? await entryReview(c.var.store, session.user, entry.id) : undefined;
  const authorReview =
    entry && can(session.user.role, "entries.write_any")
      ? {
          reviews: await entryAuthorReviews(c.var.store, session.user, entry.id),
          planned: await plannedSummaryMarkdown(c.var.store, entry.id),
        }
      : undefined;
  return c.html(
    <EntryEditorPage
      site={c.var.site}
      session={session}
      taxonomy={await loadTaxonomy(c.var.store)}
      values={values}
      errors={options.errors ?? {}}
      entry={entry}
      editable={options.editable}
      preview={preview}
      saved={options.saved}
      notice={options.notice}
      review={review}
      authorReview={authorReview}
      conflict={options.conflict}
      duplicates={options.duplicates}
      editor={can(session.user.role, "entries.write_any")}
    />,
    status,
  );
}
