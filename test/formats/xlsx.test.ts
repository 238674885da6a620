import assert from "node:assert/strict";
import { describe, test } from "node:test";
import ExcelJS from "exceljs";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { parseRow } from "../../src/formats/import/row.ts";
import { readXlsx } from "../../src/formats/import/xlsx.ts";
import { decodeOoxmlEscapes, encodeOoxmlEscapes } from "../../src/formats/import/xlsx-escapes.ts";
import { SHEET_HEADER } from "../helpers/factories.ts";
import { collect, isCode } from "../helpers/readers.ts";

const HEADER = SHEET_HEADER.split(",");

async function workbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Rewrites files inside a zip (to shape an xlsx the way Google Sheets writes it). */
function patchZip(data: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Buffer {
  const files = unzipSync(data);
  edit(files);
  return Buffer.from(zipSync(files));
}

function editText(files: Record<string, Uint8Array>, name: string, f: (s: string) => string): void {
  const before = strFromU8(files[name]!);
  const after = f(before);
  assert.notEqual(after, before, `patch of ${name} changed nothing`);
  files[name] = strToU8(after);
}

/** A sheet row: Category, Highlight?, Title, Authors, Venue, Year, H/T, Email, Summarizer, Summary, My opinion, Prerequisites, Read more. */
function sheetRow(cells: Partial<Record<string, ExcelJS.CellValue>>): ExcelJS.CellValue[] {
  return HEADER.map((h) => cells[h] ?? "");
}

describe("readXlsx", () => {
  test("reads the first sheet, numbering rows as the spreadsheet does", async () => {
    const data = await workbook([
      HEADER,
      sheetRow({ Category: "Robustness", Title: "First", Year: 2019, Summarizer: "Rohin/Robert" }),
      sheetRow({ Category: "Robustness", Title: "Second", "Highlight?": "Highlight" }),
    ]);
    const reader = await readXlsx(data, "an.xlsx");
    assert.equal(reader.format, "xlsx");
    assert.equal(reader.totalRows, 2);
    assert.deepEqual(reader.unknownColumns, []);
    const rows = await collect(reader);
    assert.deepEqual(
      rows.map((r) => [r.row, r.values.title]),
      [
        [2, "First"],
        [3, "Second"],
      ],
    );
    const first = parseRow(rows[0]!, "an.xlsx").fields;
    assert.equal(first.year, 2019, "a numeric Year cell reads as its digits");
    assert.deepEqual(first.summarizers, ["Rohin", "Robert"]);
    assert.equal(parseRow(rows[1]!, "an.xlsx").fields.highlight, true);
  });

  test("hyperlinks on Title and Email become url and issue_url; other linked cells too", async () => {
    const data = await workbook([
      HEADER,
      sheetRow({
        Title: { text: "Adversarial Examples Are Not Bugs", hyperlink: "http://gradientscience.org/adv/" },
        Email: { text: "AN #62", hyperlink: "https://mailchi.mp/4a1b3c4249ae/an-62" },
        Venue: { text: "Distill", hyperlink: "https://distill.pub/" },
        Prerequisites: { text: "AN #1", hyperlink: "https://example.org/an-1" },
        "Read more": { text: "Discussion", hyperlink: "https://example.org/discussion" },
      }),
    ]);
    const reader = await readXlsx(data, "an.xlsx");
    for (const f of ["url", "issue_url", "venue_url", "prerequisites_url", "read_more_url"] as const)
      assert.ok(reader.fields.includes(f), f);
    const [row] = await collect(reader);
    const { fields } = parseRow(row!, "an.xlsx");
    assert.equal(fields.title, "Adversarial Examples Are Not Bugs");
    assert.equal(fields.url, "http://gradientscience.org/adv/");
    assert.equal(fields.issueLabel, "AN #62");
    assert.equal(fields.issueNumber, 62);
    assert.equal(fields.issueUrl, "https://mailchi.mp/4a1b3c4249ae/an-62");
    assert.equal(fields.venue, "Distill");
    assert.equal(fields.venueUrl, "https://distill.pub/");
    assert.equal(fields.prerequisitesUrl, "https://example.org/an-1");
    assert.equal(fields.readMoreUrl, "https://example.org/discussion");
  });

  test("a cell without a hyperlink leaves its URL empty", async () => {
    const [row] = await collect(
      await readXlsx(await workbook([HEADER, sheetRow({ Title: "Plain" })]), "an.xlsx"),
    );
    assert.equal(row!.values.url ?? "", "");
  });

  test("a hyperlink with a #fragment keeps it", async () => {
    const data = await workbook([
      HEADER,
      sheetRow({ Title: { text: "P", hyperlink: "https://x.org/p#frag" } }),
    ]);
    const [row] = await collect(await readXlsx(data, "an.xlsx"));
    assert.equal(row!.values.url, "https://x.org/p#frag");
  });

  test("a fragment stored apart as the hyperlink's location (as Google Sheets writes it) is put back", async () => {
    const data = patchZip(
      await workbook([
        HEADER,
        sheetRow({
          Title: { text: "Sheet tab", hyperlink: "https://docs.google.com/spreadsheets/d/abc/edit" },
        }),
      ]),
      (files) =>
        editText(files, "xl/worksheets/sheet1.xml", (xml) =>
          xml.replace(
            /<hyperlink ref="C2" r:id="(\w+)"\/>/,
            '<hyperlink ref="C2" r:id="$1" location="gid=12&amp;range=A1"/>',
          ),
        ),
    );
    const [row] = await collect(await readXlsx(data, "an.xlsx"));
    assert.equal(row!.values.url, "https://docs.google.com/spreadsheets/d/abc/edit#gid=12&range=A1");
  });

  test("a URL column (Summa's export) wins over the cell's hyperlink", async () => {
    const data = await workbook([
      [...HEADER, "url"],
      [...sheetRow({ Title: { text: "P", hyperlink: "https://link.example/" } }), "https://column.example/"],
    ]);
    const [row] = await collect(await readXlsx(data, "an.xlsx"));
    assert.equal(row!.values.url, "https://column.example/");
  });

  test("an empty URL column does not wipe out the cell's hyperlink, whatever the column order", async () => {
    for (const header of [
      [...HEADER, "url"],
      ["url", ...HEADER],
    ]) {
      const linked = sheetRow({ Title: { text: "P", hyperlink: "https://link.example/" } });
      const row = header[0] === "url" ? ["", ...linked] : [...linked, ""];
      const [got] = await collect(await readXlsx(await workbook([header, row]), "an.xlsx"));
      assert.equal(got!.values.url, "https://link.example/", `url column at ${header.indexOf("url")}`);
    }
  });

  test("_xHHHH_ escapes are decoded, in upper or lower case hex (Google writes _x000f_)", async () => {
    const data = await workbook([
      HEADER,
      sheetRow({ Title: "T", Summary: "before_x000F_after", "My opinion": "the _x000f__x000f_\u03f5-tube" }),
    ]);
    const [row] = await collect(await readXlsx(data, "an.xlsx"));
    assert.equal(row!.values.summary, "before\u000Fafter");
    assert.equal(row!.values.opinion, "the \u000F\u000F\u03f5-tube");
  });

  test("an escaped literal `_x` (_x005F_) is decoded once, not twice", async () => {
    const data = await workbook([HEADER, sheetRow({ Title: "T", Summary: "_x005F_x000F_" })]);
    const [row] = await collect(await readXlsx(data, "an.xlsx"));
    assert.equal(row!.values.summary, "_x000F_");
  });

  test("rich text, formulas, dates and booleans read as the text a person sees", async () => {
    const data = await workbook([
      HEADER,
      sheetRow({
        Title: { richText: [{ text: "Bold ", font: { bold: true } }, { text: "and plain" }] },
        Summary: { formula: "1+1", result: 2 } as ExcelJS.CellValue,
        "My opinion": new Date(Date.UTC(2020, 4, 17)),
        "Highlight?": true,
      }),
    ]);
    const [row] = await collect(await readXlsx(data, "an.xlsx"));
    assert.equal(row!.values.title, "Bold and plain");
    assert.equal(row!.values.summary, "2");
    assert.equal(row!.values.opinion, "2020-05-17");
    assert.equal(row!.values.highlight, "true");
  });

  test("only the first worksheet is read", async () => {
    const wb = new ExcelJS.Workbook();
    const first = wb.addWorksheet("Database");
    first.addRow(HEADER);
    first.addRow(sheetRow({ Title: "From the first sheet" }));
    const other = wb.addWorksheet("Other");
    other.addRow(HEADER);
    other.addRow(sheetRow({ Title: "From another sheet" }));
    const rows = await collect(await readXlsx(Buffer.from(await wb.xlsx.writeBuffer()), "an.xlsx"));
    assert.deepEqual(
      rows.map((r) => r.values.title),
      ["From the first sheet"],
    );
  });

  test("a header missing columns fails with import.missing_columns", async () => {
    const data = await workbook([
      ["Title", "Authors"],
      ["T", "A"],
    ]);
    await assert.rejects(
      readXlsx(data, "an.xlsx"),
      isCode("import.missing_columns", "an.xlsx", '"Category"', '"Read more"'),
    );
  });

  test("a buffer that is not an xlsx gives import.unreadable", async () => {
    await assert.rejects(
      readXlsx(Buffer.from("Category,Title\nA,B\n"), "an.xlsx"),
      isCode("import.unreadable", "an.xlsx"),
    );
    await assert.rejects(readXlsx(Buffer.alloc(0), "empty.xlsx"), isCode("import.unreadable", "empty.xlsx"));
    const htmlZip = Buffer.from(zipSync({ "Sheet1.html": strToU8("<table></table>") }));
    await assert.rejects(readXlsx(htmlZip, "sheet.zip"), isCode("import.unreadable", "sheet.zip"));
  });

  test("a truncated xlsx gives import.unreadable", async () => {
    const data = await workbook([HEADER, sheetRow({ Title: "T" })]);
    await assert.rejects(
      readXlsx(data.subarray(0, data.length >> 1), "cut.xlsx"),
      isCode("import.unreadable", "cut.xlsx"),
    );
  });
});

describe("OOXML _xHHHH_ escapes", () => {
  test("decode takes upper-case (Excel) and lower-case (Google) hex, once", () => {
    assert.equal(decodeOoxmlEscapes("plain"), "plain");
    assert.equal(decodeOoxmlEscapes("a_x000f_b_x000a_c"), "a\u000fb\nc");
    assert.equal(decodeOoxmlEscapes("_x0041_ _x000F_"), "A \u000F");
    assert.equal(decodeOoxmlEscapes("_x005F_x000F_"), "_x000F_");
    assert.equal(decodeOoxmlEscapes("_x12_ _xZZZZ_"), "_x12_ _xZZZZ_");
  });

  test("encode escapes exactly the control characters XML forbids", () => {
    assert.equal(encodeOoxmlEscapes("a\u0000b\u000Fc\u001F"), "a_x0000_b_x000F_c_x001F_");
    assert.equal(encodeOoxmlEscapes("tab\tlf\ncr\r"), "tab\tlf\ncr\r");
    assert.equal(encodeOoxmlEscapes("Üñí 🙂"), "Üñí 🙂");
  });

  test("encode escapes the underscore of text that looks like an escape", () => {
    assert.equal(encodeOoxmlEscapes("var_x000F_name"), "var_x005F_x000F_name");
    assert.equal(encodeOoxmlEscapes("_x12_"), "_x12_");
  });
});
