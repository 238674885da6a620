import { extname } from "node:path";
import { SummaError } from "../../domain/errors.ts";
import type { SheetFormat } from "./raw-row.ts";

/**
 * Which reader a file needs, from its first bytes (what it is) before its name (what it
 * claims): a zip holding `[Content_Types].xml` is xlsx, another zip is Google Sheets'
 * HTML export; text starting with `[` or `{` is JSON, with `<` HTML, else CSV.
 */
export function detectFormat(head: Uint8Array, name: string): SheetFormat {
  const isZip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  const ext = extname(name.replace(/[?#].*$/, "")).toLowerCase();
  if (isZip) {
    // xlsx names "[Content_Types].xml" in the first local file header's name, near the start.
    const text = new TextDecoder("latin1").decode(head.subarray(0, Math.min(head.length, 4096)));
    if (text.includes("[Content_Types].xml") || text.includes("xl/") || ext === ".xlsx") return "xlsx";
    return "gsheets-html";
  }
  if (head.length === 0) throw new SummaError("import.unreadable", `${name}: the file is empty`);
  if (looksBinary(head)) {
    throw new SummaError(
      "import.unknown_format",
      `${name}: not a spreadsheet Summa can read (expected xlsx, CSV, JSON or Google Sheets' zipped web page)`,
    );
  }
  const start = new TextDecoder("utf-8")
    .decode(head.subarray(0, 512))
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (start.startsWith("[") || start.startsWith("{")) return "json";
  if (start.startsWith("<")) return "gsheets-html";
  if (ext === ".xlsx" || ext === ".zip") {
    throw new SummaError("import.unreadable", `${name}: named ${ext} but is not a zip archive`);
  }
  return "csv";
}

function looksBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control > n / 20;
}
