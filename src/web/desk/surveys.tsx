import { Hono } from "hono";
import { SummaError } from "../../domain/errors.ts";
import {
  answerCounts,
  applySegments,
  type CrossTab,
  closeSurvey,
  createSurvey,
  crossTab,
  describeSegment,
  editSurvey,
  type FormsImportReport,
  getSurvey,
  importFormsCsv,
  listSurveys,
  parseColumnMapping,
  parseSegment,
  reopenSurvey,
  responseCount,
  resultsOf,
  type Survey,
  surveyExportText,
  surveyResponses,
} from "../../surveys/index.ts";
import type { AppEnv } from "../env.ts";
import { formText } from "../params.ts";
import { requireDesk } from "../security.ts";
import { draftQuestions, readDraft } from "./surveys-draft.ts";
import { EditPage, ListPage, NewPage } from "./surveys-pages.tsx";
import { SurveyResultsPage } from "./surveys-results.tsx";
import { SEGMENT_FIELDS, type SegmentQuery, segmentTexts } from "./surveys-segments.tsx";

/** /desk/surveys: the list and create, a survey's edit page, its results and downloads. Editors and admins. */
export function surveysRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requireDesk("surveys.manage"));
  const session = (c: { var: AppEnv["Variables"] }) => c.var.session!;
  // A survey's desk page, whichever form was posted: the survey and how it was answered, plus
  // what the request adds (saved, a refused draft, an import's outcome).
  const editPage = async (
    c: { var: AppEnv["Variables"] },
    survey: Survey,
    extra: Pick<Parameters<typeof EditPage>[0], "saved" | "draft" | "error" | "imported" | "importError">,
  ) => (
    <EditPage
      site={c.var.site}
      session={session(c)}
      survey={survey}
      responses={await responseCount(c.var.store, survey)}
      answered={await answerCounts(c.var.store, survey)}
      {...extra}
    />
  );

  app.get("/", async (c) =>
    c.html(<ListPage site={c.var.site} session={session(c)} surveys={await listSurveys(c.var.store)} />),
  );

  app.post("/", async (c) => {
    const json = formText(await c.req.parseBody(), "json");
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(json);
      } catch (err) {
        throw new SummaError("survey.invalid", `Not JSON: ${(err as Error).message}`, {
          problems: [`not JSON: ${(err as Error).message}`],
        });
      }
      const created = await createSurvey(c.var.store, raw, "the survey");
      return c.redirect(`/desk/surveys/${created.slug}`, 303);
    } catch (err) {
      if (!(err instanceof SummaError) || (err.code !== "survey.invalid" && err.code !== "conflict"))
        throw err;
      return c.html(
        <ListPage
          site={c.var.site}
          session={session(c)}
          surveys={await listSurveys(c.var.store)}
          json={json}
          error={err}
        />,
        err.code === "conflict" ? 409 : 422,
      );
    }
  });

  app.get("/new", (c) => c.html(<NewPage site={c.var.site} session={session(c)} />));

  app.post("/new", async (c) => {
    const draft = readDraft(await c.req.parseBody());
    try {
      const created = await createSurvey(
        c.var.store,
        {
          slug: draft.slug,
          title: draft.title,
          intro: draft.intro,
          anonymity: draft.anonymity,
          opens_at: draft.opensAt,
          closes_at: draft.closesAt,
          questions: draftQuestions(draft),
        },
        "the survey",
      );
      return c.redirect(`/desk/surveys/${created.slug}`, 303);
    } catch (err) {
      if (!(err instanceof SummaError) || (err.code !== "survey.invalid" && err.code !== "conflict"))
        throw err;
      return c.html(
        <NewPage site={c.var.site} session={session(c)} draft={draft} error={err} />,
        err.code === "conflict" ? 409 : 422,
      );
    }
  });

  app.get("/:slug", async (c) => {
    const survey = await getSurvey(c.var.store, c.req.param("slug"));
    return c.html(await editPage(c, survey, { saved: c.req.query("saved") === "1" }));
  });

  app.post("/:slug", async (c) => {
    const survey = await getSurvey(c.var.store, c.req.param("slug"));
    const draft = readDraft(await c.req.parseBody());
    try {
      await editSurvey(c.var.store, survey.slug, { ...draft, questions: draftQuestions(draft) });
      return c.redirect(`/desk/surveys/${survey.slug}?saved=1`, 303);
    } catch (err) {
      if (!(err instanceof SummaError) || err.code !== "survey.invalid") throw err;
      return c.html(await editPage(c, survey, { draft, error: err }), 422);
    }
  });

  app.post("/:slug/import", async (c) => {
    const survey = await getSurvey(c.var.store, c.req.param("slug"));
    const body = await c.req.parseBody();
    const file = body.file;
    const page = async (
      extra: { imported?: FormsImportReport; importError?: SummaError },
      status: 200 | 422,
    ) => c.html(await editPage(c, survey, extra), status);
    try {
      if (!(file instanceof File) || file.size === 0)
        throw new SummaError("input.invalid", "Choose the responses CSV to import");
      const mapping = parseColumnMapping(formText(body, "mapping").split(/\r?\n/));
      const report = await importFormsCsv(c.var.store, survey.slug, await file.text(), file.name, mapping);
      return page({ imported: report }, 200);
    } catch (err) {
      if (!(err instanceof SummaError) || err.code !== "input.invalid") throw err;
      return page({ importError: err }, 422);
    }
  });

  app.post("/:slug/close", async (c) => {
    const survey = await closeSurvey(c.var.store, c.req.param("slug"));
    return c.redirect(`/desk/surveys/${survey.slug}`, 303);
  });
  app.post("/:slug/reopen", async (c) => {
    const survey = await reopenSurvey(c.var.store, c.req.param("slug"));
    return c.redirect(`/desk/surveys/${survey.slug}`, 303);
  });

  app.get("/:slug/results", async (c) => {
    const survey = await getSurvey(c.var.store, c.req.param("slug"));
    const query = Object.fromEntries(
      SEGMENT_FIELDS.map((f) => [f, (c.req.query(f) ?? "").trim().slice(0, 200)]),
    ) as unknown as SegmentQuery;
    const all = await surveyResponses(c.var.store, survey);
    let responses = all;
    let segments: string[] = [];
    let cross: CrossTab | undefined;
    let error: string | undefined;
    try {
      const parsed = segmentTexts(query).map((t) => parseSegment(survey, t));
      segments = parsed.map((s) => describeSegment(survey, s));
      responses = applySegments(survey, all, parsed);
      if (query.row && query.col) cross = crossTab(survey, responses, query.row, query.col);
      else if (query.row || query.col) error = "A cross-tab takes two questions: pick rows and columns.";
    } catch (err) {
      if (!(err instanceof SummaError) || err.code !== "input.invalid") throw err;
      error = err.message;
      responses = all;
      segments = [];
    }
    return c.html(
      <SurveyResultsPage
        site={c.var.site}
        session={session(c)}
        survey={survey}
        results={resultsOf(survey, responses)}
        query={query}
        total={all.length}
        segments={segments}
        cross={cross}
        error={error}
      />,
      error ? 400 : 200,
    );
  });

  for (const format of ["csv", "json"] as const)
    app.get(`/:slug/responses.${format}`, async (c) => {
      const survey = await getSurvey(c.var.store, c.req.param("slug"));
      const body = await surveyExportText(c.var.store, survey.slug, format);
      return c.body(body, 200, {
        "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="survey-${survey.slug}.${format}"`,
        "X-Content-Type-Options": "nosniff",
      });
    });
  return app;
}
