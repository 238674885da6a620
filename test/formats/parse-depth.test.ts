import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Taxonomy } from "../../src/domain/taxonomy.ts";
import { parseIssueHtml } from "../../src/formats/parse/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { TEST_NEWSLETTER } from "../helpers/issue-view.ts";
import { isCode } from "../helpers/readers.ts";
import { tempDir } from "../helpers/temp.ts";

const nested = (depth: number, inner = "x") =>
  `<html><body>${"<div>".repeat(depth)}${inner}${"</div>".repeat(depth)}</body></html>`;

test("HTML nested 100,000 deep is refused cleanly; 400 deep still reads", async () => {
  const newsletter = TEST_NEWSLETTER;
  const taxonomy: Taxonomy = [{ name: "Technical AI alignment", categories: ["Interpretability"] }];
  assert.throws(
    () => parseIssueHtml(nested(100_000), taxonomy, newsletter),
    isCode("import.too_large", "500 levels"),
  );
  const ok = parseIssueHtml(nested(400, "<p>Just text</p>"), taxonomy, newsletter);
  assert.equal(ok.entries.length, 0);

  const dir = tempDir();
  const db = join(dir, "summa.db");
  const file = join(dir, "deep.html");
  writeFileSync(file, nested(100_000));
  await summaInProcess(["--db", db, "migrate"]);
  const parsed = await summaInProcess(["--db", db, "issue", "parse", file]);
  assert.equal(parsed.code, 1, parsed.stderr);
  assert.equal(parsed.stderr, `summa: ${file}: the HTML is nested more than 500 levels deep\n`);
  const imported = await summaInProcess(["--db", db, "--json", "import", file, "--issue", "5"]);
  assert.equal(imported.code, 1, imported.stderr);
  const error = JSON.parse(imported.stderr).error;
  assert.equal(error.code, "import.too_large");
  assert.equal(error.file, file);
});
