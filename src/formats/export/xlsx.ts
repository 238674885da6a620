import type { Writable } from "node:stream";
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

/**
 * A cell with its hyperlink. exceljs cannot write a link on an empty cell (it would write the
 * value object as text), so a link without text is shown as its own URL.
 */
function linked(text: string, url: string): Cell {
  const shown = encodeOoxmlEscapes(text);
  if (!url) return shown;
  return { text: shown === "" ? url : shown, hyperlink: url };
}

const plain = encodeOoxmlEscapes;

/** One sheet row, like the original: links live on the cells (Title -> paper, Email -> issue). */
export function xlsxRow(e: Entry): Cell[] {
  return [
    plain(e.category),
    e.highlight ? "Highlight" : "",
    linked(e.title, e.url),
    plain(formatAuthors(e.authors)),
    linked(e.venue, e.venueUrl),
    e.year,
    plain(e.hatTip),
    linked(e.issueLabel, e.issueUrl),
    plain(formatSummarizers(e.summarizers)),
    plain(e.summary),
    plain(e.opinion),
    linked(e.prerequisites, e.prerequisitesUrl),
    linked(e.readMore, e.readMoreUrl),
  ];
}

/**
 * A streaming workbook writer to a file `path` (or a writable stream, which it ends), with
 * the header row written and frozen. Shared strings, as Excel and Google Sheets write them:
 * exceljs decodes `_xHHHH_` escapes only there.
 */
export function createXlsxWriter(target: string | Writable) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...(typeof target === "string" ? { filename: target } : { stream: target }),
    useStyles: true,
    useSharedStrings: true,
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
