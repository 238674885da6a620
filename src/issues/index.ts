export {
  checkIssue,
  checkStoredIssue,
  EMAIL_SIZE_WARNING_BYTES,
  emailHtmlBytes,
  GMAIL_CLIP_BYTES,
  type IssueProblem,
} from "./check.ts";
export {
  addEntriesToIssue,
  type ComposedEntryRef,
  createDraftIssue,
  type DraftDetails,
  editIssueDetails,
  removeEntriesFromIssue,
  removeEntryFromIssue,
  setEntryHighlight,
} from "./compose.ts";
export { type IssueDatesReport, importIssueDates } from "./dates.ts";
export { type IssueDetails, orderIssue, saveIssueDetails } from "./edit.ts";
export {
  type ComposerGroup,
  type ComposerView,
  type IssueDraftList,
  type IssueListRow,
  listIssueDrafts,
  loadComposer,
  orderRuns,
  PUBLISHED_PAGE_SIZE,
  READY_LIMIT,
} from "./issue-drafts.ts";
export {
  type LoadIssueOptions,
  loadComposedIssue,
  loadIssueView,
  loadRenderOptions,
  loadTaxonomy,
  requireIssue,
} from "./load.ts";
export {
  type EntryPlacement,
  entriesInLayoutOrder,
  movability,
  moveEntryInIssue,
  placeEntryInIssue,
  reorderIssueEntries,
} from "./order.ts";
export {
  DOWNLOAD_FORMATS,
  type DownloadFormat,
  type IssuePreview,
  parseDownloadFormat,
  previewIssue,
  renderStoredIssue,
} from "./preview.ts";
export {
  BLOCKING_PROBLEMS,
  blockingProblems,
  type PublishOptions,
  type PublishResult,
  publishIssue,
} from "./publish.ts";
export {
  ISSUE_FORMATS,
  type IssueFormat,
  parseIssueFormat,
  type RenderOptions,
  renderIssue,
} from "./render.ts";
export {
  findWithdrawal,
  MAX_WITHDRAW_REASON,
  releaseDueIssues,
  type UnpublishResult,
  unpublishIssue,
} from "./schedule.ts";
export { withIssueTitles } from "./titles.ts";
