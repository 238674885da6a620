import assert from "node:assert/strict";

import { join } from "node:path";
import { describe, test } from "node:test";
import { summaInProcess } from "../helpers/cli.ts";
import { tempFile } from "../helpers/import.ts";
import { tempDir } from "../helpers/temp.ts";

const db = join(tempDir("summa-import-issue-"), "summa.db");
const issue = tempFile(
  "an-9.md",
  `# HIGHLIGHTS

**[A highlight](https://example.org/h)** *(Ann Lee et al)*: Its summary.

# MYSTERY

**[Elsewhere](https://example.org/e)** *(Bob Smith)*
`,
);

describe("summa import ISSUE-FILE", () => {
  test("backfills the issue's entries and says which issue, with the parser's warnings", async () => {
    const r = await summaInProcess(["--db", db, "import", issue, "--issue", "AN #9"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\(issue-markdown, 2 rows\)/);
    assert.match(r.stdout, /added 2, changed 0, unchanged 0, skipped 0/);
    assert.match(r.stdout, /issue: #9/);
    assert.match(r.stdout, /warning: unknown heading "MYSTERY"/);
  });

  test("--json reports the issue and the warnings too", async () => {
    const r = await summaInProcess(["--db", db, "--json", "import", issue, "--issue", "9"]);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(
      [report.issue, report.added, report.skipped, report.format],
      [9, 0, 2, "issue-markdown"],
    );
    assert.equal(report.warnings.length, 1);
  });

  test("an issue file that does not say its number needs --issue", async () => {
    const r = await summaInProcess(["--db", db, "import", issue]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /does not say which issue it is; give its number with --issue N/);
    const bad = await summaInProcess(["--db", db, "import", issue, "--issue", "soon"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /expected an issue number/);
  });
});
