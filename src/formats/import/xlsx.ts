import type ExcelJS from "exceljs";
import { zipSync } from "fflate";
import { SummaError } from "../../domain/errors.ts";
import { excelJs } from "../heavy-libraries.ts";
import { LINK_FIELDS, mapHeader, presentFields } from "./columns.ts";
import type { RawRow, SheetReader } from "./raw-row.ts";
import { checkHeader } from "./row.ts";
import { decodeOoxmlEscapes, hyperlinkFragments } from "./xlsx-fragments.ts";
import { unzipWithin } from "./zip.ts";

type CellValue = ExcelJS.CellValue;

/** The text a person sees in a cell: rich text joined, hyperlinks' text, numbers as written. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return decodeOoxmlEscapes(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("hyperlink" in value) return cellText(value.text as CellValue);
    if ("result" in value) return cellText(value.result as CellValue);
    if ("error" in value) return "";
  }
  return String(value);
}

function cellLink(cell: ExcelJS.Cell, fragments: Map<string, string>): string {
  const v = cell.value;
  if (!v || typeof v !== "object" || !("hyperlink" in v)) return "";
  const fragment = fragments.get(cell.address);
  return fragment && !v.hyperlink.includes("#") ? `${v.hyperlink}#${fragment}` : v.hyperlink;
}

/**
 * Reads the first worksheet of an xlsx, keeping each cell's hyperlink (title -> paper URL,
 * Email -> issue URL, ...). Columns that already hold the URL (Summa's own export) win over
 * the hyperlink when both are present.
 */
export async function readXlsx(data: Buffer, file: string): Promise<SheetReader> {
  const workbook = new (excelJs().Workbook)();
  let files: Record<string, Uint8Array>;
  try {
    // Unpacked here, within a size limit, and handed to exceljs stored (not compressed): it
    // would unpack a zip bomb whole, whatever sizes the archive declares.
    files = unzipWithin(data, file);
    await workbook.xlsx.load(zipSync(files, { level: 0 }) as unknown as ArrayBuffer);
  } catch (err) {
    if (err instanceof SummaError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new SummaError("import.unreadable", `${file}: not a readable xlsx workbook (${reason})`);
  }
  const fragments = hyperlinkFragments(files);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SummaError("import.unreadable", `${file}: the workbook has no worksheet`);
  const headerRow = sheet.getRow(1);
  const headers: string[] = [];
  for (let c = 1; c <= sheet.columnCount; c++) headers.push(cellText(headerRow.getCell(c).value).trim());
  const header = mapHeader(headers);
  checkHeader(header, file);

  const rows: RawRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values: RawRow["values"] = {};
    header.fields.forEach((field, i) => {
      if (!field) return;
      const cell = row.getCell(i + 1);
      const text = cellText(cell.value);
      // An empty URL column must not erase a link the title's cell already gave, whatever the order.
      if (text !== "" || values[field] === undefined) values[field] = text;
      const linkField = LINK_FIELDS[field];
      const link = linkField ? cellLink(cell, fragments) : "";
      if (linkField && link && !values[linkField]) values[linkField] = link;
    });
    rows.push({ row: r, values });
  }
  return {
    format: "xlsx",
    unknownColumns: header.unknown,
    fields: presentFields(header, true),
    totalRows: rows.length,
    rows: iterate(rows),
  };
}

async function* iterate<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}
