/** The database browser's facets (what the site and the API may filter and count by). */

// The encodings an import reads a CSV in, for the faces' options (--encoding, the desk's choice).
export { SHEET_ENCODINGS, type SheetEncoding, sheetEncoding } from "../formats/import/index.ts";
export { FACET_NAMES, type FacetName } from "../store/index.ts";
export {
  type AuthorReviewRequest,
  answerAuthorReview,
  DEFAULT_REVIEW_DAYS,
  entryAuthorReviews,
  type OpenedReview,
  openAuthorReview,
  plannedSummaryMarkdown,
  requestAuthorReview,
  revokeAuthorReviewLink,
} from "./author-review.ts";
export {
  BROWSE_PAGE_SIZE,
  BROWSE_SORTS,
  type BrowseItem,
  type BrowsePage,
  type BrowseParams,
  type BrowseSort,
  browsePublished,
  FACET_LIMIT,
  lookupPublished,
  type PublicLookup,
} from "./browse.ts";
export { DOWNLOAD_LIMIT, type Download, type DownloadFormat, downloadPublished } from "./browse-download.ts";
export { type PossibleDuplicate, possibleDuplicates } from "./duplicates.ts";
export {
  createEntry,
  type EntryInput,
  HAND_STATUSES,
  type ReviseOptions,
  referenceTexts,
  reviseEntry,
} from "./edit-entry.ts";
export { canEditEntry, canReadEntry, creditProblem } from "./entry-access.ts";
export {
  defaultScope,
  EDITING_PAGE_SIZE,
  type EditingList,
  type EditingListQuery,
  type EditingListRow,
  type EntryScope,
  editingOverview,
  listEntriesForEditing,
  loadEntryForEditing,
  orphanedCategories,
  suggestTitles,
} from "./entry-editing.ts";
export { type ExportFormat, exportEntries, exportFormatFor } from "./export.ts";
export { downloadSheet, exportUrlFor } from "./fetch-sheet.ts";
export { authorsCell, backfillIssue, isIssueFile, issueToRows, knownEntryTitles } from "./import-issue.ts";
export { type ImportPlan, type PlannedRow, planCounts, planImport } from "./import-plan.ts";
export {
  confirmPreview,
  discardPreview,
  type ImportPreview,
  PREVIEW_TTL_MS,
  previewAgain,
  previewUpload,
  removeExpiredPreviews,
} from "./import-preview.ts";
export { type ImportOptions, type ImportProgress, type ImportReport, importSheet } from "./import-sheet.ts";
export { type ImportSourceOptions, importFrom, isUrl, planFrom } from "./import-source.ts";
export { importUploadedSheet, MAX_UPLOAD_BYTES, type UploadedSheet } from "./import-upload.ts";
export { type IssueMention, mentionedIssue } from "./issue-mention.ts";
export { type LookupMatch, lookupEntry } from "./lookup.ts";
export { openSheetFile } from "./open-sheet.ts";
export { databaseTotals, findEntry, listAllIssues, listSummarizers, pageOfEntries } from "./overview.ts";
export { type EntryPreview, previewEntry } from "./preview-entry.ts";
export { PUBLIC_STATUSES, publicFilters } from "./public.ts";
export { loadResolver, pickReferenced } from "./resolver.ts";
export {
  commentOnEntry,
  entryReview,
  MAX_COMMENT_CHARS,
  restoreRevision,
  reviewEntry,
} from "./review.ts";
export {
  changedFields,
  entryHistory,
  entryRevision,
  entrySnapshot,
  REVISION_FIELDS,
  reviewerOf,
} from "./revisions.ts";
export {
  readerQuery,
  type SearchHitEntry,
  type SearchOptions,
  type SearchResult,
  searchEntries,
} from "./search.ts";
export { characteristicWords, similarEntries } from "./similar.ts";
export {
  type PersonSuggestion,
  type Suggestions,
  suggestPublished,
} from "./suggest.ts";
