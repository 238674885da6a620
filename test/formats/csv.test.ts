import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import { readCsv } from "../../src/formats/import/csv.ts";
import { parseRow } from "../../src/formats/import/row.ts";
import { SHEET_HEADER, sheetCsv } from "../helpers/factories.ts";
import { collect, isCode } from "../helpers/readers.ts";

function stream(text: string | Buffer, chunk = 0): Readable {
  const data = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  if (chunk <= 0) return Readable.from([data]);
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunk) parts.push(data.subarray(i, i + chunk));
  return Readable.from(parts);
}

//                Category  Highlight?   Title  Authors  Venue  Year  H/T  Email  Summarizer  Summary  My opinion  Prerequisites  Read more
const ROW = (title: string, summary = "s") => [
  "Robustness",
  "",
  title,
  "Ada Lovelace*, Alan Turing",
  "arXiv",
  "2019",
  "",
  "AN #53",
  "Rohin/Robert",
  summary,
  "",
  "",
  "",
];

test("reads the sheet's CSV: fields by header, rows numbered as the spreadsheet shows them", async () => {
  const reader = await readCsv(stream(sheetCsv([ROW("First"), ROW("Second")])), "an.csv");
  assert.equal(reader.format, "csv");
  assert.deepEqual(reader.unknownColumns, []);
  assert.ok(reader.fields.includes("title") && reader.fields.includes("year"));
  assert.ok(!reader.fields.includes("url"), "the sheet's CSV has no links");
  const rows = await collect(reader);
  assert.deepEqual(
    rows.map((r) => [r.row, r.values.title]),
    [
      [2, "First"],
      [3, "Second"],
    ],
  );
  const { fields } = parseRow(rows[0]!, "an.csv");
  assert.equal(fields.year, 2019);
  assert.equal(fields.issueNumber, 53);
  assert.deepEqual(fields.summarizers, ["Rohin", "Robert"]);
  assert.deepEqual(fields.authors, [
    { name: "Ada Lovelace", equalContribution: true },
    { name: "Alan Turing", equalContribution: false },
  ]);
});

test("quoted cells keep commas, quotes and line breaks, and row numbers count records, not lines", async () => {
  const summary = 'Line one, with a comma.\n\nLine "three".';
  const rows = await collect(await readCsv(stream(sheetCsv([ROW("A", summary), ROW("B")])), "an.csv"));
  assert.equal(rows[0]!.values.summary, summary);
  assert.equal(rows[1]!.row, 3);
  assert.equal(rows[1]!.values.title, "B");
});

test("CRLF files are read, and parseRow normalises CRLF inside cells", async () => {
  const csv = `${SHEET_HEADER}\r\nRobustness,,"Two\r\nlines",,,,,,,,,,\r\n`;
  const rows = await collect(await readCsv(stream(csv), "an.csv"));
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.values.read_more, "");
  assert.equal(parseRow(rows[0]!, "an.csv").fields.title, "Two\nlines");
});

test("a UTF-8 byte-order mark does not hide the first column", async () => {
  const reader = await readCsv(stream(`\uFEFF${sheetCsv([ROW("Café")])}`), "an.csv");
  assert.deepEqual(reader.unknownColumns, []);
  const rows = await collect(reader);
  assert.equal(rows[0]!.values.category, "Robustness");
  assert.equal(rows[0]!.values.title, "Café");
});

test("multi-byte characters split across chunks survive", async () => {
  const title = "Über 人工知能 🙂 safety";
  const rows = await collect(await readCsv(stream(sheetCsv([ROW(title)]), 7), "an.csv"));
  assert.equal(rows[0]!.values.title, title);
});

test("empty lines are blank rows that still count", async () => {
  const csv = `${SHEET_HEADER}\nRobustness,,A,,,,,,,,,,\n\nRobustness,,B,,,,,,,,,,\n`;
  const rows = await collect(await readCsv(stream(csv), "an.csv"));
  assert.deepEqual(
    rows.map((r) => [r.row, r.values.title ?? ""]),
    [
      [2, "A"],
      [3, ""],
      [4, "B"],
    ],
  );
});

test("short and long rows are tolerated", async () => {
  const csv = `${SHEET_HEADER}\nRobustness,,Short\nRobustness,,Long,,,,,,,,,,,extra,cells\n`;
  const rows = await collect(await readCsv(stream(csv), "an.csv"));
  assert.equal(rows[0]!.values.title, "Short");
  assert.equal(rows[0]!.values.summary, undefined);
  assert.equal(rows[1]!.values.title, "Long");
});

test("unknown columns are reported and their cells left out", async () => {
  const reader = await readCsv(
    stream(sheetCsv([[...ROW("A"), "secret"]], `${SHEET_HEADER},Notes`)),
    "an.csv",
  );
  assert.deepEqual(reader.unknownColumns, ["Notes"]);
  const rows = await collect(reader);
  assert.ok(!Object.values(rows[0]!.values).includes("secret"));
});

test("Summa's export header (snake_case, *_url columns) is read with its links", async () => {
  const header =
    "sheet_row,category,highlight,title,url,authors,venue,venue_url,year,hat_tip,email,issue_number,issue_url,summarizer,summary,opinion,prerequisites,prerequisites_url,read_more,read_more_url";
  const csv = `${header}\n9,Robustness,True,T,https://x.org/p,,,,2020,,AN #9,9,https://x.org/an9,,,,,,,\n`;
  const reader = await readCsv(stream(csv), "export.csv");
  assert.deepEqual(reader.unknownColumns, []);
  assert.ok(reader.fields.includes("url") && reader.fields.includes("issue_url"));
  const parsed = parseRow((await collect(reader))[0]!, "export.csv");
  assert.equal(parsed.sheetRow, 9);
  assert.equal(parsed.fields.highlight, true);
  assert.equal(parsed.fields.url, "https://x.org/p");
  assert.equal(parsed.fields.issueUrl, "https://x.org/an9");
});

test("a wrong header fails before any row, naming every missing column", async () => {
  const csv = "Title,Authors,Notes\nA,B,C\n";
  await assert.rejects(
    readCsv(stream(csv), "people.csv"),
    isCode(
      "import.missing_columns",
      "people.csv",
      "row 1",
      '"Category"',
      '"Highlight?"',
      '"Venue"',
      '"H/T"',
      '"Email"',
      '"Summarizer"',
      '"Summary"',
      '"My opinion"',
      '"Prerequisites"',
      '"Read more"',
    ),
  );
});

test("an empty file is unreadable", async () => {
  await assert.rejects(readCsv(stream(""), "empty.csv"), isCode("import.unreadable", "empty.csv", "empty"));
});

test("an unclosed quote in the header gives import.unreadable, not a crash", async () => {
  await assert.rejects(
    readCsv(stream('"Category,Title\n'), "bad.csv"),
    isCode("import.unreadable", "bad.csv"),
  );
});

test("an unclosed quote in a data row gives import.unreadable, at header time or while reading rows", async () => {
  const csv = `${SHEET_HEADER}\nRobustness,,"never closed,,,\nmore,text\n`;
  await assert.rejects(
    async () => collect(await readCsv(stream(csv), "bad.csv")),
    isCode("import.unreadable", "bad.csv"),
  );
});

test("a bad quote deep in a large file is reported while rows stream, naming its row", async () => {
  const good = Array.from({ length: 2000 }, (_, i) => ROW(`Title ${i}`));
  // Header is row 1, the good rows are 2..2001: the bad record is row 2002.
  const csv = `${sheetCsv(good)}Robustness,,"ok" trailing junk,,,,,,,,,,\n`;
  // 64 KiB chunks, as fs.createReadStream reads a file.
  const reader = await readCsv(stream(csv, 65536), "big.csv");
  const seen: number[] = [];
  await assert.rejects(
    async () => {
      for await (const r of reader.rows) seen.push(r.row);
    },
    isCode("import.unreadable", "big.csv", "record 2002"),
  );
  assert.ok(seen.length > 0, "rows before the bad one were read");
});

test("a read error of the input stream becomes a rejection, not an unhandled error", async () => {
  const input = new Readable({
    read() {
      this.destroy(new Error("disk on fire"));
    },
  });
  await assert.rejects(
    readCsv(input, "broken.csv"),
    isCode("import.unreadable", "broken.csv", "disk on fire"),
  );
});

test("CRLF, LF and CR line ends; blank lines and short rows are rows of their own, in one pass", async () => {
  const header = SHEET_HEADER;
  for (const eol of ["\r\n", "\n", "\r"]) {
    const csv = [
      header,
      ROW("First").join(","),
      "",
      "Robustness,,Short",
      `Robustness,,"Multi${eol}line"`,
      "",
    ].join(eol);
    // One byte at a time: a CR at a chunk's end must still pair with the LF that follows.
    const rows = await collect(await readCsv(stream(csv, 1), "eol.csv"));
    assert.deepEqual(
      rows.map((r) => [r.row, r.values.title ?? ""]),
      [
        [2, "First"],
        [3, ""],
        [4, "Short"],
        [5, `Multi${eol}line`],
      ],
      JSON.stringify(eol),
    );
  }
});

test("a file of 20,000 blank lines is 20,000 rows (its speed: npm run bench:csv-shapes)", async () => {
  // Each record shorter than the header cost csv-parse an error object (about 50 us): 1 MB of
  // blank lines took 54 s. The reader now makes one pass over the bytes; the fuzz test holds
  // every input to a second, and the bench measures the shapes.
  const reader = await readCsv(stream(`${SHEET_HEADER}\n${"\n".repeat(20_000)}`, 65536), "blank.csv");
  let rows = 0;
  for await (const r of reader.rows) {
    rows++;
    assert.deepEqual(r.values.title ?? "", "");
  }
  assert.equal(rows, 20_000);
});
