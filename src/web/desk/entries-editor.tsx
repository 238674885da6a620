import type { StaffSession } from "../../accounts/index.ts";
import { statusAfterEdit } from "../../domain/review.ts";
import type { Taxonomy } from "../../domain/taxonomy.ts";
import type { EntryPreview, entryReview, PossibleDuplicate } from "../../entries/index.ts";
import type { AuthorReviewRow, EditableEntry } from "../../store/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { AuthorReviewPanel } from "./entries-author-review.tsx";
import { EntryForm, PreviewPanel } from "./entries-form.tsx";
import { type ConflictDetails, ConflictPanel, HistoryPanel } from "./entries-history.tsx";
import { ReviewPanel, statusChoicesFor } from "./entries-review.tsx";
import { type EntryFormValues, formFields } from "./entries-values.ts";
import { StatusBadge, When } from "./entries-widgets.tsx";
import { DuplicateWarning } from "./entry-duplicates.tsx";

export interface EntryEditorProps {
  site: Site;
  session: StaffSession;
  taxonomy: Taxonomy;
  values: EntryFormValues;
  errors: Record<string, string>;
  /** The stored entry; absent for a new one. */
  entry?: EditableEntry;
  editable: boolean;
  preview: EntryPreview | null;
  saved?: boolean;
  /** A notice after a review step, a comment or a restore. */
  notice?: string;
  /** The review panel's steps, comments and history (an existing entry). */
  review?: Awaited<ReturnType<typeof entryReview>>;
  /** A refused save: what the other person changed (the form keeps what this one typed). */
  conflict?: ConflictDetails;
  /** The authors' review of the planned summary (editors only; entries-author-review.tsx). */
  authorReview?: { reviews: AuthorReviewRow[]; planned: string };
  /** Whether the person is an editor (the status choices and review steps differ). */
  editor: boolean;
  /** Entries this one may repeat: the save stopped to ask (entry-duplicates.tsx). */
  duplicates?: PossibleDuplicate[];
}

/** What the error summary calls each field: the form's labels (the field table's), and the status. */
const LABELS: Record<string, string> = {
  ...Object.fromEntries(formFields().map((f) => [f.name, f.label])),
  status: "Status",
  comment: "Comment",
};

/** Why a user sees an entry read-only, in words they can act on. */
function readOnlyReason(entry: EditableEntry, userId: number): string {
  if (entry.createdBy !== userId)
    return `${entry.creatorName ? `${entry.creatorName} wrote this entry` : "This entry was imported"}; only its author and editors can change it.`;
  return "This entry is in an issue now; ask the editor to change it.";
}

/** The problems of a failed save, listed first with links to their fields (then shown by each field). */
function ErrorSummary({ errors }: { errors: Record<string, string> }) {
  const names = Object.keys(errors);
  if (!names.length) return null;
  return (
    <div class="notice error" role="alert">
      <p>
        The entry was not saved: {names.length} problem{names.length > 1 ? "s" : ""}.
      </p>
      <ul>
        {names.map((n) => (
          <li>
            {LABELS[n] ? <a href={`#field-${n}`}>{LABELS[n]}</a> : "Entry"}: {errors[n]}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The new-entry and edit-entry page: the form beside its live preview. */
export function EntryEditorPage(props: EntryEditorProps) {
  const { entry } = props;
  const title = entry ? (props.editable ? "Edit entry" : "View entry") : "New entry";
  const inReview = !entry || !["in_issue", "published"].includes(entry.status);
  const statusEditable = props.editable && inReview;
  const who = { editor: props.editor, author: !entry || entry.createdBy === props.session.user.id };
  // Autosave only where a save keeps the review state: never moves a submitted entry silently.
  const autosave = entry && props.editable && statusAfterEdit(entry.status, who) === entry.status;
  const version = props.conflict?.currentVersion ?? entry?.version;
  return (
    <Page
      site={props.site}
      title={entry ? `${title}: ${entry.title}` : title}
      session={props.session}
      current="entries"
      scripts={["desk.js", "entry-fill.js"]}
    >
      <p class="desk-breadcrumbs">
        <a href="/desk/entries">Entries</a>
      </p>
      <h1>{title}</h1>
      {entry ? (
        <p class="desk-entry-facts muted">
          #{entry.id} · <StatusBadge status={entry.status} />
          {entry.issueLabel ? ` · ${entry.issueLabel}` : ""} · updated <When iso={entry.updatedAt} />
          {entry.creatorName ? ` · by ${entry.creatorName}` : ""}
        </p>
      ) : null}
      {props.saved ? (
        <p class="notice ok" role="status">
          Saved.
        </p>
      ) : null}
      {props.notice ? (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.conflict ? <ConflictPanel conflict={props.conflict} /> : null}
      {entry && !props.editable ? <p class="notice">{readOnlyReason(entry, props.session.user.id)}</p> : null}
      <ErrorSummary errors={props.errors} />
      <DuplicateWarning duplicates={props.duplicates ?? []} />
      <div class="split desk-editor">
        <EntryForm
          action={entry ? `/desk/entries/${entry.id}/edit` : "/desk/entries/new"}
          csrf={props.session.csrfToken}
          values={props.values}
          errors={props.errors}
          taxonomy={props.taxonomy}
          editable={props.editable}
          statusEditable={statusEditable}
          statusChoices={statusChoicesFor(entry?.status ?? null, who)}
          entryId={entry?.id}
          version={version}
          autosaveUrl={autosave ? `/desk/entries/${entry.id}/autosave` : undefined}
        />
        <section class="card desk-preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          <div id="entry-preview" aria-live="polite">
            <PreviewPanel preview={props.preview} />
          </div>
        </section>
      </div>
      {entry && props.review ? (
        <>
          <ReviewPanel
            entryId={entry.id}
            status={entry.status}
            version={entry.version ?? 1}
            actions={props.review.actions}
            csrf={props.session.csrfToken}
            comments={props.review.comments}
            errors={props.errors}
            editResets={props.editable && statusAfterEdit(entry.status, who) !== entry.status}
          />
          <HistoryPanel
            entryId={entry.id}
            revisions={props.review.revisions}
            csrf={props.session.csrfToken}
            canRestore={props.review.canRestore}
            version={entry.version ?? 1}
          />
          {props.authorReview ? (
            <AuthorReviewPanel
              entryId={entry.id}
              csrf={props.session.csrfToken}
              reviews={props.authorReview.reviews}
              planned={props.authorReview.planned}
              errors={props.errors}
            />
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
