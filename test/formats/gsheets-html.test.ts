import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { strToU8, zipSync } from "fflate";
import { readGsheetsHtml, readGsheetsZip } from "../../src/formats/import/gsheets-html.ts";
import { isBlankRow, parseRow } from "../../src/formats/import/row.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";
import { collect, isCode } from "../helpers/readers.ts";

/** The 2021 sheet's header (before Year was added), as Google's export has it. */
const HEADER = [
  "Category",
  "Highlight?",
  "Title",
  "Authors",
  "Venue",
  "H/T",
  "Email",
  "Summarizer",
  "Summary",
  "My opinion",
  "Prerequisites",
  "Read more",
];

interface HtmlRow {
  /** The number in the row header, as Google prints it. */
  n: number;
  /** Inner HTML of each <td>, or a full `<td ...>...</td>` when it starts with "<td". */
  cells: string[];
}

const td = (inner: string) => (inner.startsWith("<td") ? inner : `<td class="s0">${inner}</td>`);

/** A page shaped like Google Sheets' "Web page (.html, zipped)" export: column letters, row headers, a freeze bar. */
function gsheetsPage(rows: HtmlRow[], { header = HEADER, freezebar = true } = {}): string {
  const letters = header.map(
    (_, i) =>
      `<th id="0C${i}" style="width:100px;" class="column-headers-background">${String.fromCharCode(65 + i)}</th>`,
  );
  const rowHtml = (r: HtmlRow) =>
    `<tr style="height: 20px"><th id="0R${r.n - 1}" style="height: 20px;" class="row-headers-background">` +
    `<div class="row-header-wrapper" style="line-height: 20px">${r.n}</div></th>${r.cells.map(td).join("")}</tr>`;
  const freeze = `<tr><th style="height:3px;" class="freezebar-cell freezebar-horizontal-handle"></th>${header
    .map(() => '<td class="freezebar-cell"></td>')
    .join("")}</tr>`;
  return (
    '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"><link type="text/css" rel="stylesheet" href="resources/sheet.css" >' +
    '<style type="text/css">.ritz .waffle a { color: inherit; }</style>' +
    '<div class="ritz grid-container" dir="ltr"><table class="waffle" cellspacing="0" cellpadding="0">' +
    `<thead><tr><th class="row-header freezebar-vertical-handle"></th>${letters.join("")}</tr></thead><tbody>` +
    rowHtml({ n: 1, cells: header }) +
    (freezebar ? freeze : "") +
    rows.map(rowHtml).join("") +
    "</tbody></table></div>"
  );
}

function zipOf(files: Record<string, string | Uint8Array>): Uint8Array {
  return zipSync(
    Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? strToU8(v) : v])),
  );
}

/** A data row from cells by header name. */
function cells(values: Partial<Record<string, string>>): string[] {
  return HEADER.map((h) => values[h] ?? "");
}

const ROW2: HtmlRow = {
  n: 2,
  cells: cells({
    Category: "Adversarial examples",
    "Highlight?": '<td class="s2">Highlight</td>',
    Title:
      '<td class="s3"><a target="_blank" href="http://gradientscience.org/adv/">Adversarial Examples Are Not Bugs, They Are Features</a></td>',
    Authors: "Andrew Ilyas*, Shibani Santurkar*, Aleksander Madry",
    Venue: "arXiv",
    Email:
      '<td class="s3"><a target="_blank" href="https://mailchi.mp/4a1b3c4249ae/an-62are-adversarial-examples">AN #62</a></td>',
    Summarizer: "Rohin",
    Summary:
      "_Distill published a discussion._<br><br>The model &quot;hallucinates&quot; a signal; they don&#39;t generalize &amp; so on &lt;3.",
  }),
};

describe("readGsheetsHtml", () => {
  test("reads the table: links from <a href>, <br> as newlines, entities decoded", async () => {
    const reader = readGsheetsHtml(gsheetsPage([ROW2]), "Database.html");
    assert.equal(reader.format, "gsheets-html");
    assert.equal(reader.totalRows, 1);
    assert.deepEqual(reader.unknownColumns, []);
    assert.ok(reader.fields.includes("url") && reader.fields.includes("issue_url"));
    assert.ok(!reader.fields.includes("year"), "the 2021 export has no Year");
    const rows = await collect(reader);
    assert.equal(rows.length, 1);
    const { fields } = parseRow(rows[0]!, "Database.html");
    assert.equal(fields.category, "Adversarial examples");
    assert.equal(fields.highlight, true);
    assert.equal(fields.title, "Adversarial Examples Are Not Bugs, They Are Features");
    assert.equal(fields.url, "http://gradientscience.org/adv/");
    assert.equal(fields.issueLabel, "AN #62");
    assert.equal(fields.issueNumber, 62);
    assert.equal(fields.issueUrl, "https://mailchi.mp/4a1b3c4249ae/an-62are-adversarial-examples");
    assert.equal(fields.authors.length, 3);
    assert.equal(fields.authors[0]!.equalContribution, true);
    assert.equal(
      fields.summary,
      '_Distill published a discussion._\n\nThe model "hallucinates" a signal; they don\'t generalize & so on <3.',
    );
  });

  test("the freeze-bar row is skipped and row numbers come from the row headers", async () => {
    const page = gsheetsPage([
      { n: 2, cells: cells({ Title: "Second" }) },
      // Rows 3 and 4 are hidden or filtered out of this export.
      { n: 5, cells: cells({ Title: "Fifth" }) },
    ]);
    const rows = await collect(readGsheetsHtml(page, "Database.html"));
    assert.deepEqual(
      rows.map((r) => [r.row, r.values.title]),
      [
        [2, "Second"],
        [5, "Fifth"],
      ],
    );
  });

  test("a row without a numbered row header is numbered by its position", async () => {
    const page = gsheetsPage([{ n: 2, cells: cells({ Title: "Second" }) }]).replace(
      "</tbody>",
      `<tr>${cells({ Title: "Unnumbered" }).map(td).join("")}</tr></tbody>`,
    );
    const rows = await collect(readGsheetsHtml(page, "Database.html"));
    assert.deepEqual(
      rows.map((r) => [r.row, r.values.title]),
      [
        [2, "Second"],
        [3, "Unnumbered"],
      ],
    );
  });

  test("a merged cell (colspan) fills the columns it spans with empty cells", async () => {
    const merged = [
      "News",
      "",
      "A title",
      '<td class="s0" colspan="3">Authors, venue and H/T merged</td>',
      "AN #70",
      "Rohin",
      "The summary",
      "",
      "",
      "",
    ];
    const rows = await collect(readGsheetsHtml(gsheetsPage([{ n: 2, cells: merged }]), "Database.html"));
    const v = rows[0]!.values;
    assert.equal(v.authors, "Authors, venue and H/T merged");
    assert.equal(v.venue, "");
    assert.equal(v.hat_tip, "");
    assert.equal(v.email, "AN #70", "columns after the merged cell stay in place");
    assert.equal(v.summarizer, "Rohin");
    assert.equal(v.summary, "The summary");
  });

  test("a link inside a longer cell text: the whole text is kept, the first link is the URL", async () => {
    const title =
      '<td class="s3"><a href="https://a.example/">First</a> and <a href="https://b.example/">second</a></td>';
    const rows = await collect(
      readGsheetsHtml(gsheetsPage([{ n: 2, cells: cells({ Title: title }) }]), "D.html"),
    );
    assert.equal(rows[0]!.values.title, "First and second");
    assert.equal(rows[0]!.values.url, "https://a.example/");
  });

  test("text is otherwise verbatim: spaces and non-ASCII kept", async () => {
    const rows = await collect(
      readGsheetsHtml(gsheetsPage([{ n: 2, cells: cells({ Title: "  Über&nbsp;KI 🙂 " }) }]), "D.html"),
    );
    assert.equal(rows[0]!.values.title, "  Über\u00a0KI 🙂 ");
  });

  test("a table nested in a cell does not add rows or cells", async () => {
    const nested = '<td class="s0">Outer<table><tr><td>inner</td><td>cells</td></tr></table></td>';
    const rows = await collect(
      readGsheetsHtml(gsheetsPage([{ n: 2, cells: cells({ Title: nested, Summary: "S" }) }]), "D.html"),
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.values.summary, "S");
  });

  test("an export without the freeze bar reads the same", async () => {
    const rows = await collect(readGsheetsHtml(gsheetsPage([ROW2], { freezebar: false }), "D.html"));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.row, 2);
  });

  test("unknown header cells are reported", () => {
    const reader = readGsheetsHtml(gsheetsPage([], { header: [...HEADER, "Notes"] }), "D.html");
    assert.deepEqual(reader.unknownColumns, ["Notes"]);
    assert.equal(reader.totalRows, 0);
  });

  test("missing columns are named", () => {
    assert.throws(
      () => readGsheetsHtml(gsheetsPage([], { header: ["Title", "Authors"] }), "D.html"),
      isCode("import.missing_columns", "D.html", '"Category"', '"Read more"'),
    );
  });

  test("a page without a table is unreadable", () => {
    assert.throws(
      () => readGsheetsHtml("<html><body><p>Hello</p></body></html>", "page.html"),
      isCode("import.unreadable", "page.html", "no spreadsheet table"),
    );
  });
});

describe("readGsheetsZip", () => {
  test("reads the sheet's .html from the zip, ignoring resources and __MACOSX", async () => {
    const data = zipOf({
      "resources/sheet.css": ".ritz{}",
      "__MACOSX/._Database.html": "junk",
      "Database.html": gsheetsPage([ROW2]),
    });
    const reader = readGsheetsZip(data, "an.zip");
    const rows = await collect(reader);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.values.url, "http://gradientscience.org/adv/");
  });

  test("a zip with several sheets reads the first by name", async () => {
    const data = zipOf({
      "Zeta.html": gsheetsPage([{ n: 2, cells: cells({ Title: "From Zeta" }) }]),
      "Database.html": gsheetsPage([{ n: 2, cells: cells({ Title: "From Database" }) }]),
    });
    const rows = await collect(readGsheetsZip(data, "an.zip"));
    assert.equal(rows[0]!.values.title, "From Database");
  });

  test("messages name the zip and the page inside it", () => {
    const data = zipOf({ "Database.html": gsheetsPage([], { header: ["Title"] }) });
    assert.throws(
      () => readGsheetsZip(data, "an.zip"),
      isCode("import.missing_columns", "an.zip:Database.html"),
    );
  });

  test("a zip without an .html page gives a clear error", () => {
    const data = zipOf({ "resources/sheet.css": ".ritz{}", "notes.txt": "hello" });
    assert.throws(
      () => readGsheetsZip(data, "an.zip"),
      isCode("import.unreadable", "an.zip", ".html", "Web page"),
    );
  });

  test("a broken zip gives import.unreadable", () => {
    const good = zipOf({ "Database.html": gsheetsPage([ROW2]) });
    assert.throws(
      () => readGsheetsZip(good.subarray(0, 40), "cut.zip"),
      isCode("import.unreadable", "cut.zip"),
    );
    const garbage = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.throws(() => readGsheetsZip(garbage, "garbage.zip"), isCode("import.unreadable", "garbage.zip"));
  });
});

describe("the real 2021 export", () => {
  test("reads Google's own zip: links, row numbers, every non-blank row parses", {
    skip: needAnData(),
  }, async () => {
    const data = readFileSync(anDataFile("an-database-2021-09-09-gsheets-html-export.zip"));
    const reader = readGsheetsZip(data, "export.zip");
    assert.deepEqual(reader.unknownColumns, []);
    const rows = await collect(reader);
    assert.ok(rows.length > 1000, `${rows.length} rows`);
    assert.equal(rows[0]!.row, 2);
    const first = parseRow(rows[0]!, "export.zip").fields;
    assert.equal(first.title, "Adversarial Examples Are Not Bugs, They Are Features");
    assert.equal(first.url, "http://gradientscience.org/adv/");
    assert.equal(first.issueNumber, 62);
    let parsed = 0;
    for (const r of rows) {
      if (isBlankRow(r)) continue;
      parseRow(r, "export.zip");
      parsed++;
    }
    assert.ok(parsed > 1000, `${parsed} parsed`);
    // Row numbers increase strictly, as the sheet shows them.
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i]!.row > rows[i - 1]!.row);
  });
});
