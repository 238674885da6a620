import { MAX_FIELD_BYTES, megabytes, tooLarge, utf8Bytes } from "../limits.ts";
import { decodeOoxmlEscapes } from "./xlsx-escapes.ts";
import type { Archive } from "./xlsx-parts.ts";
import { readXmlPart } from "./xlsx-xml.ts";
import type { ZipEntry } from "./zip-stream.ts";

/** A cell as the sheet read it: the text a person sees ("" for a cell with only a style). */
export type SheetCells = (string | undefined)[];

/** The first sheet, read once: the header's texts, then each row's kept cells, and its links. */
export interface SheetData {
  headers: string[];
  /** Data rows by row number (2 on); only the columns `keep` chose; absent rows are blank. */
  rows: Map<number, SheetCells>;
  lastRow: number;
  /** Cell address ("C5") -> the link on it: its target, with the `#location` the sheet keeps apart. */
  links: Map<string, string>;
}

export interface SheetContext {
  strings: string[];
  dateStyles: Set<number>;
  date1904: boolean;
  /** Targets of the sheet's relationships (its hyperlinks), by id. */
  targets: Map<string, string>;
  /** Called with the header row once it is read: which columns to keep (the rest is never held). */
  keep(headers: string[]): boolean[];
}

/** "C" for column index 2: how a spreadsheet names a column. */
export function columnLetters(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "AB12" -> 27 (0-based column index). */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** A date serial as exceljs shows it (the day, in UTC), or the number when it is no date. */
function dateText(serial: number, date1904: boolean): string {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(serial) : date.toISOString().slice(0, 10);
}

/**
 * Streams the sheet's XML and keeps only what an import reads: the cells of known columns, as
 * text, each refused past MAX_FIELD_BYTES as soon as it grows past it (naming row and column).
 * Values read as exceljs showed them: shared and inline strings, numbers as written, booleans
 * as true/false, dates (by their style) as YYYY-MM-DD, a formula as its last result, errors as "".
 */
export function readSheet(archive: Archive, entry: ZipEntry, context: SheetContext): SheetData {
  const data: SheetData = { headers: [], rows: new Map(), lastRow: 0, links: new Map() };
  let kept: boolean[] | null = null;
  let row = 0;
  let cells: SheetCells = [];
  let column = -1;
  let type = "";
  let style = -1;
  let value: string[] = [];
  let valueLength = 0;
  let inValue = false;
  let inline = false;
  let phonetic = 0;
  let keepCell = false;

  // A column is named by its header ("Summary"), or by its letter when it has none.
  const where = () => ({ file: archive.file, row, column: data.headers[column] || columnLetters(column) });
  const tooLong = () => tooLarge(where(), `the cell is larger than ${megabytes(MAX_FIELD_BYTES)}`);
  const endHeader = () => {
    if (kept) return;
    data.headers = cells.map((c) => (c ?? "").trim());
    kept = context.keep(data.headers);
  };
  const cellText = (): string => {
    const raw = value.join("");
    switch (type) {
      case "s":
        return context.strings[Number(raw)] ?? "";
      case "inlineStr":
      case "str":
        return decodeOoxmlEscapes(raw);
      case "b":
        return raw === "" ? "" : raw === "1" || raw === "true" ? "true" : "false";
      case "e":
        return "";
      case "d": {
        const date = new Date(raw);
        return Number.isNaN(date.getTime()) ? raw : date.toISOString().slice(0, 10);
      }
      default: {
        if (raw === "") return "";
        const n = Number.parseFloat(raw);
        return context.dateStyles.has(style) ? dateText(n, context.date1904) : String(n);
      }
    }
  };

  readXmlPart(archive.data, entry, archive.budget, archive.file, {
    open(name, attrs) {
      switch (name) {
        case "row":
          row = attrs.r ? Number(attrs.r) : row + 1;
          if (row > 1) endHeader();
          cells = [];
          column = -1;
          break;
        case "c":
          column = attrs.r ? columnIndex(attrs.r) : column + 1;
          type = attrs.t ?? "n";
          style = attrs.s ? Number(attrs.s) : -1;
          value = [];
          valueLength = 0;
          // Before the header is read every cell is kept; after, only the known columns'.
          keepCell = row === 1 || kept?.[column] === true;
          break;
        case "v":
          inValue = true;
          break;
        case "is":
          inline = true;
          break;
        case "rPh":
          phonetic++;
          break;
        case "t":
          if (inline && phonetic === 0) inValue = true;
          break;
        case "hyperlink": {
          const target = attrs["r:id"] ? context.targets.get(attrs["r:id"]) : undefined;
          if (!attrs.ref || target === undefined) break;
          const location = attrs.location;
          data.links.set(attrs.ref, location && !target.includes("#") ? `${target}#${location}` : target);
          break;
        }
      }
    },
    text(t) {
      if (!inValue || !keepCell) return;
      valueLength += t.length;
      // UTF-16 units never outnumber UTF-8 bytes: past the cap by length, it is past it in bytes.
      if (valueLength > MAX_FIELD_BYTES) throw tooLong();
      value.push(t);
    },
    close(name) {
      switch (name) {
        case "v":
        case "t":
          inValue = false;
          break;
        case "is":
          inline = false;
          break;
        case "rPh":
          phonetic--;
          break;
        case "c": {
          if (!keepCell || column < 0) break;
          const text = cellText();
          if (utf8Bytes(text) > MAX_FIELD_BYTES) throw tooLong();
          cells[column] = text;
          break;
        }
        case "row":
          if (row === 1) endHeader();
          else if (row > 1 && cells.length > 0) data.rows.set(row, cells);
          data.lastRow = Math.max(data.lastRow, row);
          break;
      }
    },
  });
  endHeader();
  return data;
}
