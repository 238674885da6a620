export { bibtexEntry, escapeBibtex } from "./bibtex.ts";
export { csvHeader, csvRows } from "./csv.ts";
export { jsonRecord } from "./json.ts";
export { EXPORT_COLUMNS, type ExportRecord, toExportRecord } from "./record.ts";
export { createXlsxWriter, XLSX_HEADERS, xlsxRow } from "./xlsx.ts";
