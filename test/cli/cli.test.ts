import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { COMMANDS } from "../../src/cli/command-table.ts";
import { summa, summaInProcess } from "../helpers/cli.ts";
import { REPO_ROOT } from "../helpers/env.ts";

function hasScript(): boolean {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

import { sheetCsv } from "../helpers/factories.ts";
import { tempDir } from "../helpers/temp.ts";

const dir = tempDir("summa-cli-");
const db = join(dir, "summa.db");
const sheet = join(dir, "sheet.csv");
writeFileSync(
  sheet,
  sheetCsv([
    [
      "Deep learning",
      "",
      "Measuring the Intrinsic Dimension of Objective Landscapes",
      "Chunyuan Li, Jason Yosinski",
      "ICLR",
      "2018",
      "",
      "AN #53",
      "Cody",
      "Intrinsic dimension of training.",
      "Interesting.",
      "",
      "",
    ],
    [
      "Adversarial examples",
      "Highlight",
      "The LogBarrier adversarial attack",
      "Chris Finlay, Adam Oberman",
      "arXiv",
      "2019",
      "",
      "AN #53",
      "Dan H",
      "Minimizes perturbation size.",
      "",
      "",
      "",
    ],
    [
      "Learning human intent",
      "",
      "Conditional revealed preference",
      "Jessica Taylor",
      "",
      "2019",
      "",
      "AN #53",
      "",
      "Preferences depend on context.",
      "Context matters.",
      "",
      "",
    ],
  ]),
);

describe("the summa command line", () => {
  before(async () => {
    const r = await summaInProcess(["--db", db, "import", sheet]);
    assert.equal(r.code, 0, r.stderr);
  });

  test("import reports counts; piped, it prints no progress bar", async () => {
    const r = await summaInProcess(["--db", db, "import", sheet]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /added 0, changed 0, unchanged 3, skipped 0/);
    assert.equal(r.stderr, "");
  });

  test("on a terminal, import shows a progress bar (run under script(1) for a real pty)", {
    skip: hasScript() ? false : "script(1) is not installed",
  }, () => {
    const out = execFileSync(
      "script",
      ["-qec", `${process.execPath} bin/summa.js --db ${db} import ${sheet}`, "/dev/null"],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
      },
    );
    assert.match(out, /importing .*100% \| 3 rows/);
    assert.match(out, /unchanged 3/);
  });

  test("--json on import, search, lookup, show, stats, issues, people, taxonomy", async () => {
    const imp = JSON.parse((await summaInProcess(["--db", db, "--json", "import", sheet])).stdout);
    assert.equal(imp.unchanged, 3);
    const search = JSON.parse(
      (await summaInProcess(["--db", db, "search", "intrinsic", "dimension", "--json"])).stdout,
    );
    assert.equal(search.total, 1);
    assert.equal(search.results[0].entry.title, "Measuring the Intrinsic Dimension of Objective Landscapes");
    const id = search.results[0].entry.id;
    const lookup = JSON.parse(
      (await summaInProcess(["--db", db, "--json", "lookup", "The LogBarrier Adversarial Attack"])).stdout,
    );
    assert.equal(lookup.found, true);
    assert.equal(lookup.matches[0].how, "title");
    const show = JSON.parse((await summaInProcess(["--db", db, "--json", "show", String(id)])).stdout);
    assert.deepEqual(show.summarizers, ["Cody"]);
    const stats = JSON.parse((await summaInProcess(["--db", db, "--json", "stats"])).stdout);
    assert.deepEqual([stats.entries, stats.issues, stats.dialect], [3, 1, "sqlite"]);
    const issues = JSON.parse((await summaInProcess(["--db", db, "--json", "issues"])).stdout);
    assert.deepEqual(
      issues.map((i: { number: number; entries: number }) => [i.number, i.entries]),
      [[53, 3]],
    );
    const people = JSON.parse((await summaInProcess(["--db", db, "--json", "people"])).stdout);
    assert.deepEqual(
      people.map((p: { name: string }) => p.name),
      ["Cody", "Dan H"],
    );
    const taxonomy = JSON.parse((await summaInProcess(["--db", db, "--json", "taxonomy"])).stdout);
    assert.equal(taxonomy[0].name, "Technical AI alignment");
  });

  test("search prints a table with filters applied", async () => {
    const r = await summaInProcess(["--db", db, "search", "preferences OR perturbation", "--highlights"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 entry matches/);
    assert.match(r.stdout, /LogBarrier/);
    assert.doesNotMatch(r.stdout, /Conditional revealed/);
    const bySection = await summaInProcess([
      "--db",
      db,
      "search",
      "preferences OR perturbation OR dimension",
      "--section",
      "Other progress in AI",
    ]);
    assert.match(bySection.stdout, /Intrinsic Dimension/);
    assert.doesNotMatch(bySection.stdout, /LogBarrier/);
    const years = await summaInProcess([
      "--db",
      db,
      "--json",
      "search",
      "preferences OR perturbation OR dimension",
      "--year",
      "2019..",
      "--issue",
      "50..60",
    ]);
    assert.equal(JSON.parse(years.stdout).total, 2);
  });

  test("bad input gives a message and a non-zero exit, never a stack trace", async () => {
    const noWords = await summaInProcess(["--db", db, "search", "🤖"]);
    assert.equal(noWords.code, 1);
    assert.match(noWords.stderr, /no words to search for/);
    const badRange = await summaInProcess(["--db", db, "search", "x", "--year", "soon"]);
    assert.notEqual(badRange.code, 0);
    assert.match(badRange.stderr, /expected N or FROM\.\.TO/);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, sheetCsv([["News", "", "X", "", "", "20x9", "", "AN #1", "", "", "", "", ""]]));
    const imp = await summaInProcess(["--db", db, "import", bad]);
    assert.equal(imp.code, 1);
    assert.match(imp.stderr, /row 2, column "Year"/);
    assert.doesNotMatch(imp.stderr, /\n\s+at /);
    const json = await summaInProcess(["--db", db, "--json", "import", bad]);
    assert.equal(JSON.parse(json.stderr).error.code, "import.invalid_value");
    const dbUrl = await summaInProcess(["--db", "mysql://localhost/x", "stats"]);
    assert.equal(dbUrl.code, 2);
    assert.match(dbUrl.stderr, /Unsupported database URL/);
    const missing = await summaInProcess(["--db", db, "show", "999999"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No entry with id 999999/);
  });

  test("lookup answers no with exit code 1, with --json too", async () => {
    const r = await summa(["--db", db, "lookup", "https://arxiv.org/abs/2999.00001"]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Not summarized yet/);
    const json = await summa(["--db", db, "--json", "lookup", "https://arxiv.org/abs/2999.00001"]);
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.stdout).found, false);
  });

  test("a missing database is an error naming it, and nothing is created, unless the command makes one", async () => {
    const folder = join(dir, "no-such-folder");
    const path = join(folder, "x.db");
    for (const args of [["stats"], ["search", "reward"], ["--json", "lookup", "x"], ["show", "1"]]) {
      const r = await summaInProcess(["--db", path, ...args]);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.ok(r.stderr.includes(`No database at ${path}`), r.stderr);
      assert.equal(existsSync(folder), false, `${args.join(" ")} created ${folder}`);
    }
    const json = await summaInProcess(["--db", path, "--json", "stats"]);
    assert.equal(JSON.parse(json.stderr).error.code, "config.missing_database");
    const created = await summaInProcess(["--db", path, "--create", "--json", "stats"]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).entries, 0);
    const other = join(dir, "made-by-migrate.db");
    assert.equal((await summaInProcess(["--db", other, "migrate"])).code, 0);
    assert.equal(existsSync(other), true);
  });

  test("--version prints the package's version; --help lists every command", async () => {
    const version = await summaInProcess(["--version"]);
    assert.equal(version.code, 0);
    assert.equal(
      version.stdout.trim(),
      JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version,
    );
    const help = await summaInProcess(["--help"]);
    for (const name of Object.keys(COMMANDS)) assert.match(help.stdout, new RegExp(`^  ${name}\\b`, "m"));
    // A command's own help is its module's, loaded on demand.
    const search = await summaInProcess(["search", "--help"]);
    assert.match(search.stdout, /--highlights/);
    const sub = await summaInProcess(["help", "issue"]);
    assert.match(sub.stdout, /render/);
  });

  test("in process, summa prints what the process prints, with the same exit codes", async () => {
    const runs = [
      ["--help"],
      ["search", "--help"],
      ["--version"],
      ["search"],
      ["--db", db, "search", "x", "--limit", "none"],
      ["--db", db, "--json", "stats"],
    ].map(async (args) => {
      const [spawned, inProcess] = await Promise.all([summa(args), summaInProcess(args)]);
      assert.deepEqual(inProcess, spawned, args.join(" "));
    });
    await Promise.all(runs);
  });

  test("runs in one process do not leak into each other", async () => {
    const [json, plain, missing] = await Promise.all([
      summaInProcess(["--db", db, "--json", "stats"]),
      summaInProcess(["--db", db, "stats"]),
      summaInProcess(["--db", db, "lookup", "https://arxiv.org/abs/2999.00001"]),
    ]);
    assert.equal(JSON.parse(json.stdout).entries, 3);
    // The first line says what is in the database; the numbers follow (summa stats).
    assert.match(plain.stdout, /^[^\n]*: 3 entries, 1 issues, 2 people\n\nContent/);
    assert.equal(missing.code, 1);
    assert.equal((await summaInProcess(["--db", db, "stats"])).code, 0);
    assert.equal(process.exitCode, undefined);
  });

  test("DATABASE_URL picks the database when --db is absent", async () => {
    const r = await summaInProcess(["--json", "stats"], { DATABASE_URL: `sqlite:${db}` });
    assert.equal(JSON.parse(r.stdout).entries, 3);
  });

  test("export writes each format; a bad extension is refused", async () => {
    for (const name of ["out.csv", "out.json", "out.xlsx", "out.bib"]) {
      const r = await summaInProcess(["--db", db, "export", join(dir, name)]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Exported 3 entries/);
    }
    assert.match(
      readFileSync(join(dir, "out.bib"), "utf8"),
      /note = \{Summarized in Alignment Newsletter \\#53, summarized by Cody\}/,
    );
    const bad = await summaInProcess(["--db", db, "export", join(dir, "out.txt")]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /cannot tell the format/);
  });

  test("taxonomy set validates the file and replaces the taxonomy", async () => {
    const badFile = join(dir, "bad-taxonomy.json");
    writeFileSync(
      badFile,
      JSON.stringify([
        { name: "A", categories: ["X"] },
        { name: "B", categories: ["x", ""] },
      ]),
    );
    const bad = await summaInProcess(["--db", db, "taxonomy", "set", badFile]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /category "x" is already in section "A"/);
    assert.match(bad.stderr, /category 2: must be a non-empty string/);
    const good = join(dir, "taxonomy.json");
    writeFileSync(
      good,
      JSON.stringify([
        { name: "Alignment", categories: ["Adversarial examples", "Learning human intent"] },
        { name: "AI", categories: ["Deep learning"] },
      ]),
    );
    assert.equal((await summaInProcess(["--db", db, "taxonomy", "set", good])).code, 0);
    const r = await summaInProcess([
      "--db",
      db,
      "--json",
      "search",
      "preferences OR perturbation OR dimension",
      "--section",
      "AI",
    ]);
    assert.equal(JSON.parse(r.stdout).results[0].entry.category, "Deep learning");
  });
});
