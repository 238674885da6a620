import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { SummaError } from "../domain/errors.ts";
import { surveyResponsesCsv, surveyResponsesJson } from "../formats/export/survey-responses.ts";
import type { Store } from "../store/index.ts";
import { surveyResponses } from "./results.ts";
import { getSurvey } from "./surveys.ts";

export type SurveyExportFormat = "csv" | "json";

/** The raw responses of a survey as CSV or JSON text (the desk's downloads). */
export async function surveyExportText(
  store: Store,
  slug: string,
  format: SurveyExportFormat,
): Promise<string> {
  const survey = await getSurvey(store, slug);
  const responses = await surveyResponses(store, survey);
  return format === "csv"
    ? surveyResponsesCsv(survey.questions, responses)
    : surveyResponsesJson(survey, responses);
}

/** Writes the responses to FILE.csv or FILE.json (by its extension); returns how many. */
export async function exportSurvey(store: Store, slug: string, file: string): Promise<number> {
  const ext = extname(file).toLowerCase();
  if (ext !== ".csv" && ext !== ".json")
    throw new SummaError("export.unknown_format", `${file}: a survey exports to .csv or .json`, { file });
  const format = ext === ".csv" ? "csv" : "json";
  const survey = await getSurvey(store, slug);
  const responses = await surveyResponses(store, survey);
  await writeFile(
    file,
    format === "csv"
      ? surveyResponsesCsv(survey.questions, responses)
      : surveyResponsesJson(survey, responses),
  );
  return responses.length;
}
