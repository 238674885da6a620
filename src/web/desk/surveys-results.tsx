import type { StaffSession } from "../../accounts/index.ts";
import type { CrossTab, QuestionResult, Survey, SurveyResults } from "../../surveys/index.ts";
import type { Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CrossTabTable, SegmentForm, type SegmentQuery } from "./surveys-segments.tsx";

const percent = (count: number, of: number) => (of ? Math.round((count / of) * 1000) / 10 : 0);

/** Counts as bars: a <meter> per row (no script, no inline style), the number and share beside it. */
function Bars({ rows, of, label }: { rows: { label: string; count: number }[]; of: number; label: string }) {
  return (
    <ul class="survey-bars" aria-label={label}>
      {rows.map((r) => (
        <li>
          <span>{r.label}</span>
          <meter min={0} max={Math.max(of, 1)} value={r.count} aria-hidden="true" />
          <span>
            {r.count} ({percent(r.count, of)}%)
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Written answers shown per question: a page of 10,000 answers helps no one (and costs the
 * server most of the page's time); the search narrows them, the downloads hold them all.
 */
export const TEXTS_SHOWN = 100;

function Texts({ texts, search, what }: { texts: string[]; search: string; what: string }) {
  const needle = search.trim().toLowerCase();
  const matching = needle ? texts.filter((t) => t.toLowerCase().includes(needle)) : texts;
  const shown = matching.slice(0, TEXTS_SHOWN);
  return (
    <>
      <p class="muted">
        {needle
          ? `${matching.length} of ${texts.length} ${what} contain "${search.trim()}".`
          : `${texts.length} ${texts.length === 1 ? what.replace(/answers$/, "answer") : what}.`}
        {matching.length > shown.length
          ? ` The first ${shown.length} are shown: search to narrow them, or download them all.`
          : ""}
      </p>
      <ul class="survey-texts">
        {shown.map((t) => (
          <li>{t}</li>
        ))}
      </ul>
    </>
  );
}

function QuestionBlock({ q, n, search }: { q: QuestionResult; n: number; search: string }) {
  return (
    <section class="card survey-result" id={`result-${q.id}`} aria-labelledby={`result-${q.id}-h`}>
      <h2 id={`result-${q.id}-h`}>
        {n}. {q.text}
      </h2>
      <p class="muted">
        {q.kind.replace("_", " ")} · {q.answers} answer{q.answers === 1 ? "" : "s"}
        {q.required ? " · required" : ""}
      </p>
      {q.counts ? (
        <Bars
          rows={q.counts.map((c) => ({ label: c.option, count: c.count }))}
          of={q.answers}
          label={q.text}
        />
      ) : null}
      {q.other?.length ? (
        <>
          <h3>"Other" answers</h3>
          <Texts texts={q.other} search={search} what={`"Other" answers`} />
        </>
      ) : null}
      {q.distribution ? (
        <>
          <Bars
            rows={q.distribution.map((d) => ({
              label:
                d.value === 1 && q.minLabel
                  ? `1 (${q.minLabel})`
                  : d.value === q.distribution!.length && q.maxLabel
                    ? `${d.value} (${q.maxLabel})`
                    : String(d.value),
              count: d.count,
            }))}
            of={q.answers}
            label={q.text}
          />
          <p>
            Mean <strong>{q.mean ?? "–"}</strong>, median <strong>{q.median ?? "–"}</strong>
          </p>
        </>
      ) : null}
      {q.texts ? <Texts texts={q.texts} search={search} what="answers" /> : null}
    </section>
  );
}

/** /desk/surveys/SLUG/results: per question, counts and shares as bars, scales' mean and median, texts searchable; a segment filter and a cross-tab. */
export function SurveyResultsPage(props: {
  site: Site;
  session: StaffSession;
  survey: Survey;
  results: SurveyResults;
  query: SegmentQuery;
  /** Every response, before the segments. */
  total: number;
  /** The segments applied, as phrases. */
  segments: string[];
  cross?: CrossTab;
  /** A segment or cross-tab the survey cannot take, named. */
  error?: string;
}) {
  const { survey, results } = props;
  const base = `/desk/surveys/${survey.slug}`;
  return (
    <Page site={props.site} title={`Results: ${survey.title}`} session={props.session}>
      <p>
        <a href={base}>← {survey.title}</a>
      </p>
      <h1>Results: {survey.title}</h1>
      <p>
        {props.total} response{props.total === 1 ? "" : "s"} ({survey.anonymity}). Download the raw responses
        as <a href={`${base}/responses.csv`}>CSV</a> or <a href={`${base}/responses.json`}>JSON</a>.
      </p>
      <SegmentForm survey={survey} query={props.query} action={`${base}/results`} />
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.segments.length ? (
        <p role="status" id="segment-status">
          Showing <strong>{results.responses}</strong> of {props.total} responses: {props.segments.join("; ")}
          .
        </p>
      ) : null}
      {props.cross ? <CrossTabTable t={props.cross} /> : null}
      {results.questions.map((q, i) => (
        <QuestionBlock q={q} n={i + 1} search={props.query.q} />
      ))}
    </Page>
  );
}
