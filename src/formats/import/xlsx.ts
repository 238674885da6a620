import { SummaError } from "../../domain/errors.ts";
import { LINK_FIELDS, mapHeader, presentFields } from "./columns.ts";
import type { RawRow, SheetReader } from "./raw-row.ts";
import { checkHeader } from "./row.ts";
import {
  type Archive,
  findWorkbookParts,
  readDateStyles,
  readRelationships,
  readSharedStrings,
} from "./xlsx-parts.ts";
import { columnLetters, readSheet, type SheetData } from "./xlsx-sheet.ts";
import { UnpackBudget, zipEntries } from "./zip-stream.ts";

/**
 * Reads the first worksheet of an xlsx, keeping each cell's hyperlink (title -> paper URL,
 * Email -> issue URL, ...), `#fragment` included. Columns that already hold the URL (Summa's
 * own export) win over the hyperlink when both are present.
 *
 * The workbook is read part by part, each streamed through a SAX parser (never unpacked whole,
 * never built into a workbook model), within the limits of src/formats/limits.ts: a zip bomb is
 * refused from its declared sizes before anything is unpacked, a cell past 1 MB as soon as it
 * grows past it. What is kept is the cells of the columns an import reads.
 */
export async function readXlsx(data: Uint8Array, file: string): Promise<SheetReader> {
  let sheet: SheetData;
  let header: ReturnType<typeof mapHeader> | null = null;
  try {
    const archive: Archive = { data, entries: zipEntries(data, file), budget: new UnpackBudget(file), file };
    archive.budget.admitArchive(archive.entries.values());
    const parts = findWorkbookParts(archive);
    const targets = new Map<string, string>();
    if (parts.sheetRels)
      for (const [id, rel] of readRelationships(
        archive,
        parts.sheetRels,
        parts.sheet.name.replace(/\/[^/]*$/, ""),
      ))
        targets.set(id, rel.target);
    sheet = readSheet(archive, parts.sheet, {
      strings: readSharedStrings(archive, parts.sharedStrings),
      dateStyles: readDateStyles(archive, parts.styles),
      date1904: parts.date1904,
      targets,
      keep(headers) {
        header = mapHeader(headers);
        checkHeader(header, file);
        return header.fields.map((f) => f !== null);
      },
    });
  } catch (err) {
    if (err instanceof SummaError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new SummaError("import.unreadable", `${file}: not a readable xlsx workbook (${reason})`);
  }
  const map = header ?? mapHeader(sheet.headers);
  checkHeader(map, file);
  return {
    format: "xlsx",
    unknownColumns: map.unknown,
    fields: presentFields(map, true),
    totalRows: Math.max(0, sheet.lastRow - 1),
    rows: rowsOf(sheet, map),
  };
}

/** The sheet's rows 2 to the last, as the import reads them: blank where the sheet has none. */
async function* rowsOf(sheet: SheetData, header: ReturnType<typeof mapHeader>): AsyncIterable<RawRow> {
  for (let r = 2; r <= sheet.lastRow; r++) {
    const cells = sheet.rows.get(r) ?? [];
    sheet.rows.delete(r); // handed on: the import holds it now, the reader need not
    const values: RawRow["values"] = {};
    header.fields.forEach((field, i) => {
      if (!field) return;
      const cell = cells[i];
      const text = cell ?? "";
      // An empty URL column must not erase a link the title's cell already gave, whatever the order.
      if (text !== "" || values[field] === undefined) values[field] = text;
      const linkField = LINK_FIELDS[field];
      // A link belongs to a cell the sheet has (as exceljs read it), even one with only a style.
      const link = linkField && cell !== undefined ? (sheet.links.get(`${columnLetters(i)}${r}`) ?? "") : "";
      if (linkField && link && !values[linkField]) values[linkField] = link;
    });
    yield { row: r, values };
  }
}
