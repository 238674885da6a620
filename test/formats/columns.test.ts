import assert from "node:assert/strict";
import { test } from "node:test";
import { EXPORT_COLUMNS } from "../../src/formats/export/record.ts";
import {
  headerName,
  mapHeader,
  presentFields,
  REQUIRED_FIELDS,
  SHEET_FIELDS,
} from "../../src/formats/import/columns.ts";
import { SHEET_HEADER } from "../helpers/factories.ts";

const SHEET = SHEET_HEADER.split(",");

test("the AN sheet's own header maps every column, nothing unknown or missing", () => {
  const map = mapHeader(SHEET);
  assert.deepEqual(map.fields, [
    "category",
    "highlight",
    "title",
    "authors",
    "venue",
    "year",
    "hat_tip",
    "email",
    "summarizer",
    "summary",
    "opinion",
    "prerequisites",
    "read_more",
  ]);
  assert.deepEqual(map.unknown, []);
  assert.deepEqual(map.missing, []);
});

test("Year is optional (the sheet only gained it in 2022)", () => {
  const map = mapHeader(SHEET.filter((h) => h !== "Year"));
  assert.deepEqual(map.missing, []);
  assert.ok(!map.fields.includes("year"));
  assert.ok(!REQUIRED_FIELDS.includes("year"));
});

test("Summa's snake_case export header maps to the same fields; issue_number is silently derived", () => {
  const map = mapHeader(EXPORT_COLUMNS);
  assert.deepEqual(map.unknown, []);
  assert.deepEqual(map.missing, []);
  assert.deepEqual(
    map.fields,
    EXPORT_COLUMNS.map((c) => (c === "issue_number" ? null : c)),
  );
  // Every field the sheet knows is reachable by its own name.
  assert.deepEqual(mapHeader([...SHEET_FIELDS]).fields, [...SHEET_FIELDS]);
});

test("header matching ignores case, spacing and punctuation, and knows a few aliases", () => {
  const map = mapHeader([
    "  CATEGORY ",
    "highlight",
    "title",
    "Link",
    "authors",
    "venue",
    "Venue URL",
    "Hat tip",
    "Issue",
    "Issue URL",
    "Summarizers",
    "summary",
    "Opinion",
    "prerequisites",
    "Prerequisites URL",
    "read-more",
    "Read more URL",
    "Row",
  ]);
  assert.deepEqual(map.fields, [
    "category",
    "highlight",
    "title",
    "url",
    "authors",
    "venue",
    "venue_url",
    "hat_tip",
    "email",
    "issue_url",
    "summarizer",
    "summary",
    "opinion",
    "prerequisites",
    "prerequisites_url",
    "read_more",
    "read_more_url",
    "sheet_row",
  ]);
  assert.deepEqual(map.missing, []);
  assert.deepEqual(map.unknown, []);
});

test("unknown columns are reported by their own spelling and map to nothing", () => {
  const map = mapHeader([...SHEET, "Notes", "Reviewer (2021)"]);
  assert.deepEqual(map.unknown, ["Notes", "Reviewer (2021)"]);
  assert.equal(map.fields[SHEET.length], null);
  assert.equal(map.fields[SHEET.length + 1], null);
  assert.deepEqual(map.missing, []);
});

test("blank header cells are ignored without a warning", () => {
  const map = mapHeader([...SHEET, "", "  "]);
  assert.deepEqual(map.unknown, []);
  assert.deepEqual(map.fields.slice(-2), [null, null]);
});

test("a column given twice: the first wins, the second is reported", () => {
  const map = mapHeader([...SHEET, "Title"]);
  assert.equal(map.fields.indexOf("title"), 2);
  assert.equal(map.fields[SHEET.length], null);
  assert.deepEqual(map.unknown, ["Title"]);
});

test("a header named like an Object.prototype property is an unknown column, not a field", () => {
  const map = mapHeader([...SHEET, "Constructor"]);
  assert.equal(map.fields[SHEET.length], null);
  assert.deepEqual(map.unknown, ["Constructor"]);
});

test("missing required columns are all listed, in the sheet's order", () => {
  const map = mapHeader(["Title", "Authors", "Notes"]);
  assert.deepEqual(map.missing, [
    "category",
    "highlight",
    "venue",
    "hat_tip",
    "email",
    "summarizer",
    "summary",
    "opinion",
    "prerequisites",
    "read_more",
  ]);
  assert.deepEqual(mapHeader([]).missing, [...REQUIRED_FIELDS]);
});

test("headerName gives the sheet's spelling, or the field name for export-only columns", () => {
  assert.equal(headerName("highlight"), "Highlight?");
  assert.equal(headerName("hat_tip"), "H/T");
  assert.equal(headerName("opinion"), "My opinion");
  assert.equal(headerName("issue_url"), "issue_url");
});

test("presentFields adds the link fields of linked cells only when the format has cell links", () => {
  const map = mapHeader(SHEET);
  const plain = presentFields(map, false);
  assert.ok(plain.includes("title"));
  assert.ok(!plain.includes("url"));
  const linked = presentFields(map, true);
  for (const f of ["url", "issue_url", "venue_url", "prerequisites_url", "read_more_url"] as const) {
    assert.ok(linked.includes(f), f);
  }
  // A sheet without Title carries no paper links.
  const noTitle = presentFields(mapHeader(SHEET.filter((h) => h !== "Title")), true);
  assert.ok(!noTitle.includes("url"));
});
