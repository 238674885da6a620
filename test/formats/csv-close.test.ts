import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import { describe, test } from "node:test";
import { readCsv } from "../../src/formats/import/index.ts";
import { sheetCsv } from "../helpers/factories.ts";
import { tempFile } from "../helpers/import.ts";

/** A long-running process (the web server) imports many files: none may stay open. */
describe("readCsv closes its file", () => {
  test("when the header is wrong", async () => {
    const input = createReadStream(tempFile("bad.csv", "Title,Nope\nx,y\n"));
    await assert.rejects(readCsv(input, "bad.csv"), /missing columns/);
    assert.equal(input.destroyed, true);
  });

  test("when the reader stops early", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => [
      "News",
      "",
      `T${i}`,
      "",
      "",
      "",
      "",
      "AN #1",
      "",
      "",
      "",
      "",
      "",
    ]);
    const input = createReadStream(tempFile("ok.csv", sheetCsv(rows)));
    const reader = await readCsv(input, "ok.csv");
    for await (const row of reader.rows) if (row.row === 3) break;
    assert.equal(input.destroyed, true);
  });
});
