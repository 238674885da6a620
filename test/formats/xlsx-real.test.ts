import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { parseRow } from "../../src/formats/import/row.ts";
import { readXlsx } from "../../src/formats/import/xlsx.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";
import { exceljsRows } from "../helpers/exceljs-xlsx.ts";
import { collect } from "../helpers/readers.ts";

test("the streaming reader reads the real AN xlsx exactly as exceljs did, row by row, links included", {
  skip: needAnData(),
}, async () => {
  const data = await readFile(anDataFile("an-database-2022.xlsx"));
  const reader = await readXlsx(data, "an-database-2022.xlsx");
  const ours = await collect(reader);
  const reference = await exceljsRows(data);
  assert.equal(reader.totalRows, reference.length);
  assert.equal(ours.length, reference.length);
  let linked = 0;
  for (let i = 0; i < reference.length; i++) {
    assert.deepEqual(ours[i], reference[i], `row ${reference[i]!.row}`);
    if (reference[i]!.values.url) linked++;
  }
  assert.ok(linked >= 1930, `${linked} titles carry a link`);
  // And as the import reads them, field by field.
  for (let i = 0; i < ours.length; i++) {
    if (!ours[i]!.values.title?.trim()) continue;
    assert.deepEqual(parseRow(ours[i]!, "x").fields, parseRow(reference[i]!, "x").fields);
  }
});
