import type { CrossTab, Survey } from "../../surveys/index.ts";
import { optionsOf } from "../../surveys/index.ts";

/**
 * The results page's segment filter and cross-tab (a GET form: it works without JavaScript and
 * its address can be bookmarked or shared with another editor).
 */

/** What the form was given, as the query string carries it. */
export interface SegmentQuery {
  q: string;
  edition: string;
  since: string;
  before: string;
  /** "QUESTION=OPTION" or "". */
  answer: string;
  row: string;
  col: string;
}

export const SEGMENT_FIELDS = ["q", "edition", "since", "before", "answer", "row", "col"] as const;

/** The segment texts (as `summa survey results --where` reads them) the query asks for. */
export function segmentTexts(query: SegmentQuery): string[] {
  return [
    query.edition ? `edition=${query.edition}` : "",
    query.since ? `since=${query.since}` : "",
    query.before ? `before=${query.before}` : "",
    query.answer,
  ].filter(Boolean);
}

const choiceQuestions = (survey: Survey) =>
  survey.questions.flatMap((q) => {
    const options = optionsOf(q);
    return options ? [{ q, options }] : [];
  });

export function SegmentForm({
  survey,
  query,
  action,
}: {
  survey: Survey;
  query: SegmentQuery;
  action: string;
}) {
  const choices = choiceQuestions(survey);
  const linked = survey.anonymity === "linked";
  return (
    <search>
      <form method="get" action={action} class="card survey-filter" aria-labelledby="segment-h">
        <h2 id="segment-h">Search, segment and cross-tab</h2>
        <div class="field">
          <label for="survey-search">Search the written answers</label>
          <input id="survey-search" type="search" name="q" value={query.q} maxlength={200} />
        </div>
        {linked ? (
          <>
            <div class="field">
              <label for="segment-edition">Edition</label>
              <select id="segment-edition" name="edition">
                <option value="" selected={!query.edition}>
                  Any
                </option>
                <option value="full" selected={query.edition === "full"}>
                  Full
                </option>
                <option value="highlights" selected={query.edition === "highlights"}>
                  Highlights only
                </option>
              </select>
            </div>
            <div class="field">
              <label for="segment-since">Subscribed on or after</label>
              <input id="segment-since" type="date" name="since" value={query.since} />
            </div>
            <div class="field">
              <label for="segment-before">Subscribed before</label>
              <input id="segment-before" type="date" name="before" value={query.before} />
            </div>
          </>
        ) : (
          <p class="muted" id="segment-anonymous">
            This survey is anonymous: its answers name no reader, so there are no edition or subscriber-since
            segments (a linked survey has them).
          </p>
        )}
        {choices.length ? (
          <div class="field">
            <label for="segment-answer">Only those who answered</label>
            <select id="segment-answer" name="answer">
              <option value="" selected={!query.answer}>
                Anyone
              </option>
              {choices.map(({ q, options }) => (
                <optgroup label={q.text}>
                  {options.map((o) => (
                    <option value={`${q.id}=${o}`} selected={query.answer === `${q.id}=${o}`}>
                      {o}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
        ) : null}
        {choices.length >= 2 ? (
          <fieldset class="field">
            <legend>Cross-tab two questions</legend>
            <label for="cross-row">Rows</label>
            <QuestionSelect id="cross-row" name="row" value={query.row} choices={choices} />
            <label for="cross-col">Columns</label>
            <QuestionSelect id="cross-col" name="col" value={query.col} choices={choices} />
          </fieldset>
        ) : null}
        <div class="actions">
          <button type="submit">Show</button> <a href={action}>Clear</a>
        </div>
      </form>
    </search>
  );
}

function QuestionSelect(props: {
  id: string;
  name: string;
  value: string;
  choices: ReturnType<typeof choiceQuestions>;
}) {
  return (
    <select id={props.id} name={props.name}>
      <option value="" selected={!props.value}>
        None
      </option>
      {props.choices.map(({ q }) => (
        <option value={q.id} selected={props.value === q.id}>
          {q.text}
        </option>
      ))}
    </select>
  );
}

/** A cross-tab as a table: a caption, the column options as column headers, each row's option as a row header. */
export function CrossTabTable({ t }: { t: CrossTab }) {
  return (
    <section class="card" aria-labelledby="crosstab-h">
      <h2 id="crosstab-h">Cross-tab</h2>
      <div class="table-scroll">
        <table class="desk-table crosstab">
          <caption>
            {t.rows.text} (rows) by {t.columns.text} (columns): {t.answeredBoth} response
            {t.answeredBoth === 1 ? "" : "s"} answered both
          </caption>
          <thead>
            <tr>
              <td />
              {t.columns.options.map((o) => (
                <th scope="col">{o}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {t.rows.options.map((o, i) => (
              <tr>
                <th scope="row">{o}</th>
                {t.counts[i]!.map((n) => (
                  <td>{n}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
