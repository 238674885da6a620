export { mapHeader, REQUIRED_FIELDS, SHEET_FIELDS, SHEET_HEADERS, type SheetField } from "./columns.ts";
export { readCsv } from "./csv.ts";
export { detectFormat } from "./detect.ts";
export { SHEET_ENCODINGS, type SheetEncoding, sheetEncoding } from "./encoding.ts";
export { readGsheetsHtml, readGsheetsZip } from "./gsheets-html.ts";
export {
  IssueSubjectSources,
  SubjectWords,
  slugTokens,
  subjectFromIssueUrl,
  subjectSlugWords,
} from "./issue-subject.ts";
export { readJson } from "./json.ts";
export { type RawRow, rowBatches, type SheetFormat, type SheetReader } from "./raw-row.ts";
export { isBlankRow, type ParsedRow, parseRow } from "./row.ts";
export { readXlsx } from "./xlsx.ts";
