import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import ExcelJS from "exceljs";
import type { Entry } from "../../src/domain/entry.ts";
import { csvHeader, csvRows } from "../../src/formats/export/csv.ts";
import { jsonRecord } from "../../src/formats/export/json.ts";
import { EXPORT_COLUMNS, toExportRecord } from "../../src/formats/export/record.ts";
import { createXlsxWriter, XLSX_HEADERS, xlsxRow } from "../../src/formats/export/xlsx.ts";
import { mapHeader } from "../../src/formats/import/columns.ts";
import { readCsv } from "../../src/formats/import/csv.ts";
import { readJson } from "../../src/formats/import/json.ts";
import type { SheetReader } from "../../src/formats/import/raw-row.ts";
import { type ParsedRow, parseRow } from "../../src/formats/import/row.ts";
import { readXlsx } from "../../src/formats/import/xlsx.ts";
import { storedEntry } from "../helpers/factories.ts";

const entry = storedEntry;

/** Entries with everything an export must carry: every field set, awkward text, empty values. */
function awkwardEntries(): Entry[] {
  return [
    entry({
      sheetRow: 2,
      highlight: true,
      category: "Adversarial examples",
      title: 'Adversarial Examples Are "Not Bugs", They Are Features ',
      url: "http://gradientscience.org/adv/",
      authors: [
        { name: "Andrew Ilyas", equalContribution: true },
        { name: "Shibani Santurkar", equalContribution: true },
        { name: "Aleksander Madry", equalContribution: false },
      ],
      venue: "Distill",
      venueUrl: "https://distill.pub/2019/advex-bugs-discussion/",
      year: 2019,
      hatTip: "Someone, somewhere",
      issueLabel: "AN #62",
      issueNumber: 62,
      issueUrl: "https://mailchi.mp/4a1b3c4249ae/an-62#frag",
      summarizers: ["Rohin", "Robert"],
      summary: 'Line one, with a comma.\n\nA "quoted" line; café, 人工知能, 🙂.\n',
      opinion: "  leading spaces and a tab\tinside",
      prerequisites: "AN #1",
      prerequisitesUrl: "https://example.org/an-1",
      readMore: "Discussion",
      readMoreUrl: "https://example.org/discussion?x=1&y=2",
    }),
    entry({
      sheetRow: 7,
      highlight: false,
      title: "An item from another newsletter",
      url: "",
      authors: [],
      venue: "",
      year: null,
      issueLabel: "Recon #4",
      issueNumber: null,
      issueUrl: "",
      summarizers: [],
      summary: "",
      opinion: "",
    }),
    entry({
      sheetRow: 8,
      title: "=1+1 looks like a formula",
      issueLabel: "N/A",
      issueNumber: null,
      year: 2022,
    }),
    entry({ sheetRow: 9, title: "Not yet sent", issueLabel: "", issueNumber: null, issueUrl: "" }),
  ];
}

async function parsedRows(reader: SheetReader, file: string): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  for await (const r of reader.rows) out.push(parseRow(r, file));
  return out;
}

/** The sheet's fields of an entry: what an export carries (not the store's id, row or workflow). */
const fieldsOf = (e: Entry) => {
  const { id: _id, sheetRow: _sheetRow, status: _status, createdBy: _createdBy, ...fields } = e;
  return fields;
};

describe("CSV export", () => {
  test("the header is Summa's snake_case columns, all known to the importer", () => {
    const header = csvHeader();
    assert.equal(header, `${EXPORT_COLUMNS.join(",")}\n`);
    const map = mapHeader(EXPORT_COLUMNS);
    assert.deepEqual(map.missing, []);
    assert.deepEqual(map.unknown, []);
  });

  test("highlight is written True/False and an unknown year is empty", () => {
    const [a, b] = awkwardEntries();
    const lines = csvRows([b!]).trim();
    assert.match(lines, /^7,Learning human intent,False,/);
    assert.ok(csvRows([a!]).includes(",True,"));
  });

  test("csvHeader + csvRows read back through readCsv + parseRow give the same entries", async () => {
    const entries = awkwardEntries();
    // Exports are written in chunks; joining chunks must still be one valid file.
    const text = csvHeader() + csvRows(entries.slice(0, 2)) + csvRows(entries.slice(2));
    const reader = await readCsv(Readable.from([Buffer.from(text)]), "export.csv");
    assert.deepEqual(reader.unknownColumns, []);
    const parsed = await parsedRows(reader, "export.csv");
    assert.equal(parsed.length, entries.length);
    parsed.forEach((p, i) => {
      assert.deepEqual(p.fields, fieldsOf(entries[i]!), `entry ${i}`);
      assert.equal(p.sheetRow, entries[i]!.sheetRow);
    });
  });

  test("an entry without a sheet row is written with an empty sheet_row and reads back at its position", async () => {
    const e = entry({ sheetRow: null });
    const reader = await readCsv(Readable.from([Buffer.from(csvHeader() + csvRows([e]))]), "export.csv");
    const [p] = await parsedRows(reader, "export.csv");
    assert.equal(p!.sheetRow, 2);
    assert.deepEqual(p!.fields, fieldsOf(e));
  });
});

describe("JSON export", () => {
  test("jsonRecord is the export record, indented to sit inside an array", () => {
    const e = awkwardEntries()[0]!;
    const text = jsonRecord(e);
    assert.deepEqual(JSON.parse(text), toExportRecord(e));
    for (const line of text.split("\n")) assert.ok(line.startsWith("  "), line);
  });

  test("the record has every export column, lists written the sheet's way", () => {
    const e = awkwardEntries()[0]!;
    const r = toExportRecord(e);
    assert.deepEqual(Object.keys(r), EXPORT_COLUMNS);
    assert.equal(r.authors, "Andrew Ilyas*, Shibani Santurkar*, Aleksander Madry");
    assert.equal(r.summarizer, "Rohin/Robert");
    assert.equal(r.email, "AN #62");
    assert.equal(r.issue_number, 62);
    assert.equal(r.highlight, true);
    assert.equal(r.year, 2019);
  });

  test("records joined into an array read back through readJson + parseRow give the same entries", async () => {
    const entries = awkwardEntries();
    const text = `[\n${entries.map(jsonRecord).join(",\n")}\n]\n`;
    const reader = readJson(text, "export.json");
    assert.deepEqual(reader.unknownColumns, []);
    const parsed = await parsedRows(reader, "export.json");
    assert.equal(parsed.length, entries.length);
    parsed.forEach((p, i) => {
      assert.deepEqual(p.fields, fieldsOf(entries[i]!), `entry ${i}`);
      assert.equal(p.sheetRow, entries[i]!.sheetRow);
    });
  });
});

describe("xlsx export", () => {
  test("the header is the AN sheet's 13 columns, which the importer maps fully", () => {
    assert.equal(XLSX_HEADERS.length, 13);
    const map = mapHeader(XLSX_HEADERS);
    assert.deepEqual(map.missing, []);
    assert.deepEqual(map.unknown, []);
    assert.ok(map.fields.includes("year"));
  });

  test("xlsxRow puts hyperlinks on Title, Email, Venue, Prerequisites and Read more", () => {
    const e = awkwardEntries()[0]!;
    const row = xlsxRow(e);
    assert.equal(row.length, XLSX_HEADERS.length);
    const at = (h: string) => row[XLSX_HEADERS.indexOf(h)];
    assert.deepEqual(at("Title"), { text: e.title, hyperlink: e.url });
    assert.deepEqual(at("Email"), { text: "AN #62", hyperlink: e.issueUrl });
    assert.deepEqual(at("Venue"), { text: "Distill", hyperlink: e.venueUrl });
    assert.deepEqual(at("Prerequisites"), { text: "AN #1", hyperlink: e.prerequisitesUrl });
    assert.deepEqual(at("Read more"), { text: "Discussion", hyperlink: e.readMoreUrl });
    assert.equal(at("Highlight?"), "Highlight");
    assert.equal(at("Authors"), "Andrew Ilyas*, Shibani Santurkar*, Aleksander Madry");
    assert.equal(at("Summarizer"), "Rohin/Robert");
    assert.equal(at("Year"), 2019);
    assert.equal(at("My opinion"), e.opinion);
  });

  test("cells without a URL are plain text; no highlight is empty", () => {
    const e = awkwardEntries()[1]!;
    const row = xlsxRow(e);
    assert.equal(row[XLSX_HEADERS.indexOf("Title")], e.title);
    assert.equal(row[XLSX_HEADERS.indexOf("Email")], "Recon #4");
    assert.equal(row[XLSX_HEADERS.indexOf("Highlight?")], "");
    assert.equal(row[XLSX_HEADERS.indexOf("Year")], null);
  });

  test("control characters XML cannot hold are written as _xHHHH_", () => {
    const e = entry({ title: "T\u0001", summary: "a\u000Fb", opinion: "\u0008" });
    const row = xlsxRow(e);
    assert.deepEqual(row[XLSX_HEADERS.indexOf("Title")], { text: "T_x0001_", hyperlink: e.url });
    assert.equal(row[XLSX_HEADERS.indexOf("Summary")], "a_x000F_b");
    assert.equal(row[XLSX_HEADERS.indexOf("My opinion")], "_x0008_");
  });

  test("a workbook of xlsxRow rows reads back through readXlsx + parseRow to the same entries", async () => {
    const entries = [
      ...awkwardEntries(),
      entry({ summary: "control \u0001\u000F\u001F chars", opinion: "bell\u0007" }),
    ];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow(XLSX_HEADERS);
    for (const e of entries) ws.addRow(xlsxRow(e));
    const reader = await readXlsx(Buffer.from(await wb.xlsx.writeBuffer()), "export.xlsx");
    assert.deepEqual(reader.unknownColumns, []);
    const parsed = await parsedRows(reader, "export.xlsx");
    assert.equal(parsed.length, entries.length);
    parsed.forEach((p, i) => {
      assert.deepEqual(p.fields, fieldsOf(entries[i]!), `entry ${i}`);
      assert.equal(p.row, i + 2);
    });
  });

  test("control characters survive in every text column, not only Summary and My opinion", async () => {
    const e = entry({
      category: "Robust\u0001ness",
      hatTip: "a\u0007b",
      authors: [{ name: "Ada\u0002 Lovelace", equalContribution: false }],
      summarizers: ["Ro\u0003hin"],
    });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow(XLSX_HEADERS);
    ws.addRow(xlsxRow(e));
    const [p] = await parsedRows(
      await readXlsx(Buffer.from(await wb.xlsx.writeBuffer()), "export.xlsx"),
      "x.xlsx",
    );
    assert.deepEqual(p!.fields, fieldsOf(e));
  });

  test("a link on a cell with no text does not turn the cell into JSON", async () => {
    // E.g. an issue URL imported from a CSV whose Email label is empty, or a venue link without a venue.
    const e = entry({
      issueLabel: "",
      issueNumber: null,
      issueUrl: "https://example.org/an-53",
      venue: "",
      venueUrl: "https://example.org/v",
    });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow(XLSX_HEADERS);
    ws.addRow(xlsxRow(e));
    const [p] = await parsedRows(
      await readXlsx(Buffer.from(await wb.xlsx.writeBuffer()), "export.xlsx"),
      "x.xlsx",
    );
    // exceljs cannot link an empty cell, so the URL is shown as the text: nothing is lost.
    assert.equal(p!.fields.issueLabel, "https://example.org/an-53");
    assert.equal(p!.fields.issueUrl, "https://example.org/an-53");
    assert.equal(p!.fields.venueUrl, "https://example.org/v");
    assert.doesNotMatch(p!.fields.venue, /hyperlink/);
  });

  test("text that looks like an _xHHHH_ escape survives export and import", async () => {
    const e = entry({ summary: "the variable my_x0041_name", title: "Title _x000F_ literal" });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow(XLSX_HEADERS);
    ws.addRow(xlsxRow(e));
    const [p] = await parsedRows(
      await readXlsx(Buffer.from(await wb.xlsx.writeBuffer()), "export.xlsx"),
      "x.xlsx",
    );
    assert.equal(p!.fields.summary, e.summary);
    assert.equal(p!.fields.title, e.title);
  });

  test("createXlsxWriter writes a file the importer reads back, header frozen", async () => {
    const dir = mkdtempSync(join(tmpdir(), "summa-xlsx-"));
    try {
      const path = join(dir, "export.xlsx");
      const entries = awkwardEntries();
      const writer = createXlsxWriter(path);
      for (const e of entries) writer.add(e);
      await writer.finish();
      const data = readFileSync(path);
      const parsed = await parsedRows(await readXlsx(data, path), path);
      assert.deepEqual(
        parsed.map((p) => p.fields),
        entries.map(fieldsOf),
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(data as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      assert.deepEqual(ws.views[0], { ...ws.views[0], state: "frozen", ySplit: 1 });
      assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), XLSX_HEADERS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
