import { type Context, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { raw } from "hono/html";
import type { Answers } from "../../domain/index.ts";
import { SummaError } from "../../domain/index.ts";
import { markdown } from "../../formats/render/markdown-engine.ts";
import type { SubscriberRow } from "../../store/index.ts";
import {
  getSurvey,
  type Survey,
  stateOf,
  submitResponse,
  subscriberAnswers,
  surveySubscriber,
} from "../../surveys/index.ts";
import { clientAddress } from "../client.ts";
import type { AppEnv, Site } from "../env.ts";
import { httpStatusFor } from "../http-errors.ts";
import { Page } from "../layout.tsx";
import { fromAnotherSite } from "./subscribe.tsx";
import { linkToken, smallForm } from "./subscription-common.tsx";
import { SURVEY_HONEYPOT, SurveyForm } from "./survey-form.tsx";

/** The cookie that marks "this browser answered" an anonymous survey (no id in it: just "1"). */
const answeredCookie = (survey: Survey) => `summa_survey_${survey.id}`;
const YEAR_SECONDS = 365 * 24 * 60 * 60;

const dateText = (iso: string) => iso.slice(0, 10);

/** What the page tells the reader is kept, by anonymity: said before they answer. */
function WhatIsStored({ survey }: { survey: Survey }) {
  return survey.anonymity === "anonymous" ? (
    <p class="hint survey-privacy">
      This survey is anonymous: your answers are stored without your name, email address or anything linking
      them to you. Your network address is counted for an hour to limit repeated responses, and a cookie on
      this browser notes that you answered, so the survey is not answered twice by accident.
    </p>
  ) : (
    <p class="hint survey-privacy">
      Your answers are stored with your subscription (one response per subscriber), so you can come back
      through the link in your email and change them until the survey closes. Only the editors see them.
    </p>
  );
}

interface SurveyPageProps {
  site: Site;
  survey: Survey;
  /** The form's action (with the reader's token for a linked survey). */
  action: string;
  answers: Answers;
  errors: Record<string, string>;
  /** A linked survey the subscriber answered before: they are changing it. */
  changing: boolean;
}

function SurveyPage(props: SurveyPageProps) {
  const { survey } = props;
  const failed = Object.keys(props.errors).length > 0;
  return (
    <Page site={props.site} title={failed ? `Please check your answers: ${survey.title}` : survey.title}>
      <section class="reading survey-page">
        <h1>{survey.title}</h1>
        <p class="hint">
          A {survey.minutes}-minute survey, {survey.questions.length} question
          {survey.questions.length === 1 ? "" : "s"}
          {survey.closesAt ? `, open until ${dateText(survey.closesAt)}` : ""}.
        </p>
        {survey.intro ? <div class="survey-intro">{raw(markdown.render(survey.intro))}</div> : null}
        <WhatIsStored survey={survey} />
        {props.changing ? (
          <p class="notice ok">You have answered this survey; change any answer below and send it again.</p>
        ) : null}
        <SurveyForm
          action={props.action}
          questions={survey.questions}
          answers={props.answers}
          errors={props.errors}
          submitLabel={props.changing ? "Save my changed answers" : "Send my answers"}
        />
      </section>
    </Page>
  );
}

/** A short page: closed, not open yet, answered already, a link that does not work. */
function NoticePage({ site, title, children }: { site: Site; title: string; children: unknown }) {
  return (
    <Page site={site} title={title}>
      <section class="reading narrow-page">
        <h1>{title}</h1>
        {children}
      </section>
    </Page>
  );
}

function NotOpen({ site, survey }: { site: Site; survey: Survey }) {
  const closed = stateOf(survey) === "closed";
  return (
    <NoticePage site={site} title={closed ? "This survey is closed" : "This survey is not open yet"}>
      <p>
        {closed
          ? `Thank you for your interest: "${survey.title}" no longer takes answers.`
          : `"${survey.title}" opens on ${dateText(survey.opensAt ?? "")}. Please come back then.`}
      </p>
      <p>
        Meanwhile, read the <a href="/issues">archive</a>.
      </p>
    </NoticePage>
  );
}

function NeedsLink({ site, survey }: { site: Site; survey: Survey }) {
  return (
    <NoticePage site={site} title="Please use the link in your email">
      <p>
        "{survey.title}" is answered by subscribers, each through the personal link in the issue's email, so
        that each can answer once and change the answer later. This link is missing that part or does not
        work: a link that wraps across two lines in some mail programs loses its end; copy the whole address
        into the browser.
      </p>
    </NoticePage>
  );
}

/** The reader of a linked survey's link, or null when the token is missing or does not verify. */
async function linkedReader(c: Context<AppEnv>): Promise<SubscriberRow | null> {
  const token = linkToken(c);
  return token ? surveySubscriber(c.var.store, token) : null;
}

const formAction = (survey: Survey, token: string) =>
  `/surveys/${survey.slug}${survey.anonymity === "linked" ? `?t=${encodeURIComponent(token)}` : ""}`;

/** GET/POST /surveys/SLUG and its thanks page. */
export function surveyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // A survey page may carry a reader's answers and token: kept by no cache, and its address
  // (token included) is not sent on as a Referer by links to other sites in the intro.
  // same-origin, not no-referrer: under no-referrer browsers send "Origin: null" with the
  // form's own POST, which the Origin check must refuse.
  app.use("/surveys/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "private, no-store");
    c.header("Referrer-Policy", "same-origin");
  });

  app.get("/surveys/:slug", async (c) => {
    const survey = await getSurvey(c.var.store, c.req.param("slug"));
    const site = c.var.site;
    if (stateOf(survey) !== "open") return c.html(<NotOpen site={site} survey={survey} />);
    let answers: Answers = {};
    if (survey.anonymity === "linked") {
      const reader = await linkedReader(c);
      if (!reader) return c.html(<NeedsLink site={site} survey={survey} />, 403);
      answers = (await subscriberAnswers(c.var.store, survey, reader.id)) ?? {};
    } else if (getCookie(c, answeredCookie(survey))) {
      return c.html(
        <NoticePage site={site} title="You have answered this survey">
          <p>Thank you: this browser has sent its answers to "{survey.title}" already.</p>
        </NoticePage>,
      );
    }
    return c.html(
      <SurveyPage
        site={site}
        survey={survey}
        action={formAction(survey, linkToken(c))}
        answers={answers}
        errors={{}}
        changing={Object.keys(answers).length > 0}
      />,
    );
  });

  // The same protections as the sign-up form: a small body, the Origin check, a honeypot, a
  // rate limit per address (anonymous surveys; a linked one is one row per subscriber anyway).
  app.post("/surveys/:slug", smallForm(), async (c) => {
    if (fromAnotherSite(c))
      throw new SummaError("auth.csrf", "This form was sent from another site. Please answer on this site.");
    const survey = await getSurvey(c.var.store, c.req.param("slug"));
    const site = c.var.site;
    const token = linkToken(c);
    const thanks = `/surveys/${survey.slug}/thanks${survey.anonymity === "linked" ? `?t=${encodeURIComponent(token)}` : ""}`;
    if (stateOf(survey) !== "open") return c.html(<NotOpen site={site} survey={survey} />, 409);
    const body = await c.req.parseBody({ all: true });
    const values = (name: string): string[] => {
      const v = body[name];
      return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
        (x): x is string => typeof x === "string",
      );
    };
    if ((values(SURVEY_HONEYPOT)[0] ?? "") !== "") return c.redirect(thanks, 303);
    let reader: SubscriberRow | null = null;
    if (survey.anonymity === "linked") {
      reader = await linkedReader(c);
      if (!reader) return c.html(<NeedsLink site={site} survey={survey} />, 403);
    } else if (getCookie(c, answeredCookie(survey))) return c.redirect(thanks, 303);
    let outcome: Awaited<ReturnType<typeof submitResponse>>;
    try {
      outcome = await submitResponse(
        c.var.store,
        survey,
        values,
        reader ? { subscriberId: reader.id } : { client: clientAddress(c) },
      );
    } catch (err) {
      if (!(err instanceof SummaError) || err.code !== "auth.rate_limited") throw err;
      return c.html(
        <NoticePage site={site} title="Too many responses">
          <p>{err.message}</p>
        </NoticePage>,
        httpStatusFor(err.code),
      );
    }
    if (outcome.kind === "invalid") {
      const previous = reader ? await subscriberAnswers(c.var.store, survey, reader.id) : null;
      return c.html(
        <SurveyPage
          site={site}
          survey={survey}
          action={formAction(survey, token)}
          answers={outcome.answers}
          errors={outcome.errors}
          changing={previous !== null}
        />,
        422,
      );
    }
    if (survey.anonymity === "anonymous")
      setCookie(c, answeredCookie(survey), "1", {
        path: `/surveys/${survey.slug}`,
        maxAge: YEAR_SECONDS,
        httpOnly: true,
        sameSite: "Lax",
        secure: new URL(c.req.url).protocol === "https:",
      });
    return c.redirect(
      `${thanks}${outcome.changed ? `${thanks.includes("?") ? "&" : "?"}changed=1` : ""}`,
      303,
    );
  });

  app.get("/surveys/:slug/thanks", async (c) => {
    const survey = await getSurvey(c.var.store, c.req.param("slug"));
    const token = linkToken(c);
    const changed = c.req.query("changed") === "1";
    return c.html(
      <NoticePage site={c.var.site} title="Thank you">
        <p>
          {changed ? "Your changed answers are saved." : `Your answers to "${survey.title}" are recorded.`}
        </p>
        {survey.anonymity === "linked" && token && stateOf(survey) === "open" ? (
          <p>
            You can <a href={formAction(survey, token)}>change your answers</a> until the survey closes
            {survey.closesAt ? ` on ${dateText(survey.closesAt)}` : ""}.
          </p>
        ) : null}
        <p>
          Back to the <a href="/issues">archive</a>.
        </p>
      </NoticePage>,
    );
  });
  return app;
}
