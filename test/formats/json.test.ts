import assert from "node:assert/strict";
import { test } from "node:test";
import { readJson } from "../../src/formats/import/json.ts";
import { parseRow } from "../../src/formats/import/row.ts";
import { collect, isCode } from "../helpers/readers.ts";

/** An entry as Summa's JSON export (and the public normalized copy) writes it. */
function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sheet_row: 12,
    category: "Robustness",
    highlight: true,
    title: "A title",
    url: "https://x.org/p",
    authors: "Ada Lovelace*, Alan Turing",
    venue: "arXiv",
    venue_url: "",
    year: 2019,
    hat_tip: "",
    email: "AN #53",
    issue_number: 53,
    issue_url: "https://x.org/an53",
    summarizer: "Rohin/Robert",
    summary: "Line one\nline two",
    opinion: "",
    prerequisites: "",
    prerequisites_url: "",
    read_more: "",
    read_more_url: "",
    ...overrides,
  };
}

test("booleans and numbers are turned back into the sheet's text", async () => {
  const reader = readJson(
    JSON.stringify([record(), record({ highlight: false, year: null, sheet_row: 13 })]),
    "an.json",
  );
  assert.equal(reader.format, "json");
  assert.equal(reader.totalRows, 2);
  assert.deepEqual(reader.unknownColumns, []);
  const [a, b] = await collect(reader);
  assert.equal(a!.values.highlight, "Highlight");
  assert.equal(a!.values.year, "2019");
  assert.equal(a!.values.sheet_row, "12");
  assert.equal(b!.values.highlight, "");
  assert.equal(b!.values.year, "");
  const pa = parseRow(a!, "an.json");
  assert.equal(pa.sheetRow, 12);
  assert.equal(pa.fields.highlight, true);
  assert.equal(pa.fields.year, 2019);
  assert.equal(pa.fields.issueNumber, 53);
  assert.equal(pa.fields.url, "https://x.org/p");
  assert.equal(pa.fields.summary, "Line one\nline two");
  const pb = parseRow(b!, "an.json");
  assert.equal(pb.fields.highlight, false);
  assert.equal(pb.fields.year, null);
});

test("rows are numbered from 1: the N-th entry is row N (a JSON array has no header row)", async () => {
  const rows = await collect(readJson(JSON.stringify([record(), record(), record()]), "an.json"));
  assert.deepEqual(
    rows.map((r) => r.row),
    [1, 2, 3],
  );
});

test("lists of authors or summarizers are joined the sheet's way", async () => {
  const [row] = await collect(
    readJson(
      JSON.stringify([record({ authors: ["Ada*", "Alan"], summarizer: ["Rohin", "Robert"] })]),
      "an.json",
    ),
  );
  const { fields } = parseRow(row!, "an.json");
  assert.deepEqual(fields.authors, [
    { name: "Ada", equalContribution: true },
    { name: "Alan", equalContribution: false },
  ]);
  assert.deepEqual(fields.summarizers, ["Rohin", "Robert"]);
});

test("highlight given as text is kept as text", async () => {
  const [row] = await collect(readJson(JSON.stringify([record({ highlight: "Highlight" })]), "an.json"));
  assert.equal(row!.values.highlight, "Highlight");
});

test("an object with an `entries` array is accepted", async () => {
  const rows = await collect(readJson(JSON.stringify({ entries: [record()] }), "an.json"));
  assert.equal(rows.length, 1);
});

test("keys that are not columns are reported", () => {
  const reader = readJson(JSON.stringify([record({ notes: "x" }), record({ extra: 1 })]), "an.json");
  assert.deepEqual(reader.unknownColumns.sort(), ["extra", "notes"]);
});

test("a key present only in later entries still counts", async () => {
  const first = record();
  delete first.url;
  const rows = await collect(
    readJson(JSON.stringify([first, record({ url: "https://later.example/" })]), "an.json"),
  );
  assert.equal(rows[0]!.values.url, undefined);
  assert.equal(rows[1]!.values.url, "https://later.example/");
});

test("not an array (or entries) is an error", () => {
  for (const text of ['{"title": "x"}', '"hello"', "42", "null", '{"entries": {}}']) {
    assert.throws(() => readJson(text, "an.json"), isCode("import.unreadable", "an.json", "array"), text);
  }
});

test("invalid JSON is import.unreadable", () => {
  assert.throws(
    () => readJson('[{"title": ', "an.json"),
    isCode("import.unreadable", "an.json", "not valid JSON"),
  );
});

test("an element that is not an object names the entry", () => {
  assert.throws(
    () => readJson(JSON.stringify([record(), "oops"]), "an.json"),
    isCode("import.invalid_value", "an.json", "row 2"),
  );
  assert.throws(
    () => readJson(JSON.stringify([record(), [1, 2]]), "an.json"),
    isCode("import.invalid_value", "row 2"),
  );
});

test("an empty array has no columns", () => {
  assert.throws(() => readJson("[]", "an.json"), isCode("import.missing_columns", "an.json"));
});

test("missing columns are named", () => {
  assert.throws(
    () => readJson(JSON.stringify([{ title: "T", authors: "A" }]), "an.json"),
    isCode("import.missing_columns", "an.json", '"Category"', '"Highlight?"', '"Read more"'),
  );
});
