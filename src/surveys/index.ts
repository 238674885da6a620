/**
 * Reader surveys: the editor writes one (questions, dates, anonymity), readers answer on
 * /surveys/SLUG (a linked survey through their personal link), the desk and the CLI read the
 * results and export the responses.
 */

export { answeredChangeProblems } from "./edit-rules.ts";
export { exportSurvey, type SurveyExportFormat, surveyExportText } from "./export.ts";
export {
  type FormsImportReport,
  importFormsCsv,
  importFormsResponses,
  parseColumnMapping,
} from "./import-forms.ts";
export { personalSurveyUrl, surveySubscriber, surveyToken } from "./links.ts";
export { surveyUrlsFor } from "./placeholders.ts";
export {
  ANONYMOUS_LIMIT,
  type Respondent,
  type SubmitOutcome,
  submitResponse,
  subscriberAnswers,
} from "./responses.ts";
export {
  answerCounts,
  type QuestionResult,
  type RawResponse,
  responseCount,
  resultsOf,
  type SurveyResults,
  surveyResponses,
  surveyResults,
} from "./results.ts";
export {
  applySegments,
  type CrossTab,
  crossTab,
  describeSegment,
  optionsOf,
  parseSegment,
  READER_SEGMENTS,
  type Segment,
  whereAnswer,
} from "./segments.ts";
export {
  closeSurvey,
  createSurvey,
  editSurvey,
  findSurvey,
  getSurvey,
  listSurveys,
  reopenSurvey,
  type Survey,
  type SurveyEdit,
  type SurveyListItem,
  stateOf,
} from "./surveys.ts";
