import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { openStore } from "../../src/store/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { tempFile } from "../helpers/import.ts";
import { tempDir } from "../helpers/temp.ts";

/** `summa issue parse` in-process, through the same runCli as the `summa` command. */
const run = (args: string[]) => summaInProcess(args);

const db = join(tempDir("summa-parse-cli-"), "summa.db");
const issue = tempFile(
  "an-53.txt",
  `Alignment Newsletter #53

HIGHLIGHTS
==========

Attention is not Explanation <https://arxiv.org/abs/1902.10186> (Sarthak Jain et al) (summarized by Richard): Summary.

Richard's opinion: Opinion.

MYSTERY
=======

Parenting <http://arxiv.org/abs/1902.06766> (Christopher Frye et al)
`,
);

// A reader's flattened copy: one line, headings run into the text, then a second line.
const flat = tempFile(
  "flat.txt",
  "Find all resources here . Highlights Attention is not Explanation (Sarthak Jain et al) (summarized by Richard): " +
    "Summary. Technical AI alignment Interpretability\nParenting (Christopher Frye et al)\n",
);

describe("summa issue parse", () => {
  // The command reads the newsletter's taxonomy and settings from an existing database.
  before(async () => (await openStore(db)).close());

  test("prints the entries as a table, and warnings on stderr", async () => {
    const r = await run(["--db", db, "issue", "parse", issue]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /an-53\.txt: text, issue #53, 2 entries/);
    assert.match(
      r.stdout,
      /^ *1 +Highlights +Attention is not Explanation +Sarthak Jain et al +Richard +Richard +8 ch$/m,
    );
    assert.match(r.stdout, /^ *2 +MYSTERY +Parenting +Christopher Frye et al +link only$/m);
    assert.match(r.stderr, /warning: unknown heading "MYSTERY"/);
  });

  test("--explain prints the format, each heading and where each entry starts", async () => {
    const r = await run(["--db", db, "issue", "parse", flat, "--explain"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^read as text$/m);
    assert.match(r.stdout, /^3 headings found$/m);
    assert.match(r.stdout, /^heading "Highlights" \(offset 26, line 1, col 27\)$/m);
    assert.match(
      r.stdout,
      /^ {2}entry 1 starts: "Attention is not Explanation" \(offset 37, line 1, col 38\)$/m,
    );
    assert.match(r.stdout, /^heading "Interpretability" \(offset \d+, line 1, col \d+\)$/m);
    assert.match(r.stdout, /^ {2}entry 2 starts: "Parenting" \(offset \d+, line 2, col 1\)$/m);
    assert.match(r.stdout, /flat\.txt: text, no issue number, 2 entries/);
  });

  test("--explain gives where headings and entries start in the text layout too", async () => {
    const r = await run(["--db", db, "issue", "parse", issue, "--explain"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^heading "HIGHLIGHTS" \(offset 26, line 3, col 1\)$/m);
    assert.match(
      r.stdout,
      /^ {2}entry 1 starts: "Attention is not Explanation" \(offset \d+, line 6, col 1\)$/m,
    );
    assert.match(r.stdout, /^heading "MYSTERY" \(offset \d+, line 10, col 1\)$/m);
    assert.match(r.stdout, /^ {2}entry 2 starts: "Parenting" \(offset \d+, line 13, col 1\)$/m);
  });

  test("--json prints the parsed issue", async () => {
    const r = await run(["--db", db, "--json", "issue", "parse", issue, "--format", "text"]);
    const parsed = JSON.parse(r.stdout);
    assert.equal(parsed.format, "text");
    assert.equal(parsed.number, 53);
    assert.deepEqual(
      parsed.entries.map((e: { title: string; summarizer: string | null }) => [e.title, e.summarizer]),
      [
        ["Attention is not Explanation", "Richard"],
        ["Parenting", null],
      ],
    );
  });

  test("a missing file is an error with a clear message and exit code 1", async () => {
    const r = await run(["--db", db, "issue", "parse", join(tmpdir(), "no-such-issue.txt")]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no-such-issue\.txt: no such file/);
  });
});
