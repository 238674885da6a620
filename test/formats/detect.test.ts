import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import ExcelJS from "exceljs";
import { strToU8, zipSync } from "fflate";
import { detectFormat } from "../../src/formats/import/detect.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";
import { isCode } from "../helpers/readers.ts";

const text = (s: string) => new TextEncoder().encode(s);

async function xlsxBytes(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Sheet1").addRow(["Category", "Title"]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

test("an xlsx is xlsx, whatever its name", async () => {
  const head = (await xlsxBytes()).subarray(0, 4096);
  assert.equal(detectFormat(head, "an.xlsx"), "xlsx");
  assert.equal(detectFormat(head, "download"), "xlsx");
  assert.equal(detectFormat(head, "an.csv"), "xlsx");
});

test("another zip is Google Sheets' zipped web page", () => {
  const zip = zipSync({
    "Database.html": strToU8("<table class='waffle'></table>"),
    "resources/sheet.css": strToU8(""),
  });
  assert.equal(detectFormat(zip, "an.zip"), "gsheets-html");
  assert.equal(detectFormat(zip, "download"), "gsheets-html");
});

test("a zip named .xlsx is xlsx (the reader reports if it is not)", () => {
  const zip = zipSync({ "Database.html": strToU8("<table></table>") });
  assert.equal(detectFormat(zip, "an.xlsx"), "xlsx");
});

test("JSON: an array or object, after a BOM and whitespace", () => {
  assert.equal(detectFormat(text('[{"title": "x"}]'), "an.json"), "json");
  assert.equal(detectFormat(text('\uFEFF\n  {"entries": []}'), "export"), "json");
  assert.equal(detectFormat(text("[]"), "an.csv"), "json");
});

test("HTML text is the web page export", () => {
  assert.equal(
    detectFormat(text('<meta http-equiv="Content-Type"><table class="waffle">'), "Database.html"),
    "gsheets-html",
  );
  assert.equal(detectFormat(text("\n<!DOCTYPE html><html>"), "page"), "gsheets-html");
});

test("other text is CSV", () => {
  assert.equal(detectFormat(text("Category,Highlight?,Title\nA,,B\n"), "an.csv"), "csv");
  assert.equal(detectFormat(text("\uFEFFCategory,Title\n"), "an.csv"), "csv");
  assert.equal(detectFormat(text("Catégorie,Título,人工知能\n"), "an.txt"), "csv");
  assert.equal(detectFormat(text("a\tb\r\nc\td\r\n"), "tabs.tsv"), "csv");
});

test("the URL's query and fragment do not hide the extension", () => {
  assert.throws(
    () => detectFormat(text("Category,Title\n"), "https://x.org/an.xlsx?dl=1#x"),
    isCode("import.unreadable", ".xlsx"),
  );
});

test("text named .xlsx or .zip is not a zip archive", () => {
  assert.throws(
    () => detectFormat(text("Category,Title\n"), "an.xlsx"),
    isCode("import.unreadable", "an.xlsx", "not a zip"),
  );
  assert.throws(
    () => detectFormat(text("Category,Title\n"), "an.ZIP"),
    isCode("import.unreadable", "an.ZIP"),
  );
});

test("an empty file is unreadable", () => {
  assert.throws(
    () => detectFormat(new Uint8Array(), "empty.csv"),
    isCode("import.unreadable", "empty.csv", "empty"),
  );
});

test("binary garbage is import.unknown_format", () => {
  // A PNG header, a NUL-laden blob, and pseudo-random bytes.
  const png = new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
  ]);
  assert.throws(() => detectFormat(png, "image.csv"), isCode("import.unknown_format", "image.csv"));
  assert.throws(
    () => detectFormat(new Uint8Array([65, 66, 0, 67]), "nul.csv"),
    isCode("import.unknown_format"),
  );
  let seed = 7;
  const noise = new Uint8Array(1024).map(() => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >> 16) & 0xff;
  });
  assert.throws(() => detectFormat(noise, "noise.bin"), isCode("import.unknown_format", "noise.bin"));
});

test("a few control characters in text are tolerated", () => {
  const body = `Category,Title\n${"x,".repeat(200)}\u0001\n`;
  assert.equal(detectFormat(text(body), "an.csv"), "csv");
});

test("the real AN files are each recognised", { skip: needAnData() }, () => {
  const cases: [string, string][] = [
    ["an-database-2022.xlsx", "xlsx"],
    ["an-database-2022.csv", "csv"],
    ["an-database-2022.json", "json"],
    ["an-database-2021-09-09-gsheets-html-export.zip", "gsheets-html"],
  ];
  for (const [name, format] of cases) {
    const head = readFileSync(anDataFile(name)).subarray(0, 4096);
    assert.equal(detectFormat(head, name), format, name);
  }
});
