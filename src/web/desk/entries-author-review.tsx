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
        <div class={e.name ? "field invalid" : "field"}>
          <label for="author-name">Author's name</label>
          <input
            id="author-name"
            name="name"
            type="text"
            maxlength={200}
            aria-describedby={e.name ? "author-name-error" : undefined}
          />
          {e.name ? (
            <p class="field-error" id="author-name-error">
              {e.name}
            </p>
          ) : null}
        </div>
        <div class={e.email ? "field invalid" : "field"}>
          <label for="author-email">Email (optional: the link is emailed; without it, copy the link)</label>
          <input
            id="author-email"
            name="email"
            type="email"
            maxlength={320}
            aria-describedby={e.email ? "author-email-error" : undefined}
          />
          {e.email ? (
            <p class="field-error" id="author-email-error">
              {e.email}
            </p>
          ) : null}
        </div>
        <div class={e.days ? "field invalid" : "field"}>
          <label for="author-days">Days the link works</label>
          <input id="author-days" name="days" type="number" min={1} max={90} value="14" />
          {e.days ? (
            <p class="field-error" id="author-days-error">
              {e.days}
            </p>
          ) : null}
        </div>
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
