import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { summaInProcess } from "../helpers/cli.ts";
import { sheetCsv } from "../helpers/factories.ts";
import { tempDir } from "../helpers/temp.ts";

const dir = tempDir("summa-issue-cli-");
const db = join(dir, "summa.db");
const sheet = join(dir, "sheet.csv");
writeFileSync(
  sheet,
  sheetCsv([
    [
      "Interpretability",
      "",
      "First in sheet",
      "A One",
      "",
      "2019",
      "",
      "AN #9",
      "Cody",
      "S1 cites <@Nowhere to be found@>.",
      "",
      "",
      "",
    ],
    [
      "Interpretability",
      "",
      "Second in sheet",
      "B Two, C Three",
      "",
      "2019",
      "",
      "AN #9",
      "Rohin",
      "S2.",
      "Mine.",
      "",
      "",
    ],
    ["Deep learning", "Highlight", "The highlight", "D Four", "", "2019", "", "AN #9", "", "H.", "", "", ""],
    ["News", "", "Just a link", "", "", "", "", "AN #9", "", "", "", "", ""],
  ]),
);

describe("summa issue and settings", () => {
  before(async () => {
    assert.equal((await summaInProcess(["--db", db, "import", sheet])).code, 0);
  });

  test("render prints the issue; an unknown format or issue is a clear error", async () => {
    const r = await summaInProcess(["--db", db, "issue", "render", "AN #9"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Alignment Newsletter #9\n/);
    assert.match(r.stdout, /HIGHLIGHTS\n=+\n\nThe highlight \(D Four\): H\./);
    assert.match(r.stdout, /First in sheet \(A One\) \(summarized by Cody\): S1 cites Nowhere to be found\./);
    assert.match(
      (await summaInProcess(["--db", db, "issue", "render", "9", "--format", "pdf"])).stderr,
      /Unknown issue format "pdf"/,
    );
    const missing = await summaInProcess(["--db", db, "issue", "render", "99"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /There is no issue #99/);
  });

  test("check lists the unresolved reference (exit 1), link-only entries and empty sections", async () => {
    const r = await summaInProcess(["--db", db, "--json", "issue", "check", "9"]);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    assert.equal(report.errors, 1);
    const kinds = report.problems.map((p: { kind: string }) => p.kind);
    assert.ok(kinds.includes("unresolved_reference"));
    assert.ok(kinds.includes("missing_summary"));
    assert.ok(kinds.includes("empty_section"));
    assert.match(
      report.problems[0].message,
      /"First in sheet" \(summary\): <@Nowhere to be found@> matches no entry/,
    );
  });

  test("set writes subject, date and intro; order changes the order inside a subsection", async () => {
    const introFile = join(dir, "intro.md");
    writeFileSync(introFile, "Welcome, **readers**.");
    assert.equal(
      (
        await summaInProcess([
          "--db",
          db,
          "issue",
          "set",
          "9",
          "--subject",
          "Ninth",
          "--date",
          "2018-06-01",
          "--intro",
          introFile,
        ])
      ).code,
      0,
    );
    const bad = await summaInProcess(["--db", db, "issue", "set", "9", "--date", "June"]);
    assert.match(bad.stderr, /expected YYYY-MM-DD/);
    const search = JSON.parse((await summaInProcess(["--db", db, "--json", "search", "sheet"])).stdout);
    const second = search.results.find(
      (r: { entry: { title: string } }) => r.entry.title === "Second in sheet",
    ).entry.id;
    assert.equal((await summaInProcess(["--db", db, "issue", "order", "9", String(second)])).code, 0);
    const text = (await summaInProcess(["--db", db, "issue", "render", "9"])).stdout;
    assert.match(text, /^Alignment Newsletter #9: Ninth\n2018-06-01\n\nWelcome, readers\./);
    assert.ok(text.indexOf("Second in sheet") < text.indexOf("First in sheet"));
    const foreign = await summaInProcess(["--db", db, "issue", "order", "9", "123456"]);
    assert.match(foreign.stderr, /Not in issue #9: entries 123456/);
  });

  test("settings: the editor's name decides whose summaries carry no credit", async () => {
    assert.match(
      (await summaInProcess(["--db", db, "issue", "render", "9"])).stdout,
      /Second in sheet \(B Two et al\): S2\.\n\nRohin's opinion: Mine\./,
    );
    assert.equal(
      (await summaInProcess(["--db", db, "settings", "set", "newsletter.editor", "Cody"])).code,
      0,
    );
    const text = (await summaInProcess(["--db", db, "issue", "render", "9"])).stdout;
    assert.match(text, /First in sheet \(A One\): S1/);
    assert.match(text, /Second in sheet \(B Two et al\) \(summarized by Rohin\): S2\./);
    assert.match(
      (await summaInProcess(["--db", db, "settings", "set", "nope", "x"])).stderr,
      /Unknown setting "nope"/,
    );
    assert.equal(
      JSON.parse((await summaInProcess(["--db", db, "--json", "settings"])).stdout)["newsletter.editor"],
      "Cody",
    );
  });
});
