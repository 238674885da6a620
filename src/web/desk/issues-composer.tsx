import type { Child } from "hono/jsx";
import type { StaffSession } from "../../accounts/index.ts";
import type { ComposerView } from "../../issues/index.ts";
import type { ReadyEntryRow } from "../../store/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD } from "../security.ts";
import { IssueLayout } from "./issues-layout.tsx";
import { PublicationState, UnpublishForm } from "./issues-publication.tsx";
import { ActionForm, CheckFindings, issueTitle, Notice, StatusBadge } from "./issues-widgets.tsx";

/** What the details form shows: the stored values, or what was typed when saving failed. */
export interface DetailsValues {
  subject: string;
  intro: string;
  date: string;
}

export interface ComposerProps {
  site: Site;
  session: StaffSession;
  view: ComposerView;
  done?: string;
  error?: string;
  values?: DetailsValues;
  /** More panels for the side column (the Send panel of a published issue). */
  side?: Child;
}

function Details({
  view,
  session,
  values,
}: {
  view: ComposerView;
  session: StaffSession;
  values: DetailsValues;
}) {
  const published = view.status === "published";
  // A published issue keeps the day it went out; one imported without a date may still get one.
  const dated = published && view.date !== null;
  return (
    <form method="post" action={`/desk/issues/${view.number}/details`} class="card composer-details">
      <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
      <div class="field">
        <label for="issue-subject">Subject</label>
        <input
          id="issue-subject"
          name="subject"
          type="text"
          maxlength={200}
          value={values.subject}
          aria-describedby="issue-subject-line"
        />
        <span class="hint" id="issue-subject-line">
          Subject line: <strong class="subject-line">{view.subjectLine}</strong>. “[{view.label}]: ” is added;
          typing it too changes nothing.
        </span>
      </div>
      <div class="field">
        <label for="issue-date">Date</label>
        <input id="issue-date" name="date" type="date" value={values.date} readonly={dated} />
        <span class="hint">
          {dated
            ? "The day it was published; it no longer changes."
            : published
              ? "Not dated yet: the day it went out. A day after today hides it from readers until then."
              : "Empty: the day it is published."}
        </span>
      </div>
      <div class="field">
        <label for="issue-intro">Intro</label>
        <textarea id="issue-intro" name="intro" rows={6}>
          {values.intro}
        </textarea>
        <span class="hint">Markdown. Cross-references are written &lt;@Title@&gt;.</span>
      </div>
      <div class="actions">
        <button type="submit">{published ? "Save corrections" : "Save details"}</button>
      </div>
    </form>
  );
}

function ReadyRow({
  view,
  session,
  entry,
}: {
  view: ComposerView;
  session: StaffSession;
  entry: ReadyEntryRow;
}) {
  return (
    <li>
      <div class="composer-entry-main">
        <span class="composer-entry-title">{entry.title}</span>
        <span class="result-meta">
          {entry.summarizer || "no summarizer"} · {entry.category}
          {entry.summary ? "" : " · no summary"}
        </span>
      </div>
      <ActionForm
        session={session}
        action={`/desk/issues/${view.number}/entries`}
        fields={{ entry: String(entry.id), q: view.readyQuery }}
        label="Add"
        title={`Add “${entry.title}”`}
      />
    </li>
  );
}

function ReadyPanel({ view, session }: { view: ComposerView; session: StaffSession }) {
  return (
    <section class="card composer-ready" id="ready" aria-labelledby="ready-heading">
      <h2 id="ready-heading">Ready entries</h2>
      <form method="get" action={`/desk/issues/${view.number}#ready`} class="composer-search">
        <label for="ready-q">Title contains</label>
        <input id="ready-q" name="q" type="search" value={view.readyQuery} />
        <button type="submit" class="button small subtle">
          Search
        </button>
      </form>
      {view.ready.length ? (
        <ul class="composer-ready-list">
          {view.ready.map((e) => (
            <ReadyRow view={view} session={session} entry={e} />
          ))}
        </ul>
      ) : (
        <p class="muted">
          {view.readyQuery ? "No ready entry has that in its title." : "No entry is ready to be picked."}
        </p>
      )}
    </section>
  );
}

/** /desk/issues/N: the issue as it will appear, its details, the check, and entries to add. */
export function ComposerPage(props: ComposerProps) {
  const { view, session } = props;
  const values = props.values ?? { subject: view.subject, intro: view.intro, date: view.date ?? "" };
  return (
    <Page
      site={props.site}
      title={issueTitle(view.label, view.subject)}
      session={session}
      current="issues"
      scripts={["composer.js"]}
    >
      <p class="muted">
        <a href="/desk/issues">← Issues</a>
      </p>
      <div class="composer-head">
        <h1>
          {issueTitle(view.label, view.subject)} <StatusBadge status={view.status} />
        </h1>
        <div class="actions">
          <a class="button subtle" href={`/desk/issues/${view.number}/preview`}>
            Preview
          </a>
          <a class="button subtle" href={`/desk/issues/${view.number}/email`}>
            Email preview
          </a>
          {view.status === "draft" ? (
            <a class="button" href={`/desk/issues/${view.number}/publish`}>
              Publish…
            </a>
          ) : (
            <PublicationState view={view} session={session} />
          )}
        </div>
      </div>
      {view.status === "published" ? <UnpublishForm view={view} session={session} /> : null}
      <Notice done={props.done} error={props.error} />
      <div class="composer">
        <div class="composer-main">
          <Details view={view} session={session} values={values} />
          <section class="composer-layout" aria-labelledby="layout-heading">
            <h2 id="layout-heading">
              In this issue <span class="muted">({view.entryCount})</span>
            </h2>
            <IssueLayout view={view} session={session} />
          </section>
        </div>
        <aside class="composer-side">
          <section class="card composer-check" aria-labelledby="check-heading">
            <h2 id="check-heading">Check</h2>
            <CheckFindings view={view} />
          </section>
          {view.status === "draft" ? <ReadyPanel view={view} session={session} /> : null}
          {props.side}
        </aside>
      </div>
    </Page>
  );
}
