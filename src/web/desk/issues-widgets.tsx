import type { StaffSession } from "../../accounts/index.ts";
import type { ComposerView, IssueProblem } from "../../issues/index.ts";
import { CSRF_FIELD } from "../security.ts";

/** Small pieces the issue pages share: POST forms with the CSRF token, notices, problem lists. */

/** What a successful action says after its redirect (`?done=KEY`); fixed texts, never echoed input. */
export const DONE_MESSAGES: Record<string, string> = {
  created: "New draft issue created.",
  saved: "Saved.",
  added: "Added to the issue.",
  removed: "Removed from the issue; the entry is ready again.",
  highlighted: "Highlight changed.",
  moved: "Moved.",
  unmoved: "Already first or last in its subsection.",
  published: "Published: the issue and its entries are now in the public archive.",
  scheduled: "Scheduled: the issue and its entries become public at the time shown.",
  unscheduled: "Back to draft: the issue will not be published at the time it had.",
  withdrawn:
    "Withdrawn: the issue's page now says so and why; feeds, the archive and the database dropped it.",
};

/** A one-button POST form carrying the session's CSRF token (every desk action works without JS). */
export function ActionForm(props: {
  session: StaffSession;
  action: string;
  label: string;
  fields?: Record<string, string>;
  class?: string;
  /** Asked by composer.js before submitting; without JS the action simply happens. */
  confirm?: string;
  disabled?: boolean;
  title?: string;
}) {
  return (
    <form method="post" action={props.action} class="inline-form" data-confirm={props.confirm}>
      <input type="hidden" name={CSRF_FIELD} value={props.session.csrfToken} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        class={props.class ?? "button small subtle"}
        disabled={props.disabled}
        title={props.title}
        aria-label={props.title}
      >
        {props.label}
      </button>
    </form>
  );
}

export function Notice({ done, error }: { done?: string; error?: string }) {
  if (error)
    return (
      <p class="notice error" role="alert">
        {error}
      </p>
    );
  const message = done ? DONE_MESSAGES[done] : undefined;
  return message ? (
    <p class="notice ok" role="status">
      {message}
    </p>
  ) : null;
}

/** The check's findings; `blocking` ones are marked as what stops publishing. */
export function ProblemList({ problems, blocking }: { problems: IssueProblem[]; blocking: IssueProblem[] }) {
  if (problems.length === 0) return <p class="muted">No problems found.</p>;
  return (
    <ul class="problem-list">
      {problems.map((p) => {
        const blocks = blocking.includes(p);
        return (
          <li class={blocks ? "problem blocking" : `problem ${p.severity}`}>
            <span class={blocks ? "badge danger" : "badge"}>
              {blocks ? "blocks publishing" : p.severity === "error" ? "check" : "note"}
            </span>{" "}
            {p.entryId !== undefined ? <a href={`#entry-${p.entryId}`}>{p.message}</a> : p.message}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The check as the composer and the publish page show it: what needs a decision, then the
 * taxonomy's sections this issue leaves empty as one folded, muted line (a weekly issue
 * rarely fills every section, so they are not problems to act on).
 */
export function CheckFindings({
  view,
}: {
  view: Pick<ComposerView, "problems" | "blocking" | "emptySections">;
}) {
  const empty = view.emptySections;
  return (
    <>
      {view.problems.length === 0 ? (
        <p class="muted">Nothing needs a decision.</p>
      ) : (
        <ProblemList problems={view.problems} blocking={view.blocking} />
      )}
      {empty.length ? (
        <details class="muted check-empty-sections">
          <summary>
            {empty.length} {empty.length === 1 ? "section has" : "sections have"} no entries
          </summary>
          <p>{empty.join(", ")}</p>
        </details>
      ) : null}
    </>
  );
}

export function StatusBadge({ status }: { status: "draft" | "scheduled" | "published" | "withdrawn" }) {
  const look = status === "published" ? "published" : status === "withdrawn" ? "danger" : "draft";
  return <span class={`badge ${look}`}>{status}</span>;
}

/** "AN #54" plus the subject, or "(no subject yet)". */
export function issueTitle(label: string, subject: string): string {
  return subject ? `${label}: ${subject}` : `${label} (no subject yet)`;
}
