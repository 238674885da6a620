import type { StaffSession } from "../../accounts/index.ts";
import type { ComposerView } from "../../issues/index.ts";
import { CSRF_FIELD } from "../security.ts";
import { ActionForm } from "./issues-widgets.tsx";

/** The composer's head for an issue past drafting: scheduled, published or withdrawn. */

const utc = (iso: string | null) => (iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "");

/** Where a scheduled, published or withdrawn issue stands, and what can still be done. */
export function PublicationState({ view, session }: { view: ComposerView; session: StaffSession }) {
  if (view.status === "scheduled")
    return (
      <>
        <span class="muted">Publishes at {utc(view.publishedAt)}: not public until then.</span>
        <ActionForm
          session={session}
          action={`/desk/issues/${view.number}/unpublish`}
          label="Back to draft"
          confirm="Cancel the scheduled publication? The issue becomes a draft again."
        />
      </>
    );
  if (view.status === "withdrawn")
    return (
      <>
        <span class="muted">
          Withdrawn {utc(view.withdrawnAt)}: {view.withdrawnReason}
        </span>
        <a class="button subtle" href={`/desk/issues/${view.number}/publish`}>
          Publish again…
        </a>
      </>
    );
  return (
    <span class="muted">
      Published {view.publishedAt?.slice(0, 10) ?? ""}. Only the subject and intro can be corrected.
    </span>
  );
}

/** Withdrawing a published issue: the reason is what its page will say instead of its content. */
export function UnpublishForm({ view, session }: { view: ComposerView; session: StaffSession }) {
  return (
    <details class="card composer-unpublish">
      <summary>Unpublish…</summary>
      <form
        method="post"
        action={`/desk/issues/${view.number}/unpublish`}
        data-confirm={`Withdraw ${view.label}? Its page will show only the reason; feeds, the archive and the database drop it.`}
      >
        <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
        <div class="field">
          <label for="unpublish-reason">Reason (shown on the issue's page)</label>
          <input id="unpublish-reason" name="reason" type="text" maxlength={500} required />
        </div>
        <div class="actions">
          <button type="submit" class="button danger">
            Withdraw {view.label}
          </button>
        </div>
      </form>
    </details>
  );
}
