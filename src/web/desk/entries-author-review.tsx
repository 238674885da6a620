import type { AuthorReviewRow } from "../../store/index.ts";
import { CSRF_FIELD } from "../security.ts";

/**
 * The author-review panel under the entry's review (entries/author-review.ts): the links made
 * for the entry's authors and where each stands (requested, viewed, approved, commented), what
 * they wrote, a form for a new link, and the "Planned summary" Markdown to post as a forum
 * comment. Editors only: it holds the authors' addresses.
 */

const STATE_WORDS: Record<string, string> = {
  requested: "Requested",
  viewed: "Viewed",
  approved: "Approved",
  commented: "Commented",
};

/** The state a link shows: its answer, or why it is closed. */
export function authorReviewLabel(row: AuthorReviewRow, now = new Date()): string {
  if (row.revoked_at) return `${STATE_WORDS[row.state]} · withdrawn`;
  if (row.expires_at <= now.toISOString()) return `${STATE_WORDS[row.state]} · expired`;
  return STATE_WORDS[row.state] ?? row.state;
}

/** One field of the request form, its error beside it and named by the input. */
function RequestField(props: {
  name: string;
  label: string;
  error: string | undefined;
  type: string;
  maxlength?: number;
  min?: number;
  max?: number;
  value?: string;
}) {
  const { name, label, error, ...input } = props;
  const id = `author-${name}`;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        {...input}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function AuthorReviewPanel(props: {
  entryId: number;
  csrf: string;
  reviews: AuthorReviewRow[];
  planned: string;
  errors: Record<string, string>;
}) {
  const now = new Date().toISOString();
  const e = props.errors;
  return (
    <section class="card desk-author-review" id="author-review" aria-labelledby="author-review-heading">
      <h2 id="author-review-heading">Author review</h2>
      <p class="muted">
        Show the authors the planned summary and opinion before it goes out: each gets a link of their own (no
        account) to approve, or comment and suggest text. You decide what changes.
      </p>
      {props.reviews.length ? (
        <ul class="author-reviews">
          {props.reviews.map((r) => (
            <li>
              <strong>{r.author_name}</strong>
              {r.author_email ? ` <${r.author_email}>` : ""}:{" "}
              <span class={`badge author-review-${r.state}`}>{authorReviewLabel(r)}</span>{" "}
              <span class="muted">
                asked {r.requested_at.slice(0, 10)} by {r.requested_by_name}, until{" "}
                {r.expires_at.slice(0, 10)}
              </span>
              {r.comment ? <blockquote class="author-comment">{r.comment}</blockquote> : null}
              {r.suggested_summary ? (
                <details>
                  <summary>Suggested summary</summary>
                  <pre class="author-suggestion">{r.suggested_summary}</pre>
                </details>
              ) : null}
              {r.suggested_opinion ? (
                <details>
                  <summary>Suggested opinion</summary>
                  <pre class="author-suggestion">{r.suggested_opinion}</pre>
                </details>
              ) : null}
              {!r.revoked_at && r.expires_at > now ? (
                <form method="post" action={`/desk/entries/${props.entryId}/author-reviews/${r.id}/revoke`}>
                  <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
                  <button type="submit" class="subtle">
                    Withdraw the link
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>No author has been asked yet.</p>
      )}
      <form
        method="post"
        action={`/desk/entries/${props.entryId}/author-reviews`}
        class="author-review-request"
      >
        <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
        <RequestField name="name" label="Author's name" error={e.name} type="text" maxlength={200} />
        <RequestField
          name="email"
          label="Email (optional: the link is emailed; without it, copy the link)"
          error={e.email}
          type="email"
          maxlength={320}
        />
        <RequestField
          name="days"
          label="Days the link works"
          error={e.days}
          type="number"
          min={1}
          max={90}
          value="14"
        />
        <div class="actions">
          <button type="submit">Ask for a review</button>
        </div>
      </form>
      <details>
        <summary>Planned summary for a forum comment (Markdown)</summary>
        <label for="planned-summary" class="visually-hidden">
          Planned summary, Markdown
        </label>
        <textarea id="planned-summary" readonly rows={8}>
          {props.planned}
        </textarea>
      </details>
    </section>
  );
}
