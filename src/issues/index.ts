export { checkIssue, type IssueProblem } from "./check.ts";
export { loadComposedIssue, loadIssueView, loadNewsletter } from "./load.ts";
export { ISSUE_FORMATS, type IssueFormat, parseIssueFormat, renderIssue } from "./render.ts";
export { loadResolver } from "./resolver.ts";
