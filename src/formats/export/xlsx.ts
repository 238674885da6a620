import ExcelJS from "exceljs";
import { formatAuthors } from "../../domain/authors.ts";
import type { Entry } from "../../domain/entry.ts";
import { formatSummarizers } from "../../domain/summarizers.ts";
import { encodeOoxmlEscapes } from "../import/xlsx-fragments.ts";

/** The AN sheet's 13 columns, in its order, with its header text. */
export const XLSX_HEADERS = [
  "Category",
  "Highlight?",
  "Title",
  "Authors",
  "Venue",
  "Year",
  "H/T",
  "Email",
  "Summarizer",
  "Summary",
  "My opinion",
  "Prerequisites",
  "Read more",
];

type Cell = ExcelJS.CellValue;

function linked(text: string, url: string): Cell {
  return url ? { text: encodeOoxmlEscapes(text), hyperlink: url } : encodeOoxmlEscapes(text);
}

/** One sheet row, like the original: links live on the cells (Title -> paper, Email -> issue). */
export function xlsxRow(e: Entry): Cell[] {
  return [
    e.category,
    e.highlight ? "Highlight" : "",
    linked(e.title, e.url),
    formatAuthors(e.authors),
    linked(e.venue, e.venueUrl),
    e.year,
    e.hatTip,
    linked(e.issueLabel, e.issueUrl),
    formatSummarizers(e.summarizers),
    encodeOoxmlEscapes(e.summary),
    encodeOoxmlEscapes(e.opinion),
    linked(e.prerequisites, e.prerequisitesUrl),
    linked(e.readMore, e.readMoreUrl),
  ];
}

/** A streaming workbook writer to `path` with the header row written and frozen. */
export function createXlsxWriter(path: string) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet("Sheet1", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = XLSX_HEADERS.map((h) => ({
    header: h,
    width: h === "Title" ? 60 : h === "Summary" ? 80 : 16,
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    add(entry: Entry) {
      const row = sheet.addRow(xlsxRow(entry));
      row.commit();
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
