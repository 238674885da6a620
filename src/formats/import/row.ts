import {
  type EntryFields,
  FIELD_SPECS,
  type FieldSpec,
  listFromText,
  sheetName,
} from "../../domain/entry-fields.ts";
import { describeLocation, invalidValue, SummaError } from "../../domain/errors.ts";
import { fieldProblem } from "../../domain/field-checks.ts";
import { issueNumberFromLabel } from "../../domain/issue-label.ts";
import { hasNul } from "../../domain/nul.ts";
import { type HeaderMap, headerName, type SheetField } from "./columns.ts";
import type { RawRow } from "./raw-row.ts";

export interface ParsedRow {
  row: number;
  /** The position to keep for export order: the sheet_row column when present, else the row. */
  sheetRow: number;
  fields: EntryFields;
}

const TRUE_VALUES = new Set(["highlight", "true", "yes", "y", "1", "x"]);
const FALSE_VALUES = new Set(["", "false", "no", "n", "0"]);

/** Throws import.missing_columns naming every required column the header lacks. */
export function checkHeader(map: HeaderMap, file: string): void {
  if (map.missing.length === 0) return;
  const names = map.missing.map((f) => `"${headerName(f)}"`).join(", ");
  throw new SummaError(
    "import.missing_columns",
    `${describeLocation({ file, row: 1 })}: missing column${map.missing.length > 1 ? "s" : ""} ${names}. ` +
      "The first row must be the AN sheet's header (Category, Highlight?, Title, Authors, Venue, Year, H/T, Email, Summarizer, Summary, My opinion, Prerequisites, Read more).",
    { missing: map.missing },
  );
}

function text(values: RawRow["values"], field: SheetField): string {
  // Spreadsheets and CSV writers disagree on line endings; the database keeps \n.
  // Otherwise cells are kept verbatim (the real sheet has titles with trailing spaces).
  return (values[field] ?? "").replace(/\r\n?/g, "\n");
}

function parseBoolean(raw: string, file: string, row: number, column: string): boolean {
  const v = raw.trim().toLowerCase();
  if (TRUE_VALUES.has(v)) return true;
  if (FALSE_VALUES.has(v)) return false;
  throw invalidValue({ file, row, column }, `expected "${column.replace(/\?$/, "")}" or empty, got "${raw}"`);
}

function parseYear(raw: string, file: string, row: number): number | null {
  const v = raw.trim();
  if (v === "") return null;
  // Some exports write numbers as "2019.0".
  const m = /^(\d{4})(?:\.0+)?$/.exec(v);
  const year = m ? Number(m[1]) : Number.NaN;
  if (!m || year < 1800 || year > 2200) {
    throw invalidValue({ file, row, column: "Year" }, `expected a four-digit year, got "${raw}"`);
  }
  return year;
}

function parseSheetRow(raw: string, fallback: number, file: string, row: number): number {
  const v = raw.trim();
  if (v === "") return fallback;
  if (!/^\d+$/.test(v))
    throw invalidValue({ file, row, column: "sheet_row" }, `expected a row number, got "${raw}"`);
  return Number(v);
}

/**
 * The checks every write path runs on a field's text (domain/field-checks.ts: NUL, length, the
 * URL rule, a key that fits an index), on the cells as the file has them, and a NUL in any
 * other cell: the first problem, naming row and column.
 */
function checkCells(v: Cells, at: At, table: readonly FieldSpec[]): void {
  for (const spec of table) {
    if (spec.kind === "issueNumber") continue;
    const name = sheetName(spec) as SheetField;
    const cell = v[name];
    const problem = cell === undefined ? null : fieldProblem(spec, cell);
    if (problem) throw invalidValue({ ...at, column: headerName(name) }, `${spec.label} ${problem}`);
  }
  for (const [name, cell] of Object.entries(v))
    if (cell && hasNul(cell))
      throw invalidValue({ ...at, column: headerName(name as SheetField) }, "contains a NUL character (\\0)");
}

/** True for a row with no text at all: spreadsheets end with many. */
export function isBlankRow(raw: RawRow): boolean {
  return Object.values(raw.values).every((v) => (v ?? "").trim() === "");
}

type Cells = RawRow["values"];
type At = { file: string; row: number };
/** Reads one field's value from a row's cells (throws import.invalid_value naming row and column). */
type CellReader = (v: Cells, at: At, issuePrefix: string) => unknown;

/** The reader of one field, chosen once by its kind: a row runs these, not a switch per cell. */
function readerFor(spec: FieldSpec, table: readonly FieldSpec[]): CellReader {
  const name = sheetName(spec) as SheetField;
  switch (spec.kind) {
    case "boolean": {
      const column = spec.header ?? spec.label;
      return (v, at) => parseBoolean(v[name] ?? "", at.file, at.row, column);
    }
    case "year":
      return (v, at) => parseYear(v[name] ?? "", at.file, at.row);
    case "authors":
    case "people": {
      const kind = spec.kind;
      return (v) => listFromText(kind, text(v, name));
    }
    case "issueNumber": {
      const label = table.find((f) => f.kind === "issueLabel");
      const labelName = (label ? sheetName(label) : "email") as SheetField;
      return (v, _at, prefix) => issueNumberFromLabel(text(v, labelName), prefix);
    }
    default:
      return (v) => text(v, name);
  }
}

/** Each table's fields with their readers, made once per table (imports parse a million rows). */
const READERS = new WeakMap<readonly FieldSpec[], [string, CellReader][]>();

function readersOf(table: readonly FieldSpec[]): [string, CellReader][] {
  let readers = READERS.get(table);
  if (!readers) {
    readers = table.map((f) => [f.name, readerFor(f, table)]);
    READERS.set(table, readers);
  }
  return readers;
}

/**
 * Validates one row and turns it into entry fields (every field of `table`, the entry's own
 * unless a test gives another). Throws import.invalid_value naming row and column.
 * `issuePrefix` is what issue labels start with ("AN" in "AN #53").
 */
export function parseRow(
  raw: RawRow,
  file: string,
  issuePrefix = "AN",
  table: readonly FieldSpec[] = FIELD_SPECS,
): ParsedRow {
  const v = raw.values;
  const at = { file, row: raw.row };
  if (text(v, "title").trim() === "")
    throw invalidValue({ file, row: raw.row, column: "Title" }, "Title is empty");
  checkCells(v, at, table);
  const fields: Record<string, unknown> = {};
  for (const [name, read] of readersOf(table)) fields[name] = read(v, at, issuePrefix);
  return {
    row: raw.row,
    sheetRow: parseSheetRow(v.sheet_row ?? "", raw.row, file, raw.row),
    fields: fields as EntryFields,
  };
}
