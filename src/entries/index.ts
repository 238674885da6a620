export { canEditEntry, createEntry, type EntryInput, HAND_STATUSES, reviseEntry } from "./edit-entry.ts";
export { type ExportFormat, exportEntries, exportFormatFor } from "./export.ts";
export { downloadSheet, exportUrlFor } from "./fetch-sheet.ts";
export { type ImportOptions, type ImportProgress, type ImportReport, importSheet } from "./import-sheet.ts";
export { type ImportSourceOptions, importFrom, isUrl } from "./import-source.ts";
export { openSheetFile } from "./open-sheet.ts";
export {
  type LookupMatch,
  lookupEntry,
  type SearchOptions,
  type SearchResult,
  SIMILAR_TITLE_THRESHOLD,
  searchEntries,
} from "./search.ts";
