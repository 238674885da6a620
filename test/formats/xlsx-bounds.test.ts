import assert from "node:assert/strict";
import { describe, test } from "node:test";
import ExcelJS from "exceljs";
import { bombXlsx, sheetXlsx } from "../../bench/lib/xlsx-samples.ts";
import { readXlsx } from "../../src/formats/import/xlsx.ts";
import { MAX_FIELD_BYTES } from "../../src/formats/limits.ts";
import { collect, isCode } from "../helpers/readers.ts";
import { within } from "../helpers/timing.ts";

const MB = 1024 * 1024;

/** Rewrites every size a zip declares for its entries as `declared` (a bomb that lies). */
function declareSizes(zip: Uint8Array, name: string, declared: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const target = new TextEncoder().encode(name);
  for (let i = 0; i + 46 <= out.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    const n = out.subarray(i + 46, i + 46 + nameLength);
    if (n.length === target.length && n.every((b, j) => b === target[j]))
      view.setUint32(i + 24, declared, true);
  }
  return out;
}

function row(cells: Partial<Record<number, string>>): string[] {
  return Array.from({ length: 13 }, (_, i) => cells[i] ?? "");
}

describe("xlsx bounds", () => {
  test("a zip bomb (24 MB of sheet XML packed 70 to 1) is refused from its sizes, before unpacking", async () => {
    const bomb = bombXlsx(24 * MB);
    assert.ok(bomb.length < (24 * MB) / 50, `${bomb.length} bytes`);
    await within(200, "refused", () =>
      assert.rejects(readXlsx(bomb, "bomb.xlsx"), isCode("import.too_large", "bomb.xlsx", "zip bomb")),
    );
  });

  test("a bomb that declares small sizes is stopped as soon as it unpacks past them", async () => {
    const bomb = declareSizes(bombXlsx(24 * MB), "xl/worksheets/sheet1.xml", 64 * 1024);
    await within(500, "stopped", () =>
      assert.rejects(
        readXlsx(bomb, "liar.xlsx"),
        isCode("import.unreadable", "liar.xlsx", "longer than it says"),
      ),
    );
  });

  test("a cell past 1 MB is refused naming its row and column", async () => {
    const big = "a".repeat(MAX_FIELD_BYTES + 1);
    const data = sheetXlsx([row({ 2: "Fine" }), row({ 2: "Huge", 9: big })]);
    await assert.rejects(
      readXlsx(data, "big.xlsx"),
      isCode("import.too_large", "big.xlsx", "row 3", 'column "Summary"', "larger than 1 MB"),
    );
    // Counted in bytes: 400k three-byte characters are 1.2 MB.
    const wide = sheetXlsx([row({ 2: "Wide", 10: "€".repeat(400_000) })]);
    await assert.rejects(
      readXlsx(wide, "wide.xlsx"),
      isCode("import.too_large", "row 2", 'column "My opinion"'),
    );
    // Just under the cap is fine.
    const [ok] = await collect(
      await readXlsx(sheetXlsx([row({ 2: "T", 9: "b".repeat(MAX_FIELD_BYTES) })]), "ok.xlsx"),
    );
    assert.equal(ok!.values.summary?.length, MAX_FIELD_BYTES);
  });

  test("a shared string past 1 MB is refused at the cell that uses it", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow([
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
    ]);
    ws.addRow(["c", "", "T", "", "", "", "", "", "", "", "", "", "x".repeat(MAX_FIELD_BYTES + 10)]);
    const data = new Uint8Array(await wb.xlsx.writeBuffer());
    await assert.rejects(
      readXlsx(data, "shared.xlsx"),
      isCode("import.too_large", "row 2", 'column "Read more"'),
    );
  });
});
