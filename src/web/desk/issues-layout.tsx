import { raw } from "hono/html";
import type { StaffSession } from "../../accounts/index.ts";
import type { IssueEntry } from "../../domain/issue.ts";
import { type ComposerView, orderRuns } from "../../issues/index.ts";
import { CSRF_FIELD } from "../security.ts";
import { ActionForm } from "./issues-widgets.tsx";

/**
 * "In this issue": the issue as it reads, each entry as the renderer writes it (the archive's
 * and the email's HTML) under its section and subsection, Highlights first. On a draft each
 * entry carries its actions; entries that are ordered among themselves (orderRuns) share one
 * list, which composer.js lets the editor reorder by dragging or with the move buttons.
 */

/** Past this many words of summary and opinion an entry starts folded, its text one click away. */
export const FOLD_WORDS = 220;

const words = (text: string) => (text.match(/\S+/g) ?? []).length;

/** A move button: a plain form post without JS; composer.js sends it with fetch instead. */
function MoveForm(props: {
  session: StaffSession;
  action: string;
  direction: "up" | "down";
  title: string;
  disabled: boolean;
}) {
  const label = props.direction === "up" ? "Move up" : "Move down";
  return (
    <form method="post" action={props.action} class="inline-form" data-move={props.direction}>
      <input type="hidden" name={CSRF_FIELD} value={props.session.csrfToken} />
      <input type="hidden" name="direction" value={props.direction} />
      <button
        type="submit"
        class="button small subtle move-button"
        disabled={props.disabled}
        title={`${label}: “${props.title}”`}
        aria-label={`${label}: “${props.title}”`}
      >
        {props.direction === "up" ? "↑" : "↓"}
      </button>
    </form>
  );
}

function EntryText({ view, entry }: { view: ComposerView; entry: IssueEntry }) {
  const html = view.rendered.get(entry.id) ?? "";
  const count = words(entry.summary) + words(entry.opinion);
  if (count <= FOLD_WORDS) return <div class="composer-entry-text reading">{raw(html)}</div>;
  return (
    <details class="composer-entry-fold">
      <summary>
        <span class="composer-entry-fold-title">{entry.title}</span>{" "}
        <span class="muted">({count} words: show the text)</span>
      </summary>
      <div class="composer-entry-text reading">{raw(html)}</div>
    </details>
  );
}

function EntryItem(props: { view: ComposerView; session: StaffSession; entry: IssueEntry }) {
  const { view, session, entry } = props;
  const base = `/desk/issues/${view.number}/entries/${entry.id}`;
  const moves = view.moves.get(entry.id) ?? { up: false, down: false };
  const summarized = entry.summary.trim() || entry.opinion.trim();
  const draft = view.status === "draft";
  return (
    <li
      class="composer-entry"
      id={`entry-${entry.id}`}
      data-entry={String(entry.id)}
      data-title={entry.title}
      data-move-url={draft ? `${base}/move` : undefined}
      draggable={draft ? "true" : undefined}
      tabindex={-1}
    >
      <div class="composer-entry-bar">
        {draft ? (
          <span class="drag-handle" aria-hidden="true" title="Drag to reorder">
            ⠿
          </span>
        ) : null}
        <span class="result-meta composer-entry-meta">
          {entry.summarizers.join("/") || "no summarizer"} · {entry.category}
        </span>
        {entry.highlight ? <span class="badge highlight">highlight</span> : null}
        {summarized ? null : <span class="badge">link only</span>}
        {view.authorReviews.has(entry.id) ? (
          <span class={`badge author-review-${view.authorReviews.get(entry.id)}`}>
            author review: {view.authorReviews.get(entry.id)}
          </span>
        ) : null}
        <div class="composer-entry-actions">
          <a
            class="button small subtle composer-entry-edit"
            href={`/desk/entries/${entry.id}/edit`}
            aria-label={`Edit “${entry.title}”`}
          >
            Edit
          </a>
          {draft ? (
            <>
              <ActionForm
                session={session}
                action={`${base}/highlight`}
                fields={{ highlight: entry.highlight ? "0" : "1" }}
                label={entry.highlight ? "Unhighlight" : "Highlight"}
              />
              <MoveForm
                session={session}
                action={`${base}/move`}
                direction="up"
                title={entry.title}
                disabled={!moves.up}
              />
              <MoveForm
                session={session}
                action={`${base}/move`}
                direction="down"
                title={entry.title}
                disabled={!moves.down}
              />
              <ActionForm
                session={session}
                action={`${base}/remove`}
                label="Remove"
                class="button small danger"
                confirm="Take this entry out of the issue? It goes back to the ready entries."
              />
            </>
          ) : null}
        </div>
      </div>
      <EntryText view={view} entry={entry} />
    </li>
  );
}

/** One run's list: what a drag may reorder, named for screen readers by where it sits. */
function RunList(props: { view: ComposerView; session: StaffSession; entries: IssueEntry[]; where: string }) {
  const first = props.entries[0]!;
  const links = !(first.summary.trim() || first.opinion.trim());
  return (
    <ol
      class={links ? "composer-entries link-run" : "composer-entries"}
      data-run={`${first.highlight ? "h" : "s"}|${first.category}|${links ? "link" : "summary"}`}
      aria-label={`${props.where}${links ? ", listed as links" : ""}`}
    >
      {props.entries.map((e) => (
        <EntryItem view={props.view} session={props.session} entry={e} />
      ))}
    </ol>
  );
}

export function IssueLayout({ view, session }: { view: ComposerView; session: StaffSession }) {
  return (
    <>
      {view.introHtml ? <div class="composer-intro reading">{raw(view.introHtml)}</div> : null}
      {view.groups.length === 0 ? (
        <p class="muted">Nothing in this issue yet. Add ready entries from the list.</p>
      ) : null}
      {view.groups.map((g) => (
        <section class="composer-group">
          <h3
            class={
              g.heading === "Highlights" ? "composer-group-heading highlights" : "composer-group-heading"
            }
          >
            {g.heading}
          </h3>
          {g.categories.map((cat) => (
            <>
              {cat.name ? <h4 class="composer-category-heading">{cat.name}</h4> : null}
              {orderRuns(cat.entries).map((run) => (
                <RunList
                  view={view}
                  session={session}
                  entries={run}
                  where={cat.name ? `${g.heading}: ${cat.name}` : `${g.heading}: ${run[0]!.category}`}
                />
              ))}
            </>
          ))}
        </section>
      ))}
      {/* composer.js says here what a move did ("Moved X to position 2 of 3"). */}
      <p id="composer-live" class="visually-hidden" role="status" aria-live="polite" />
    </>
  );
}
