import { Parser } from "htmlparser2";
import { SummaError } from "../../domain/errors.ts";
import { LINK_FIELDS, mapHeader, presentFields } from "./columns.ts";
import type { RawRow, SheetReader } from "./raw-row.ts";
import { checkHeader } from "./row.ts";
import { unzipWithin, zipFileNames } from "./zip.ts";

interface HtmlCell {
  text: string;
  href: string;
}

interface HtmlRow {
  /** From the row header (`<th id="0R4">` is spreadsheet row 5). */
  number: number | null;
  cells: HtmlCell[];
  freezebar: boolean;
}

/**
 * Google Sheets' "Download -> Web page (.html, zipped)": one HTML file per sheet, a
 * `<table class="waffle">` whose cells carry links as `<a href>` and line breaks as `<br>`.
 * Row numbers come from the row headers, so messages point at the row a person sees.
 */
export function readGsheetsZip(data: Uint8Array, file: string): SheetReader {
  const unreadable = (err: unknown) => {
    if (err instanceof SummaError) return err;
    const reason = err instanceof Error ? err.message : String(err);
    return new SummaError("import.unreadable", `${file}: not a readable zip archive (${reason})`);
  };
  let names: string[];
  try {
    names = zipFileNames(data);
  } catch (err) {
    throw unreadable(err);
  }
  const pages = names.filter((n) => /\.html?$/i.test(n) && !n.startsWith("__MACOSX")).sort();
  const page = pages[0];
  if (!page) {
    throw new SummaError(
      "import.unreadable",
      `${file}: the zip holds no .html sheet (is it Google Sheets' "Web page" export?)`,
    );
  }
  // Only the sheet is unpacked, and only if it is of a believable size.
  let html: Uint8Array | undefined;
  try {
    html = unzipWithin(data, file, (n) => n === page)[page];
  } catch (err) {
    throw unreadable(err);
  }
  return readGsheetsHtml(new TextDecoder("utf-8").decode(html), `${file}:${page}`);
}

export function readGsheetsHtml(html: string, file: string): SheetReader {
  const table = parseTable(html);
  const content = table.filter((r) => !r.freezebar);
  const headerRow = content[0];
  if (!headerRow)
    throw new SummaError("import.unreadable", `${file}: no spreadsheet table found in the page`);
  const header = mapHeader(headerRow.cells.map((c) => c.text.trim()));
  checkHeader(header, file);
  const rows: RawRow[] = content.slice(1).map((r, i) => {
    const values: RawRow["values"] = {};
    header.fields.forEach((field, c) => {
      const cell = r.cells[c];
      if (!field || !cell) return;
      if (cell.text !== "" || values[field] === undefined) values[field] = cell.text;
      const linkField = LINK_FIELDS[field];
      if (linkField && cell.href && !values[linkField]) values[linkField] = cell.href;
    });
    return { row: r.number ?? i + 2, values };
  });
  return {
    format: "gsheets-html",
    unknownColumns: header.unknown,
    fields: presentFields(header, true),
    totalRows: rows.length,
    rows: (async function* () {
      yield* rows;
    })(),
  };
}

function parseTable(html: string): HtmlRow[] {
  const rows: HtmlRow[] = [];
  let row: HtmlRow | null = null;
  let cell: HtmlCell | null = null;
  let inRowHeader = false;
  let rowHeaderText = "";
  let tableDepth = 0;
  let colspan = 1;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "table") tableDepth++;
        if (tableDepth !== 1) return;
        if (name === "tr") row = { number: null, cells: [], freezebar: false };
        else if (name === "th" && row) {
          inRowHeader = true;
          rowHeaderText = "";
          if ((attrs.class ?? "").includes("freezebar")) row.freezebar = true;
        } else if (name === "td" && row) {
          cell = { text: "", href: "" };
          if ((attrs.class ?? "").includes("freezebar-cell")) row.freezebar = true;
          colspan = Math.min(Math.max(Number.parseInt(attrs.colspan ?? "1", 10) || 1, 1), 100);
        } else if (name === "a" && cell && !cell.href) cell.href = attrs.href ?? "";
        else if (name === "br" && cell) cell.text += "\n";
      },
      ontext(text) {
        if (cell) cell.text += text;
        else if (inRowHeader) rowHeaderText += text;
      },
      onclosetag(name) {
        if (name === "table") tableDepth--;
        if (tableDepth !== 1 && name !== "table") return;
        if (name === "th" && row) {
          inRowHeader = false;
          const n = Number.parseInt(rowHeaderText.trim(), 10);
          if (Number.isFinite(n) && row.cells.length === 0) row.number = n;
        } else if (name === "td" && row && cell) {
          // A merged cell spans columns: the columns after it are empty.
          row.cells.push(cell);
          for (let i = 1; i < colspan; i++) row.cells.push({ text: "", href: "" });
          cell = null;
        } else if (name === "tr" && row) {
          if (row.cells.length > 0) rows.push(row);
          row = null;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return rows;
}
