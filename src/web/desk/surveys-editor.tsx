import { estimateMinutes, type QuestionKind } from "../../domain/survey.ts";
import { CSRF_FIELD } from "../security.ts";
import { draftKinds, type QuestionDraft, type SurveyDraft } from "./surveys-draft.ts";

/**
 * The desk's survey editor: title, intro, anonymity, dates and every question as plain form
 * fields (no JavaScript: positions reorder, a checkbox removes, the last blank group adds one).
 * The same form creates a survey (with its slug) and edits one.
 */
const KIND_LABELS: Record<QuestionKind, string> = {
  single: "Single choice",
  multiple: "Multiple choice",
  scale: "Scale",
  short_text: "Short text",
  long_text: "Long text",
};

function QuestionFields(props: { q: QuestionDraft; slot: number; isNew: boolean; answered: number }) {
  const { q, slot } = props;
  const name = (field: string) => `q-${slot}-${field}`;
  const id = (field: string) => `q-${slot}-${field}`;
  return (
    <fieldset class="card survey-editor-question" id={`q-${slot}`}>
      <legend>
        {props.isNew ? "Add a question (leave the text empty to add none)" : `Question ${q.position}`}
        {props.answered ? ` (${props.answered} answer${props.answered === 1 ? "" : "s"})` : ""}
      </legend>
      {props.answered ? (
        <p class="muted wide" id={id("answered")}>
          Readers have answered this question: it cannot be removed or change kind or scale, and its options
          can only be added to. Rewording it changes what its past answers seem to answer.
        </p>
      ) : null}
      <div class="field wide">
        <label for={id("text")}>Question</label>
        <input id={id("text")} name={name("text")} type="text" maxlength={2000} value={q.text} />
      </div>
      <div class="field">
        <label for={id("kind")}>Kind</label>
        <select id={id("kind")} name={name("kind")}>
          {(Object.keys(KIND_LABELS) as QuestionKind[]).map((k) => (
            <option value={k} selected={q.kind === k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div class="checkbox">
        <input id={id("required")} name={name("required")} type="checkbox" checked={q.required} />{" "}
        <label for={id("required")}>Required</label>
      </div>
      <div class="field wide">
        <label for={id("options")}>Choices, one a line (single and multiple choice)</label>
        <textarea id={id("options")} name={name("options")} rows={4}>
          {q.options}
        </textarea>
      </div>
      <div class="checkbox">
        <input id={id("other")} name={name("other")} type="checkbox" checked={q.other} />{" "}
        <label for={id("other")}>Offer "Other: ___" (multiple choice)</label>
      </div>
      <div class="field">
        <label for={id("max")}>Scale (scale questions)</label>
        <select id={id("max")} name={name("max")}>
          <option value="5" selected={q.max !== "10"}>
            1 to 5
          </option>
          <option value="10" selected={q.max === "10"}>
            1 to 10
          </option>
        </select>
      </div>
      <div class="field">
        <label for={id("min_label")}>Label of 1 (scale)</label>
        <input id={id("min_label")} name={name("min_label")} type="text" maxlength={100} value={q.minLabel} />
      </div>
      <div class="field">
        <label for={id("max_label")}>Label of the top value (scale)</label>
        <input id={id("max_label")} name={name("max_label")} type="text" maxlength={100} value={q.maxLabel} />
      </div>
      <div class="field">
        <label for={id("section")}>
          Section heading (optional; consecutive questions with one heading are shown together)
        </label>
        <input id={id("section")} name={name("section")} type="text" maxlength={200} value={q.section} />
      </div>
      <div class="field">
        <label for={id("position")}>Position (change the numbers to reorder)</label>
        <input id={id("position")} name={name("position")} type="number" step="any" value={q.position} />
      </div>
      {props.isNew ? (
        <div class="field">
          <label for={id("id")}>Id (optional: letters, digits, - and _; the exports' column name)</label>
          <input id={id("id")} name={name("id")} type="text" maxlength={40} value={q.id} />
        </div>
      ) : (
        <>
          <input type="hidden" name={name("id")} value={q.id} />
          <p class="muted">
            Id <code>{q.id}</code> (the exports' column)
          </p>
          <div class="checkbox">
            <input
              id={id("remove")}
              name={name("remove")}
              type="checkbox"
              checked={q.remove}
              aria-describedby={props.answered ? id("answered") : undefined}
            />{" "}
            <label for={id("remove")}>Remove this question</label>
          </div>
        </>
      )}
    </fieldset>
  );
}

export function SurveyEditorForm(props: {
  draft: SurveyDraft;
  action: string;
  csrfToken: string;
  /** A new survey: its slug is asked for. */
  creating: boolean;
  /** Answers per question id (none for a new survey). */
  answered: ReadonlyMap<string, number>;
  /** Responses so far: the anonymity is fixed once there are any. */
  responses: number;
  invalid: boolean;
}) {
  const d = props.draft;
  const minutes = estimateMinutes(draftKinds(d));
  const described = props.invalid ? "survey-problems" : undefined;
  return (
    <form method="post" action={props.action} class="survey-editor" aria-describedby={described}>
      <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
      <input type="hidden" name="question_slots" value={String(d.questions.length)} />
      <p id="survey-minutes">
        As written: a <strong>{minutes}-minute</strong> survey (from its questions; saved questions only).
      </p>
      {props.creating ? (
        <div class="field">
          <label for="survey-slug">Slug (its address, /surveys/SLUG: lowercase letters, digits and -)</label>
          <input id="survey-slug" name="slug" type="text" required maxlength={80} value={d.slug} />
        </div>
      ) : null}
      <div class="field">
        <label for="survey-title">Title</label>
        <input id="survey-title" name="title" type="text" required maxlength={200} value={d.title} />
      </div>
      <div class="field">
        <label for="survey-intro">Intro (Markdown)</label>
        <textarea id="survey-intro" name="intro" rows={5}>
          {d.intro}
        </textarea>
      </div>
      <fieldset class="field">
        <legend>Answers are</legend>
        {props.responses > 0 ? (
          <p class="muted">Fixed now that {props.responses} reader(s) answered.</p>
        ) : null}
        <div class="checkbox">
          <input
            id="survey-anonymous"
            type="radio"
            name="anonymity"
            value="anonymous"
            checked={d.anonymity !== "linked"}
          />{" "}
          <label for="survey-anonymous">Anonymous: never linked to a subscriber</label>
          <br />
          <input
            id="survey-linked"
            type="radio"
            name="anonymity"
            value="linked"
            checked={d.anonymity === "linked"}
          />{" "}
          <label for="survey-linked">Linked: one response per subscriber, through their email's link</label>
        </div>
      </fieldset>
      <div class="field">
        <label for="survey-opens">Opens (YYYY-MM-DD or an ISO time; empty: open now)</label>
        <input id="survey-opens" name="opens_at" type="text" value={d.opensAt} />
      </div>
      <div class="field">
        <label for="survey-closes">Closes (empty: until closed by hand)</label>
        <input id="survey-closes" name="closes_at" type="text" value={d.closesAt} />
      </div>
      <h2 id="questions-h">Questions</h2>
      {d.questions.map((q, slot) => (
        <QuestionFields
          q={q}
          slot={slot}
          isNew={slot === d.questions.length - 1 && !props.answered.has(q.id) && !q.id}
          answered={props.answered.get(q.id) ?? 0}
        />
      ))}
      <div class="actions">
        <button type="submit">{props.creating ? "Create" : "Save"}</button>
      </div>
    </form>
  );
}
