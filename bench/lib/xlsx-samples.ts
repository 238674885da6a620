/**
 * Spreadsheets the memory benchmark and the bounds tests build: a plain xlsx written part by
 * part (inline strings, hyperlinks through the sheet's relationships), a large generated one,
 * and a zip bomb (a small file whose sheet XML unpacks to hundreds of megabytes).
 */
import { zipSync } from "fflate";

const HEADER = [
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

const te = new TextEncoder();

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function column(i: number): string {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** One row of inline-string cells. */
export function rowXml(r: number, cells: readonly string[]): string {
  const cs = cells
    .map((v, i) =>
      v === ""
        ? ""
        : `<c r="${column(i)}${r}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(v)}</t></is></c>`,
    )
    .join("");
  return `<row r="${r}">${cs}</row>`;
}

/** The parts around a sheet, for a workbook of one sheet. */
function frame(sheetXml: Uint8Array, sheetRels?: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": te.encode(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        "</Types>",
    ),
    "_rels/.rels": te.encode(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        "</Relationships>",
    ),
    "xl/workbook.xml": te.encode(
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    "xl/_rels/workbook.xml.rels": te.encode(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        "</Relationships>",
    ),
    "xl/worksheets/sheet1.xml": sheetXml,
  };
  if (sheetRels) files["xl/worksheets/_rels/sheet1.xml.rels"] = te.encode(sheetRels);
  return files;
}

const SHEET_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>';

/** An xlsx of the AN header and these rows (cells in the header's order). */
export function sheetXlsx(rows: readonly (readonly string[])[], level: 0 | 6 | 9 = 6): Uint8Array {
  const xml = `${SHEET_OPEN}${[HEADER, ...rows].map((r, i) => rowXml(i + 1, r)).join("")}</sheetData></worksheet>`;
  return zipSync(frame(te.encode(xml)), { level });
}

/**
 * A zip bomb: a valid-looking xlsx whose one sheet repeats a row until its XML reaches
 * `xmlBytes`; deflate packs the repetition a hundred times or more.
 */
export function bombXlsx(xmlBytes: number): Uint8Array {
  const open = te.encode(SHEET_OPEN + rowXml(1, HEADER));
  const close = te.encode("</sheetData></worksheet>");
  const pieces: Uint8Array[] = [open];
  let size = open.length + close.length;
  for (let r = 2; size < xmlBytes; r++) {
    const cells = [
      "Robustness",
      "",
      `Title ${r}`,
      "A. Author",
      "",
      "",
      "",
      "AN #1",
      "",
      "x".repeat(2000),
      "",
      "",
      "",
    ];
    const row = te.encode(rowXml(r, cells));
    pieces.push(row);
    size += row.length;
  }
  pieces.push(close);
  const xml = new Uint8Array(size);
  let at = 0;
  for (const p of pieces) {
    xml.set(p, at);
    at += p.length;
  }
  return zipSync(frame(xml), { level: 6 });
}

/** A deterministic pseudo-random generator (mulberry32), so generated files are the same each run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` rows shaped like the sheet's (short summaries of words drawn from a small vocabulary). */
export function generatedRows(n: number, seed = 1): string[][] {
  const rnd = random(seed);
  const vocab = Array.from({ length: 2000 }, (_, i) => `w${(i * 7919) % 10007}`);
  const words = (k: number) =>
    Array.from({ length: k }, () => vocab[Math.floor(rnd() * vocab.length)]).join(" ");
  const rows: string[][] = [];
  for (let i = 0; i < n; i++)
    rows.push([
      "Robustness",
      rnd() < 0.1 ? "Highlight" : "",
      `Entry ${i} ${words(3)}`,
      `${words(1)}, ${words(1)}`,
      "arXiv",
      String(2015 + Math.floor(rnd() * 8)),
      "",
      `AN #${1 + Math.floor(i / 600)}`,
      "Rohin",
      words(3 + Math.floor(rnd() * 6)),
      "",
      "",
      "",
    ]);
  return rows;
}
