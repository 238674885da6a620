import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { readCsv } from "../../src/formats/import/csv.ts";
import { sheetEncoding } from "../../src/formats/import/encoding.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { SHEET_HEADER } from "../helpers/factories.ts";
import { collect, isCode } from "../helpers/readers.ts";
import { tempDir } from "../helpers/temp.ts";

const MB = 1024 * 1024;

/** A CSV whose row 3 has a Summary of `mb` megabytes, counting the bytes the reader pulled. */
function hugeFieldCsv(mb: number): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  async function* chunks() {
    const head = `${SHEET_HEADER}\nc,,First,,,,,,,,,,\nc,,Second,,,,,,,"`;
    pulled += head.length;
    yield Buffer.from(head);
    const piece = Buffer.alloc(MB, "y");
    for (let i = 0; i < mb; i++) {
      pulled += piece.length;
      yield piece;
    }
    yield Buffer.from('",,,\n');
  }
  return { stream: Readable.from(chunks(), { objectMode: false }), pulled: () => pulled };
}

/** "Café" in Latin-1 on row 3 (line 4: row 2's title spans two lines). */
const latin1Csv = Buffer.concat([
  Buffer.from(`${SHEET_HEADER}\nRobustness,,"Two\nlines",A,,,,AN #1,,,,,\nRobustness,,Caf`),
  Buffer.from([0xe9]),
  Buffer.from(" au lait,B,,,,AN #1,,,,,\n"),
]);

describe("CSV bounds and encodings", () => {
  test("a 200 MB field is refused after about 1 MB is read, naming its row and column", async () => {
    const { stream, pulled } = hugeFieldCsv(200);
    // Refused while the parser reads ahead, before the first row is handed on, or at that row.
    await assert.rejects(
      readCsv(stream, "huge.csv").then(collect),
      isCode("import.too_large", "huge.csv", "row 3", 'column "Summary"', "larger than 1 MB"),
    );
    assert.ok(pulled() < 8 * MB, `read ${pulled()} bytes before refusing`);
  });

  test("bytes that are not UTF-8 are refused with row, line and column, not read as U+FFFD", async () => {
    const reader = await readCsv(Readable.from([latin1Csv]), "latin1.csv");
    await assert.rejects(
      collect(reader),
      isCode(
        "import.bad_encoding",
        "latin1.csv, row 3 (line 4)",
        'column "Title"',
        "0xE9",
        "--encoding latin1",
      ),
    );
  });

  test("with its encoding named, the same file reads right", async () => {
    for (const name of ["latin1", "windows-1252", "ISO-8859-1", "cp1252"]) {
      const rows = await collect(
        await readCsv(Readable.from([latin1Csv]), "latin1.csv", { encoding: sheetEncoding(name)! }),
      );
      assert.equal(rows[1]!.values.title, "Café au lait", name);
    }
    assert.equal(sheetEncoding("ebcdic"), null);
  });

  test("windows-1252's own characters (curly quotes, the euro sign) read as such, not as C1 controls", async () => {
    // An older Excel's CSV: 0x93 0x94 are “ ”, 0x80 is €. Node 20's TextDecoder reads them as
    // U+0093, U+0094, U+0080 (invisible controls), so the decoder is Summa's own.
    const csv = Buffer.concat([
      Buffer.from(`${SHEET_HEADER}\nRobustness,,`),
      Buffer.from([0x93, 0x4f, 0x4b, 0x94, 0x20, 0x80, 0x35]),
      Buffer.from(",A,,,,AN #1,,,,,\n"),
    ]);
    for (const name of ["windows-1252", "latin1"]) {
      const [row] = await collect(
        await readCsv(Readable.from([csv]), "excel.csv", { encoding: sheetEncoding(name)! }),
      );
      assert.equal(row!.values.title, "\u201cOK\u201d \u20ac5", name);
    }
  });

  test("a UTF-8 BOM is still dropped, and valid UTF-8 of every length reads as written", async () => {
    const text = `\uFEFF${SHEET_HEADER}\nc,,"Ü € 𝔸 日本",,,,,,,,,,\n`;
    const [row] = await collect(await readCsv(Readable.from([Buffer.from(text)]), "utf8.csv"));
    assert.equal(row!.values.category, "c");
    assert.equal(row!.values.title, "Ü € 𝔸 日本");
  });

  test("summa import refuses a Latin-1 CSV naming the row, and imports it with --encoding latin1", async () => {
    const dir = tempDir();
    const db = join(dir, "summa.db");
    const file = join(dir, "latin1.csv");
    writeFileSync(file, latin1Csv);
    const refused = await summaInProcess(["--db", db, "import", file]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /latin1\.csv, row 3 \(line 4\), column "Title": not UTF-8/);
    const json = await summaInProcess(["--db", db, "--json", "import", file]);
    assert.equal(JSON.parse(json.stderr).error.code, "import.bad_encoding");
    const ok = await summaInProcess(["--db", db, "import", file, "--encoding", "latin1"]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /added 2/);
    // The UTF-8 copy of the same sheet finds every row unchanged: nothing was read as U+FFFD.
    const utf8 = join(dir, "utf8.csv");
    writeFileSync(utf8, new TextDecoder("windows-1252").decode(latin1Csv));
    const again = await summaInProcess(["--db", db, "import", utf8]);
    assert.match(again.stdout, /added 0, changed 0, unchanged 2/);
    const bad = await summaInProcess(["--db", db, "import", file, "--encoding", "ebcdic"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /expected utf-8, latin1, windows-1252, got "ebcdic"/);
  });
});
