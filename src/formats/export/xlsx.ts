import type { Writable } from "node:stream";
import type ExcelJS from "exceljs";
import type { Entry } from "../../domain/entry.ts";
import { FIELD_SPECS, type FieldSpec, linkFieldOf, valueAsText } from "../../domain/entry-fields.ts";
import { excelJs } from "../heavy-libraries.ts";
import { encodeOoxmlEscapes } from "../import/xlsx-escapes.ts";

/** The AN sheet's columns, in its order, with its header text: the fields that have a header. */
export function xlsxHeaders(table: readonly FieldSpec[] = FIELD_SPECS): string[] {
  return table.flatMap((f) => (f.header ? [f.header] : []));
}

export const XLSX_HEADERS = xlsxHeaders();

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
export function xlsxRow(e: Entry, table: readonly FieldSpec[] = FIELD_SPECS): Cell[] {
  const values = e as unknown as Record<string, unknown>;
  return table
    .filter((f) => f.header)
    .map((f) => {
      const value = values[f.name];
      if (f.kind === "boolean") return value ? f.label : "";
      if (f.kind === "year") return value as number | null;
      const text = valueAsText(f.kind, value);
      const link = linkFieldOf(f, table);
      return link ? linked(text, String(values[link.name] ?? "")) : plain(text);
    });
}

/**
 * A streaming workbook writer to a file `path` (or a writable stream, which it ends), with
 * the header row written and frozen. Shared strings, as Excel and Google Sheets write them:
 * exceljs decodes `_xHHHH_` escapes only there.
 */
export function createXlsxWriter(target: string | Writable) {
  const workbook = new (excelJs().stream.xlsx.WorkbookWriter)({
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
