/**
 * How Summa read an xlsx before its streaming reader: exceljs's whole-workbook model, plus the
 * hyperlinks' `location` fragments exceljs drops. Kept as the reference the streaming reader
 * must match, row by row, on the real sheet (test/formats/xlsx-real.test.ts).
 */
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { LINK_FIELDS, mapHeader } from "../../src/formats/import/columns.ts";
import type { RawRow } from "../../src/formats/import/raw-row.ts";

function decodeLowerCaseEscapes(s: string): string {
  return s.replace(/_x([0-9a-f]{4})_/g, (m, hex: string) =>
    /[a-f]/.test(hex) ? String.fromCharCode(Number.parseInt(hex, 16)) : m,
  );
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return decodeLowerCaseEscapes(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("hyperlink" in value) return cellText(value.text as ExcelJS.CellValue);
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("error" in value) return "";
  }
  return String(value);
}

function fragments(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const files = unzipSync(data);
  const decoder = new TextDecoder();
  const workbook = decoder.decode(files["xl/workbook.xml"]);
  const rels = decoder.decode(files["xl/_rels/workbook.xml.rels"]);
  const id = /<sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook)?.[1];
  const target = new RegExp(`<Relationship\\b[^>]*\\bId="${id}"[^>]*\\bTarget="([^"]+)"`).exec(rels)?.[1];
  const sheet = target ? files[target.startsWith("/") ? target.slice(1) : `xl/${target}`] : undefined;
  const xml = sheet ? decoder.decode(sheet) : "";
  for (const m of xml.matchAll(/<hyperlink\b([^>]*)\/?>/g)) {
    const ref = /\bref="([^"]+)"/.exec(m[1]!)?.[1];
    const location = /\blocation="([^"]*)"/.exec(m[1]!)?.[1];
    if (ref && location && /\br:id="/.test(m[1]!))
      out.set(
        ref,
        location
          .replace(/&amp;/g, "&")
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"'),
      );
  }
  return out;
}

/** The rows exceljs reads from the first sheet, shaped as the import reads them. */
export async function exceljsRows(data: Uint8Array): Promise<RawRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const links = fragments(data);
  const sheet = workbook.worksheets[0]!;
  const headers: string[] = [];
  for (let c = 1; c <= sheet.columnCount; c++)
    headers.push(cellText(sheet.getRow(1).getCell(c).value).trim());
  const header = mapHeader(headers);
  const rows: RawRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values: RawRow["values"] = {};
    header.fields.forEach((field, i) => {
      if (!field) return;
      const cell = row.getCell(i + 1);
      const text = cellText(cell.value);
      if (text !== "" || values[field] === undefined) values[field] = text;
      const linkField = LINK_FIELDS[field];
      const v = cell.value;
      let link = "";
      if (linkField && v && typeof v === "object" && "hyperlink" in v) {
        const fragment = links.get(cell.address);
        link = fragment && !v.hyperlink.includes("#") ? `${v.hyperlink}#${fragment}` : v.hyperlink;
      }
      if (linkField && link && !values[linkField]) values[linkField] = link;
    });
    rows.push({ row: r, values });
  }
  return rows;
}
