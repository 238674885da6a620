import assert from "node:assert/strict";
import { test } from "node:test";
import { describeLocation, invalidValue, SummaError } from "../../src/domain/errors.ts";

test("describeLocation names file, row and column in that order, skipping what is absent", () => {
  assert.equal(describeLocation({ file: "an.csv", row: 5, column: "Year" }), 'an.csv, row 5, column "Year"');
  assert.equal(describeLocation({ file: "an.csv" }), "an.csv");
  assert.equal(describeLocation({ row: 0 }), "row 0");
  assert.equal(describeLocation({}), "");
});

test("invalidValue is a SummaError with code import.invalid_value and the location in details", () => {
  const err = invalidValue({ file: "an.csv", row: 7, column: "Year" }, 'expected a year, got "x"');
  assert.ok(err instanceof SummaError);
  assert.ok(err instanceof Error);
  assert.equal(err.name, "SummaError");
  assert.equal(err.code, "import.invalid_value");
  assert.equal(err.message, 'an.csv, row 7, column "Year": expected a year, got "x"');
  assert.deepEqual(err.details, { file: "an.csv", row: 7, column: "Year" });
});
