export { backfillIssue, issueToRows } from "./backfill.ts";
export { checkIssue, type IssueProblem } from "./check.ts";
export { loadFeedIssues, loadFeedSite } from "./feed.ts";
export { loadComposedIssue, loadIssueView, loadNewsletter, loadRenderOptions } from "./load.ts";
export {
  ISSUE_FORMATS,
  type IssueFormat,
  parseIssueFormat,
  type RenderOptions,
  renderIssue,
} from "./render.ts";
export { loadResolver } from "./resolver.ts";
