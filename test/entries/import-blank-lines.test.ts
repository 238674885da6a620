import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { SummaError } from "../../src/domain/errors.ts";
import { importFrom } from "../../src/entries/index.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import { PER_INPUT_LIMIT_MS } from "../fuzz/rules.ts";
import { SHEET_HEADER } from "../helpers/factories.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * Found by the fuzz harness (bench:fuzz --seed 5, import-csv #312): a CSV of 260,000 blank lines
 * (260 KB, a mutation repeating a line end) took 1.2 to 2.2 s to import. Each blank line is a
 * row (counted, skipped), and each paid an async generator step of its own in the CSV reader,
 * a typed array for its one empty field, and closures per cell. The store is in memory, as the
 * fuzz harness's sheet store is: on a file, the bulk writer's worker thread would start
 * (~150 ms whatever the file), which this timing is not about.
 */
const BLANK_LINES = 260_000;

describe("a CSV of blank lines", () => {
  let store: Store;
  let dir: string;
  before(async () => {
    store = await openStore(":memory:");
    dir = tempDir();
    // Untimed, as in the fuzz harness: the first import loads what a process loads once.
    const warm = join(dir, "warm.csv");
    writeFileSync(warm, `${SHEET_HEADER}\nRobustness,,Warm Paper,Ann Bee,,,,AN #1,,,,,\n\n`);
    await importFrom(store, warm);
  });
  after(() => store?.close());

  test(`${BLANK_LINES.toLocaleString("en")} blank lines between two rows import within the fuzz test's 1 s`, async () => {
    const file = join(dir, "blank-lines.csv");
    writeFileSync(
      file,
      `${SHEET_HEADER}\nRobustness,,First Paper,Ann Bee,,,,AN #1,,,,,\n${"\n".repeat(BLANK_LINES)}` +
        "Robustness,,Second Paper,Cy Dee,,,,AN #1,,,,,\n",
    );
    const started = performance.now();
    const report = await importFrom(store, file);
    const ms = performance.now() - started;
    assert.deepEqual(
      { added: report.added, skipped: report.skipped, rows: report.rows },
      { added: 2, skipped: BLANK_LINES, rows: BLANK_LINES + 2 },
    );
    assert.ok(ms < PER_INPUT_LIMIT_MS, `${BLANK_LINES} blank lines: ${ms.toFixed(0)} ms`);
  });

  test("a bad row and a bad byte after them are still named by their own row and line", async () => {
    // Row 2 spans two lines, so a row's number and its line differ by one past it.
    const head = `${SHEET_HEADER}\nRobustness,,"Two\nlines",Ann Bee,,,,AN #1,,,,,\n${"\n".repeat(BLANK_LINES)}`;
    const row = BLANK_LINES + 3;
    const cases: [string, Buffer, RegExp][] = [
      [
        "empty title",
        Buffer.from(`${head}Robustness,,,Cy Dee,,,,AN #1,,,,,\n`),
        new RegExp(`row ${row}, column "Title": Title is empty`),
      ],
      [
        "Latin-1 byte",
        Buffer.concat([
          Buffer.from(`${head}Robustness,,Caf`),
          Buffer.from([0xe9]),
          Buffer.from(",B,,,,AN #1,,,,,\n"),
        ]),
        new RegExp(`row ${row} \\(line ${row + 1}\\), column "Title": not UTF-8 \\(byte 0xE9\\)`),
      ],
    ];
    for (const [what, bytes, names] of cases) {
      const file = join(dir, `bad-after-blank-lines.csv`);
      writeFileSync(file, bytes);
      await assert.rejects(importFrom(store, file), (err: unknown) => {
        assert.ok(err instanceof SummaError, `${what}: ${String(err)}`);
        assert.match(err.message, names, what);
        return true;
      });
    }
  });
});
