import type { EntryStatus } from "../../domain/entry.ts";
import type { ReviewAction, Reviewer } from "../../domain/review.ts";
import type { EntryComment } from "../../store/index.ts";
import { CSRF_FIELD } from "../security.ts";
import { StatusBadge, When } from "./entries-widgets.tsx";

/**
 * The review panel under the entry form: the entry's state with the steps this person may take
 * (one form: an optional comment, required to request changes, and a button per step), and the
 * comments on the entry.
 */

const STEP_BUTTONS: Record<ReviewAction, string> = {
  submit: "Submit for review",
  withdraw: "Withdraw to draft",
  request_changes: "Request changes",
  mark_ready: "Mark ready",
};

const KIND_WORDS: Record<string, string> = {
  comment: "commented",
  submit: "submitted it",
  withdraw: "withdrew it",
  request_changes: "requested changes",
  mark_ready: "marked it ready",
};

const STATUS_WORDS: Record<EntryStatus, string> = {
  draft: "Draft: still being written",
  submitted: "Submitted: waiting for the editor's review",
  changes_requested: "Changes requested: the editor asked for changes",
  ready: "Ready: the editor may put it in an issue",
  in_issue: "In an issue",
  published: "Published",
};

/**
 * The statuses the form offers this person: a summarizer drafts or submits, an editor drafts or
 * marks ready; the current state is always among them, so saving alone never picks another.
 */
export function statusChoicesFor(status: EntryStatus | null, who: Reviewer): [string, string][] {
  const offered: EntryStatus[] = who.editor ? ["draft", "ready"] : ["draft", "submitted"];
  if (status && !offered.includes(status)) offered.push(status);
  return offered.map((s) => [s, STATUS_WORDS[s]]);
}

export function ReviewPanel(props: {
  entryId: number;
  status: EntryStatus;
  version: number;
  actions: ReviewAction[];
  csrf: string;
  comments: EntryComment[];
  errors: Record<string, string>;
  /** A summarizer's save of a submitted or ready entry takes it back to draft: said before they type. */
  editResets: boolean;
}) {
  const error = props.errors.comment;
  return (
    <section class="card desk-review" id="review" aria-labelledby="review-heading">
      <h2 id="review-heading">Review</h2>
      <p>
        State: <StatusBadge status={props.status} />
      </p>
      {props.editResets ? (
        <p class="notice">Saving a change takes this entry back to draft; submit it again for review.</p>
      ) : null}
      {props.actions.length ? (
        <form method="post" action={`/desk/entries/${props.entryId}/review`} class="review-form">
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          <input type="hidden" name="version" value={String(props.version)} />
          <div class={error ? "field invalid" : "field"}>
            <label for="review-comment">
              Comment{props.actions.includes("request_changes") ? " (needed to request changes)" : ""}
            </label>
            <textarea
              id="review-comment"
              name="comment"
              rows={3}
              aria-invalid={error ? "true" : undefined}
              aria-describedby={error ? "comment-error" : undefined}
            />
            {error ? (
              <p class="field-error" id="comment-error">
                {error}
              </p>
            ) : null}
          </div>
          <div class="actions">
            {props.actions.map((a) => (
              <button type="submit" name="action" value={a} class={a === "withdraw" ? "subtle" : undefined}>
                {STEP_BUTTONS[a]}
              </button>
            ))}
            <button type="submit" name="action" value="comment" class="subtle">
              Comment only
            </button>
          </div>
        </form>
      ) : (
        <form method="post" action={`/desk/entries/${props.entryId}/review`} class="review-form">
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          <label for="review-comment">Comment</label>
          <textarea id="review-comment" name="comment" rows={3} />
          <div class="actions">
            <button type="submit" name="action" value="comment">
              Comment
            </button>
          </div>
        </form>
      )}
      <h3>Comments</h3>
      {props.comments.length ? (
        <ol class="comments">
          {props.comments.map((c) => (
            <li id={`comment-${c.id}`}>
              <p class="muted">
                <strong>{c.userName || "Someone"}</strong> {KIND_WORDS[c.kind] ?? c.kind} ·{" "}
                <When iso={c.at} />
              </p>
              <p class="comment-body diff-text">{c.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">No comments yet.</p>
      )}
    </section>
  );
}
