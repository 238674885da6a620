import { invalidValue, SummaError } from "../../domain/errors.ts";
import { mapHeader, presentFields, type SheetField } from "./columns.ts";
import type { RawRow, SheetReader } from "./raw-row.ts";
import { checkHeader } from "./row.ts";

/**
 * Summa's JSON export (and the public normalized copy of the AN sheet): an array of objects
 * with snake_case fields. Booleans and numbers are turned back into the sheet's text.
 */
export function readJson(text: string, file: string): SheetReader {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new SummaError("import.unreadable", `${file}: not valid JSON (${reason})`);
  }
  const list = Array.isArray(data) ? data : (data as { entries?: unknown })?.entries;
  if (!Array.isArray(list))
    throw new SummaError("import.unreadable", `${file}: expected a JSON array of entries`);
  const keys = new Set<string>();
  for (const item of list)
    if (item && typeof item === "object") for (const k of Object.keys(item)) keys.add(k);
  const header = mapHeader([...keys]);
  checkHeader(header, file);
  const fieldOf = new Map<string, SheetField>();
  [...keys].forEach((k, i) => {
    const f = header.fields[i];
    if (f) fieldOf.set(k, f);
  });
  const rows: RawRow[] = list.map((item, i) => {
    // A JSON array has no header row: row N is the N-th entry, in every message.
    const row = i + 1;
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      throw invalidValue({ file, row }, "expected an object with the entry's fields");
    }
    const values: RawRow["values"] = {};
    for (const [k, v] of Object.entries(item)) {
      const field = fieldOf.get(k);
      if (!field) continue;
      if (field === "highlight" && typeof v === "boolean") values.highlight = v ? "Highlight" : "";
      else if (v === null || v === undefined) values[field] = "";
      else if (Array.isArray(v)) values[field] = v.join(field === "summarizer" ? "/" : ", ");
      else values[field] = String(v);
    }
    return { row, values };
  });
  return {
    format: "json",
    unknownColumns: header.unknown,
    fields: presentFields(header, false),
    totalRows: rows.length,
    rows: (async function* () {
      yield* rows;
    })(),
  };
}
