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
