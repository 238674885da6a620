import {
  type Answer,
  type Answers,
  fieldName,
  OTHER_VALUE,
  otherFieldName,
  type SurveyQuestion,
  sectionsOf,
} from "../../domain/index.ts";

/** The honeypot's name: people never see or reach it; a bot filling every input does. */
export const SURVEY_HONEYPOT = "homepage";

export interface SurveyFormProps {
  action: string;
  questions: readonly SurveyQuestion[];
  /** What the reader gave (after an error, or their earlier response to change). */
  answers: Answers;
  errors: Record<string, string>;
  submitLabel: string;
}

const domId = (q: SurveyQuestion) => `question-${q.id}`;
const errorId = (q: SurveyQuestion) => `question-${q.id}-error`;

function choicesOf(answer: Answer | undefined): { choices: string[]; other: string } {
  if (answer && typeof answer === "object") return answer;
  return { choices: typeof answer === "string" ? [answer] : [], other: "" };
}

/** One question: a fieldset, its legend the question, its error (if any) right under it. */
function Question({
  q,
  n,
  answer,
  error,
}: {
  q: SurveyQuestion;
  n: number;
  answer?: Answer;
  error?: string;
}) {
  const id = domId(q);
  const described = error ? errorId(q) : undefined;
  const invalid = error ? "true" : undefined;
  const input = { "aria-describedby": described, "aria-invalid": invalid };
  const given = choicesOf(answer);
  let body: unknown;
  if (q.kind === "single" || q.kind === "multiple") {
    const type = q.kind === "single" ? "radio" : "checkbox";
    body = (
      <ul class="survey-choices">
        {q.options.map((option, i) => (
          <li>
            <label for={`${id}-${i}`}>
              <input
                type={type}
                id={`${id}-${i}`}
                name={fieldName(q)}
                value={option}
                checked={given.choices.includes(option)}
                {...input}
              />{" "}
              {option}
            </label>
          </li>
        ))}
        {q.other ? (
          <li class="survey-other">
            <label for={`${id}-other`}>
              <input
                type="checkbox"
                id={`${id}-other`}
                name={fieldName(q)}
                value={OTHER_VALUE}
                checked={given.other !== ""}
                {...input}
              />{" "}
              Other
            </label>{" "}
            <label for={`${id}-other-text`} class="visually-hidden">
              Other, please say what (question {n})
            </label>
            <input
              type="text"
              id={`${id}-other-text`}
              name={otherFieldName(q)}
              maxlength={500}
              value={given.other}
              placeholder="please say what"
              {...input}
            />
          </li>
        ) : null}
      </ul>
    );
  } else if (q.kind === "scale") {
    const chosen = typeof answer === "number" ? answer : null;
    body = (
      <div class="survey-scale">
        {q.minLabel ? <span class="survey-scale-end">1 = {q.minLabel}</span> : null}
        <ul class="survey-scale-points">
          {Array.from({ length: q.max }, (_, i) => i + 1).map((v) => (
            <li>
              <label for={`${id}-${v}`}>
                <input
                  type="radio"
                  id={`${id}-${v}`}
                  name={fieldName(q)}
                  value={String(v)}
                  checked={chosen === v}
                  {...input}
                />
                <span>{v}</span>
              </label>
            </li>
          ))}
        </ul>
        {q.maxLabel ? (
          <span class="survey-scale-end">
            {q.max} = {q.maxLabel}
          </span>
        ) : null}
      </div>
    );
  } else {
    const text = typeof answer === "string" ? answer : "";
    // The legend names the group; the box's own label is "Your answer", read after it.
    body = (
      <>
        <label for={`${id}-text`} class="hint">
          Your answer
        </label>
        {q.kind === "short_text" ? (
          <input type="text" id={`${id}-text`} name={fieldName(q)} maxlength={500} value={text} {...input} />
        ) : (
          <textarea id={`${id}-text`} name={fieldName(q)} rows={5} {...input}>
            {text}
          </textarea>
        )}
      </>
    );
  }
  return (
    <fieldset class={`field survey-question${error ? " invalid" : ""}`} id={id} aria-describedby={described}>
      <legend id={`${id}-legend`}>
        {n}. {q.text} <span class="hint">{q.required ? "(required)" : "(optional)"}</span>
      </legend>
      {error ? (
        <p class="field-error" id={errorId(q)}>
          {error}
        </p>
      ) : null}
      {body}
    </fieldset>
  );
}

/**
 * The survey as a form: no JavaScript, one fieldset per question, errors beside their
 * questions and listed (with links) at the top. `novalidate`: the server's messages, next to
 * the question, are the ones a reader sees, the same in every browser.
 */
export function SurveyForm(props: SurveyFormProps) {
  const wrong = props.questions.filter((q) => props.errors[q.id]);
  return (
    <form method="post" action={props.action} class="survey-form" novalidate>
      {wrong.length ? (
        <div class="notice error" role="alert" id="survey-errors">
          <p>{wrong.length === 1 ? "One answer needs" : `${wrong.length} answers need`} your attention:</p>
          <ul>
            {wrong.map((q) => (
              <li>
                <a href={`#${domId(q)}`}>
                  {q.text}: {props.errors[q.id]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {sectionsOf(props.questions).map((section, s) => {
        const questions = section.questions.map(({ q, n }) => (
          <Question q={q} n={n} answer={props.answers[q.id]} error={props.errors[q.id]} />
        ));
        return section.heading ? (
          <section class="survey-section" aria-labelledby={`survey-section-${s + 1}`}>
            <h2 id={`survey-section-${s + 1}`}>{section.heading}</h2>
            {questions}
          </section>
        ) : (
          questions
        );
      })}
      <div class="hp" aria-hidden="true">
        <label for={`survey-${SURVEY_HONEYPOT}`}>Leave this field empty</label>
        <input
          type="text"
          id={`survey-${SURVEY_HONEYPOT}`}
          name={SURVEY_HONEYPOT}
          tabindex={-1}
          autocomplete="off"
        />
      </div>
      <div class="actions">
        <button type="submit">{props.submitLabel}</button>
      </div>
    </form>
  );
}
