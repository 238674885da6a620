import type { StaffSession } from "../../accounts/index.ts";
import { diffWords } from "../../domain/text-diff.ts";
import type { EditableEntry, EntryRevision } from "../../store/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD } from "../security.ts";
import { formFields } from "./entries-values.ts";
import { When } from "./entries-widgets.tsx";

/**
 * An entry's history on the desk: the list of saves under the form, one save's field-by-field
 * diff (word level), a Restore button (a new save, never a rewrite), and the panel a refused
 * save (entry.conflict) shows with what the other person changed.
 */

export const FIELD_LABELS: Record<string, string> = {
  ...Object.fromEntries(formFields().map((f) => [f.name, f.label])),
  status: "Status",
};

const ACTION_WORDS: Record<EntryRevision["action"], string> = {
  create: "created",
  edit: "edited",
  restore: "restored an earlier revision",
  review: "changed the review state",
};

function label(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** Two texts as one, removed words struck through and added words marked. */
export function WordDiff({ before, after }: { before: string; after: string }) {
  return (
    <span class="diff diff-text">
      {diffWords(before, after).map((p) =>
        p.kind === "same" ? p.text : p.kind === "added" ? <ins>{p.text}</ins> : <del>{p.text}</del>,
      )}
    </span>
  );
}

/** Fields changed, as a table: field, before, after, and the diff. */
export function ChangesTable({
  changes,
  caption,
}: {
  changes: Record<string, [string, string]>;
  caption: string;
}) {
  const fields = Object.keys(changes);
  if (!fields.length) return <p class="muted">No field changed.</p>;
  return (
    <table class="diff-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr data-field={f}>
            <th scope="row">{label(f)}</th>
            <td>
              <WordDiff before={changes[f]![0]} after={changes[f]![1]} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HistoryPanel(props: {
  entryId: number;
  revisions: EntryRevision[];
  csrf: string;
  canRestore: boolean;
  version: number;
}) {
  return (
    <section class="card desk-review" id="history" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {props.revisions.length ? (
        <ol class="history">
          {props.revisions.map((r, i) => (
            <li id={`revision-${r.id}`}>
              <a href={`/desk/entries/${props.entryId}/revisions/${r.id}`}>Version {r.version}</a>:{" "}
              <strong>{r.userName || "Someone"}</strong> {ACTION_WORDS[r.action]} · <When iso={r.at} />
              {Object.keys(r.changes).length ? (
                <span class="muted"> · {Object.keys(r.changes).map(label).join(", ")}</span>
              ) : null}
              {props.canRestore && i > 0 ? (
                <form
                  method="post"
                  action={`/desk/entries/${props.entryId}/revisions/${r.id}/restore`}
                  class="inline"
                >
                  <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
                  <input type="hidden" name="version" value={String(props.version)} />
                  <button type="submit" class="subtle">
                    Restore<span class="visually-hidden"> version {r.version}</span>
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">No saves recorded yet (entries imported from the sheet start their history here).</p>
      )}
    </section>
  );
}

/** What entry.conflict carries (entries/revisions.ts conflictError). */
export interface ConflictDetails {
  changedBy: string[];
  currentVersion: number;
  changes: Record<string, [string, string]>;
  current: Record<string, string>;
}

/** Shown above the form after a refused save: the person's text is kept in the form below. */
export function ConflictPanel({ conflict }: { conflict: ConflictDetails }) {
  const who = conflict.changedBy.length ? conflict.changedBy.join(", ") : "Someone";
  return (
    <div class="notice error conflict" role="alert" id="conflict">
      <p>
        <strong>Not saved: {who} changed this entry while you were editing it.</strong> Your text is kept in
        the form below. Their changes are shown here; copy what you need, then save again to replace the entry
        (now version {conflict.currentVersion}).
      </p>
      {Object.keys(conflict.changes).length ? (
        <ChangesTable changes={conflict.changes} caption={`What ${who} changed`} />
      ) : (
        // Imports and the composer bump the version without a desk revision: show what is stored.
        <ChangesTable
          changes={Object.fromEntries(Object.entries(conflict.current).map(([f, v]) => [f, [v, v]]))}
          caption="The entry as it is now (changed by an import or the issue composer)"
        />
      )}
    </div>
  );
}

/** One revision: its field-by-field diff, and Restore. */
export function RevisionPage(props: {
  site: Site;
  session: StaffSession;
  entry: EditableEntry;
  revision: EntryRevision;
  canRestore: boolean;
}) {
  const { entry, revision } = props;
  return (
    <Page
      site={props.site}
      title={`Entry #${entry.id}, version ${revision.version}`}
      session={props.session}
      current="entries"
    >
      <p class="desk-breadcrumbs">
        <a href="/desk/entries">Entries</a> › <a href={`/desk/entries/${entry.id}/edit`}>{entry.title}</a>
      </p>
      <h1>
        Version {revision.version} of entry #{entry.id}
      </h1>
      <p>
        <strong>{revision.userName || "Someone"}</strong> {ACTION_WORDS[revision.action]} ·{" "}
        <When iso={revision.at} />
      </p>
      <ChangesTable changes={revision.changes} caption="What this save changed" />
      {props.canRestore ? (
        <form method="post" action={`/desk/entries/${entry.id}/revisions/${revision.id}/restore`}>
          <input type="hidden" name={CSRF_FIELD} value={props.session.csrfToken} />
          <input type="hidden" name="version" value={String(entry.version ?? 1)} />
          <button type="submit">Restore this version</button>
        </form>
      ) : null}
    </Page>
  );
}
