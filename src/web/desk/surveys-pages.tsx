import type { StaffSession } from "../../accounts/index.ts";
import type { SummaError } from "../../domain/errors.ts";
import { type FormsImportReport, type Survey, type SurveyListItem, stateOf } from "../../surveys/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD } from "../security.ts";
import { When } from "./entries-widgets.tsx";
import { draftOf, type SurveyDraft } from "./surveys-draft.ts";
import { SurveyEditorForm } from "./surveys-editor.tsx";

/** The desk's survey pages (routes in surveys.tsx): the list with its create form, a survey's edit page. */
const EXAMPLE = `{
  "slug": "retrospective-2019",
  "title": "One year of the newsletter",
  "intro": "Please help me figure out what to change.",
  "anonymity": "anonymous",
  "closes_at": "2019-05-01",
  "questions": [
    {"kind": "single", "text": "What do you do?", "options": ["Research", "Engineering"], "required": true},
    {"kind": "multiple", "text": "Which parts do you read?", "options": ["Highlights", "Opinions"], "other": true},
    {"kind": "scale", "text": "How useful is it?", "max": 5, "min_label": "Not at all", "max_label": "Very"},
    {"kind": "short_text", "text": "One word for it?"},
    {"kind": "long_text", "text": "Anything else?"}
  ]
}`;

/** A survey problem: the message, and each problem listed (survey.invalid names question and field). */
function Problems({ error }: { error?: SummaError }) {
  if (!error) return null;
  const problems = Array.isArray(error.details.problems) ? (error.details.problems as string[]) : [];
  return (
    <div class="notice error" role="alert" id="survey-problems">
      {problems.length ? (
        <>
          <p>Please fix:</p>
          <ul>
            {problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{error.message}</p>
      )}
    </div>
  );
}

export function ListPage(props: {
  site: Site;
  session: StaffSession;
  surveys: SurveyListItem[];
  json?: string;
  error?: SummaError;
}) {
  return (
    <Page site={props.site} title="Surveys" session={props.session}>
      <h1>Surveys</h1>
      {props.surveys.length ? (
        <div class="table-scroll">
          <table class="desk-table">
            <caption class="visually-hidden">Every survey, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Survey</th>
                <th scope="col">State</th>
                <th scope="col">Answers</th>
                <th scope="col">Responses</th>
              </tr>
            </thead>
            <tbody>
              {props.surveys.map((s) => (
                <tr>
                  <td>
                    <a href={`/desk/surveys/${s.slug}`}>{s.title}</a> <span class="muted">({s.slug})</span>
                  </td>
                  <td>{s.state}</td>
                  <td>
                    {s.anonymity}, {s.minutes} min
                  </td>
                  <td>
                    <a href={`/desk/surveys/${s.slug}/results`}>{s.responses}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">No surveys yet.</p>
      )}
      <p>
        <a href="/desk/surveys/new">Write a new survey</a> question by question, or paste one as JSON:
      </p>
      <h2 id="create-heading">Create a survey from JSON</h2>
      <Problems error={props.error} />
      <form method="post" action="/desk/surveys" class="card" aria-labelledby="create-heading">
        <input type="hidden" name={CSRF_FIELD} value={props.session.csrfToken} />
        <div class="field">
          <label for="survey-json">The survey as JSON (the same as `summa survey create FILE.json`)</label>
          <textarea
            id="survey-json"
            name="json"
            rows={18}
            required
            aria-invalid={props.error ? "true" : undefined}
            aria-describedby={props.error ? "survey-problems" : undefined}
          >
            {props.json ?? EXAMPLE}
          </textarea>
        </div>
        <p class="muted">
          Kinds: single, multiple (with "other": true for "Other: ___"), scale (max 5 or 10, min_label,
          max_label), short_text, long_text; each "required": true or not. anonymity: anonymous (answers never
          linked to a subscriber) or linked (one response per subscriber, through their email's link).
        </p>
        <div class="actions">
          <button type="submit">Create</button>
        </div>
      </form>
    </Page>
  );
}

export function EditPage(props: {
  site: Site;
  session: StaffSession;
  survey: Survey;
  responses: number;
  answered: ReadonlyMap<string, number>;
  draft?: SurveyDraft;
  error?: SummaError;
  saved?: boolean;
  /** The outcome of a Google Forms import: its report, or why nothing was imported. */
  imported?: FormsImportReport;
  importError?: SummaError;
}) {
  const s = props.survey;
  const state = stateOf(s);
  const base = `/desk/surveys/${s.slug}`;
  const csrf = <input type="hidden" name={CSRF_FIELD} value={props.session.csrfToken} />;
  return (
    <Page site={props.site} title={`Survey: ${s.title}`} session={props.session}>
      <p>
        <a href="/desk/surveys">← Surveys</a>
      </p>
      <h1>{s.title}</h1>
      <p>
        {state}, {s.anonymity}, a {s.minutes}-minute survey, {props.responses} response
        {props.responses === 1 ? "" : "s"}. <a href={`${base}/results`}>Results</a>. In an issue, write{" "}
        <code>{`{{survey:${s.slug}}}`}</code>: it becomes{" "}
        <a href={`/surveys/${s.slug}`}>{`/surveys/${s.slug}`}</a> on the web
        {s.anonymity === "linked" ? " and each reader's own link in the email" : ""}.
      </p>
      {props.saved ? (
        <p class="notice" role="status">
          Saved.
        </p>
      ) : null}
      <form method="post" action={`${base}/${s.closedAt ? "reopen" : "close"}`}>
        {csrf}
        {s.closedAt ? (
          <p>
            Closed by hand <When iso={s.closedAt} />. <button type="submit">Reopen</button>
          </p>
        ) : (
          <button type="submit">Close the survey now</button>
        )}
      </form>
      <FormsImport
        action={`${base}/import`}
        csrfToken={props.session.csrfToken}
        report={props.imported}
        error={props.importError}
      />
      <h2>Edit</h2>
      <Problems error={props.error} />
      <SurveyEditorForm
        draft={props.draft ?? draftOf(s)}
        action={base}
        csrfToken={props.session.csrfToken}
        creating={false}
        answered={props.answered}
        responses={props.responses}
        invalid={props.error !== undefined}
      />
    </Page>
  );
}

/** /desk/surveys/new: the editor, empty, with a slug. */
export function NewPage(props: {
  site: Site;
  session: StaffSession;
  draft?: SurveyDraft;
  error?: SummaError;
}) {
  return (
    <Page site={props.site} title="New survey" session={props.session}>
      <p>
        <a href="/desk/surveys">← Surveys</a>
      </p>
      <h1>New survey</h1>
      <Problems error={props.error} />
      <SurveyEditorForm
        draft={props.draft ?? draftOf()}
        action="/desk/surveys/new"
        csrfToken={props.session.csrfToken}
        creating={true}
        answered={new Map()}
        responses={0}
        invalid={props.error !== undefined}
      />
    </Page>
  );
}

/**
 * Importing a Google Forms responses CSV (the newsletter's past surveys): columns matched to
 * questions by their text, the others reported; all or nothing. Larger files: `summa survey import`.
 */
function FormsImport(props: {
  action: string;
  csrfToken: string;
  report?: FormsImportReport;
  error?: SummaError;
}) {
  const r = props.report;
  return (
    <section class="card" aria-labelledby="forms-import-h">
      <h2 id="forms-import-h">Import Google Forms responses</h2>
      {r ? (
        <div class="notice" role="status" id="forms-import-report">
          <p>
            Imported {r.imported} response{r.imported === 1 ? "" : "s"}.
          </p>
          <ul>
            {r.mapped.map((m) => (
              <li>
                Column "{m.column}" → question <code>{m.question}</code>
              </li>
            ))}
          </ul>
          {r.unmapped.length ? (
            <p>Columns matching no question (left out): {r.unmapped.map((c) => `"${c}"`).join(", ")}</p>
          ) : null}
          {r.unanswered.length ? <p>Questions no column answers: {r.unanswered.join(", ")}</p> : null}
        </div>
      ) : null}
      {props.error ? (
        <p class="notice error" role="alert" id="forms-import-error">
          Nothing was imported: {props.error.message}
        </p>
      ) : null}
      <form method="post" action={props.action} enctype="multipart/form-data">
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <div class="field">
          <label for="forms-file">
            The responses CSV (Google Forms: Responses, Download responses; columns are matched to questions
            by their text; up to 1 MB here, any size with <code>summa survey import</code>)
          </label>
          <input
            id="forms-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby={props.error ? "forms-import-error" : undefined}
          />
        </div>
        <div class="field">
          <label for="forms-mapping">
            Columns mapped by hand (optional): one a line, <code>Column header=question id</code>; an empty id
            leaves the column out
          </label>
          <textarea id="forms-mapping" name="mapping" rows={3} />
        </div>
        <div class="actions">
          <button type="submit">Import</button>
        </div>
      </form>
    </section>
  );
}
