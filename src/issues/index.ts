export { backfillIssue, issueToRows } from "./backfill.ts";
export { checkIssue, checkStoredIssue, type IssueProblem } from "./check.ts";
export { type IssueDetails, orderIssue, saveIssueDetails } from "./edit.ts";
export { loadFeedIssues, loadFeedSite } from "./feed.ts";
export { loadComposedIssue, loadIssueView, loadNewsletter, loadRenderOptions, loadTaxonomy } from "./load.ts";
export {
  ISSUE_FORMATS,
  type IssueFormat,
  parseIssueFormat,
  type RenderOptions,
  renderIssue,
} from "./render.ts";
export { loadResolver } from "./resolver.ts";
