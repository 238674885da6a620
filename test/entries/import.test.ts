import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { SummaError } from "../../src/domain/errors.ts";
import { importFrom } from "../../src/entries/index.ts";
import {
  allEntries,
  countEntries,
  getTaxonomy,
  listIssues,
  listPeople,
  setSetting,
} from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { sheetCsv } from "../helpers/factories.ts";
import { tempFile } from "../helpers/import.ts";

const ROWS = [
  [
    "Learning human intent",
    "Highlight",
    "Inverse Reward Design",
    "Dylan Hadfield-Menell*, Smitha Milli*",
    "NeurIPS",
    "2017",
    "",
    "AN #1",
    "Rohin",
    "A **summary** with <@Other paper@>.",
    "Nice.",
    "",
    "",
  ],
  [
    "Interpretability",
    "",
    "Attention is not Explanation",
    "Sarthak Jain, Byron Wallace",
    "NAACL",
    "2019",
    "Cody",
    "AN #53",
    "Richard",
    "Attention weights.",
    "Meh.",
    "",
    "Read more: code",
  ],
  [
    "Interpretability",
    "",
    "Attention is not Explanation",
    "Sarthak Jain, Byron Wallace",
    "NAACL",
    "2019",
    "",
    "AN #60",
    "Rohin/Robert",
    "Again, later.",
    "",
    "",
    "",
  ],
  ["News", "", "A workshop", "", "", "", "", "Recon #4", "", "", "", "", ""],
  ["Brand new category", "", "Something odd", "Someone", "", "", "", "N/A", "", "", "", "", ""],
  ["", "", "", "", "", "", "", "", "", "", "", "", ""],
];

async function entries(store: TestStore) {
  const out = [];
  for await (const e of allEntries(store.db)) out.push(e);
  return out;
}

for (const dialect of DIALECTS) {
  describe(`import on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
    });
    after(async () => {
      await store?.dispose();
    });

    test("imports every field, counts, keeps labels, people and issues", async () => {
      const file = tempFile("sheet.csv", sheetCsv(ROWS));
      const report = await importFrom(store, file);
      assert.deepEqual(
        {
          added: report.added,
          changed: report.changed,
          unchanged: report.unchanged,
          skipped: report.skipped,
        },
        { added: 5, changed: 0, unchanged: 0, skipped: 1 },
      );
      assert.deepEqual(report.newCategories, ["Brand new category"]);
      const all = await entries(store);
      assert.equal(all.length, 5);
      const ird = all.find((e) => e.title === "Inverse Reward Design")!;
      assert.equal(ird.highlight, true);
      assert.deepEqual(ird.authors, [
        { name: "Dylan Hadfield-Menell", equalContribution: true },
        { name: "Smitha Milli", equalContribution: true },
      ]);
      assert.equal(ird.year, 2017);
      assert.equal(ird.issueNumber, 1);
      assert.equal(ird.summary, "A **summary** with <@Other paper@>.");
      const later = all.find((e) => e.issueLabel === "AN #60")!;
      assert.deepEqual(later.summarizers, ["Rohin", "Robert"]);
      const recon = all.find((e) => e.title === "A workshop")!;
      assert.equal(recon.issueLabel, "Recon #4");
      assert.equal(recon.issueNumber, null);
      assert.equal(all.find((e) => e.title === "Something odd")!.issueLabel, "N/A");
      const issues = await listIssues(store.db);
      assert.deepEqual(
        issues.map((i) => i.number).sort((a, b) => a - b),
        [1, 53, 60],
      );
      const people = await listPeople(store.db);
      assert.deepEqual(
        people.map((p) => [p.name, Number(p.entries)]),
        [
          ["Richard", 1],
          ["Robert", 1],
          ["Rohin", 2],
        ],
      );
      const taxonomy = await getTaxonomy(store.db);
      assert.deepEqual(taxonomy.at(-1), { name: "Unsorted", categories: ["Brand new category"] });
    });

    test("re-importing the same file changes nothing", async () => {
      const report = await importFrom(store, tempFile("sheet.csv", sheetCsv(ROWS)));
      assert.equal(report.added, 0);
      assert.equal(report.changed, 0);
      assert.equal(report.unchanged, 5);
    });

    test("a newer sheet updates changed rows, adds new ones, keeps rows it no longer has", async () => {
      const newer = ROWS.slice(0, 2).map((r) => [...r]);
      newer[1]![9] = "Attention weights, revised.";
      newer.push([
        "Robustness",
        "",
        "A new paper",
        "New Author",
        "arXiv",
        "2020",
        "",
        "AN #61",
        "Flo",
        "New.",
        "",
        "",
        "",
      ]);
      const report = await importFrom(store, tempFile("newer.csv", sheetCsv(newer)));
      assert.deepEqual([report.added, report.changed, report.unchanged], [1, 1, 1]);
      assert.equal(await countEntries(store.db), 6);
      const revised = (await entries(store)).find((e) => e.issueLabel === "AN #53")!;
      assert.equal(revised.summary, "Attention weights, revised.");
    });

    test("a row that gets its issue later is the same entry, not a new one", async () => {
      const draft = [["Robustness", "", "Unsent paper", "A", "", "", "", "", "Rohin", "Draft.", "", "", ""]];
      assert.equal((await importFrom(store, tempFile("a.csv", sheetCsv(draft)))).added, 1);
      const sent = [
        ["Robustness", "", "Unsent paper", "A", "", "", "", "AN #62", "Rohin", "Final.", "", "", ""],
      ];
      const report = await importFrom(store, tempFile("b.csv", sheetCsv(sent)));
      assert.deepEqual([report.added, report.changed], [0, 1]);
      const matches = (await entries(store)).filter((e) => e.title === "Unsent paper");
      assert.equal(matches.length, 1);
      assert.equal(matches[0]!.issueNumber, 62);
    });

    test("an unsent row and the same title sent later, in one file, stay two entries", async () => {
      const unsent = [["Robustness", "", "Paper X", "A", "", "", "", "", "", "Draft.", "", "", ""]];
      await importFrom(store, tempFile("x1.csv", sheetCsv(unsent)));
      const both = [
        ...unsent,
        ["Robustness", "", "Paper X", "A", "", "", "", "AN #5", "", "Sent.", "", "", ""],
      ];
      const first = await importFrom(store, tempFile("x2.csv", sheetCsv(both)));
      assert.deepEqual([first.added, first.changed, first.unchanged], [1, 0, 1]);
      const again = await importFrom(store, tempFile("x3.csv", sheetCsv(both)));
      assert.deepEqual([again.added, again.changed, again.unchanged], [0, 0, 2]);
      const xs = (await entries(store))
        .filter((e) => e.title === "Paper X")
        .map((e) => [e.issueLabel, e.summary]);
      assert.deepEqual(xs.sort(), [
        ["", "Draft."],
        ["AN #5", "Sent."],
      ]);
    });

    test("a duplicate (title, issue) inside one file is skipped with the reason", async () => {
      const rows = [ROWS[0]!, ROWS[0]!];
      const report = await importFrom(store, tempFile("dup.csv", sheetCsv(rows)));
      assert.equal(report.skipped, 1);
      assert.match(report.skippedRows[0]!.reason, /same title and issue as row 2/);
    });

    test("a file without some columns leaves those fields alone", async () => {
      // The sheet's own CSV has no hyperlink columns: importing it must not erase URLs.
      const withUrl =
        "category,highlight,title,url,authors,venue,year,hat_tip,email,summarizer,summary,opinion,prerequisites,read_more\n" +
        "Robustness,False,Linked paper,https://example.org/p,A,,2020,,AN #70,Rohin,S,,,\n";
      await importFrom(store, tempFile("linked.csv", withUrl));
      const noYearNoUrl =
        "Category,Highlight?,Title,Authors,Venue,H/T,Email,Summarizer,Summary,My opinion,Prerequisites,Read more\n" +
        "Robustness,,Linked paper,A,,,AN #70,Rohin,S,,,\n";
      const report = await importFrom(store, tempFile("nolinks.csv", noYearNoUrl));
      assert.equal(report.unchanged, 1);
      const e = (await entries(store)).find((x) => x.title === "Linked paper")!;
      assert.equal(e.url, "https://example.org/p");
      assert.equal(e.year, 2020);
    });

    test("writes that join the import's transaction roll back with it", async () => {
      const before = await countEntries(store.db);
      const rows = [["News", "", "Rolled back", "", "", "", "", "AN #8", "", "S.", "", "", ""]];
      await assert.rejects(
        importFrom(store, tempFile("tx.csv", sheetCsv(rows)), {
          inTransaction: async () => {
            throw new Error("the intro could not be saved");
          },
        }),
        /the intro could not be saved/,
      );
      assert.equal(await countEntries(store.db), before);
    });

    test("a newsletter with its own issue prefix numbers its issues from its labels", async () => {
      await setSetting(store.db, "newsletter.issue_prefix", "ML");
      try {
        const rows = [["News", "", "Prefixed", "", "", "", "", "ML #7", "", "S.", "", "", ""]];
        await importFrom(store, tempFile("ml.csv", sheetCsv(rows)));
        const e = (await entries(store)).find((x) => x.title === "Prefixed")!;
        assert.equal(e.issueNumber, 7);
        assert.ok((await listIssues(store.db)).some((i) => i.number === 7));
      } finally {
        await setSetting(store.db, "newsletter.issue_prefix", "AN");
      }
    });

    test("a bad row fails the whole import, names row and column, and leaves the database as it was", async () => {
      const before = await entries(store);
      const rows = [
        ["Robustness", "", "Good row", "A", "", "2020", "", "AN #80", "Rohin", "", "", "", ""],
        ["Robustness", "maybe", "Bad highlight", "A", "", "2020", "", "AN #80", "Rohin", "", "", "", ""],
        ["Robustness", "", "Bad year", "A", "", "20x9", "", "AN #80", "Rohin", "", "", "", ""],
      ];
      const file = tempFile("bad.csv", sheetCsv(rows));
      await assert.rejects(importFrom(store, file), (err: unknown) => {
        assert.ok(err instanceof SummaError);
        assert.equal(err.code, "import.invalid_value");
        assert.match(err.message, /2 problems/);
        assert.match(err.message, /row 3, column "Highlight\?": expected "Highlight" or empty, got "maybe"/);
        assert.match(err.message, /row 4, column "Year": expected a four-digit year, got "20x9"/);
        assert.ok(err.message.includes(file));
        return true;
      });
      assert.deepEqual(await entries(store), before);
    });

    // Only SQLite sets indexes aside during an import (StoreDialect.deferIndexes).
    const sqliteOnly = dialect.name === "sqlite" ? test : () => undefined;
    sqliteOnly(
      "the indexes a bulk import sets aside are all back after it, and after one that failed",
      async () => {
        const indexes = async () =>
          (
            await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND tbl_name IN ('entries', 'entry_summarizers', 'entry_references')
            ORDER BY name`.execute(store.db)
          ).rows;
        const before = await indexes();
        assert.ok(
          before.some((i) => i.name === "entries_url_key"),
          "the schema has secondary indexes",
        );
        const rows = [
          [
            "Robustness",
            "",
            "Indexed again",
            "A",
            "",
            "2020",
            "",
            "AN #81",
            "Rohin",
            "<@Inverse Reward Design@>",
            "",
            "",
            "",
          ],
        ];
        await importFrom(store, tempFile("indexed.csv", sheetCsv(rows)));
        assert.deepEqual(await indexes(), before);
        const bad = [
          ["Robustness", "", "Bad year again", "A", "", "20x9", "", "AN #81", "Rohin", "", "", "", ""],
        ];
        await assert.rejects(importFrom(store, tempFile("bad-indexed.csv", sheetCsv(bad))));
        assert.deepEqual(await indexes(), before);
        const plan = await sql<{
          detail: string;
        }>`EXPLAIN QUERY PLAN SELECT id FROM entries WHERE url_key = 'x'`.execute(store.db);
        assert.match(plan.rows.map((r) => r.detail).join(" "), /USING (COVERING )?INDEX entries_url_key/);
      },
    );

    test("missing columns, a broken zip and a non-spreadsheet fail clearly without writing", async () => {
      const count = await countEntries(store.db);
      await assert.rejects(
        importFrom(store, tempFile("cols.csv", "Title,Authors\nX,Y\n")),
        (err: unknown) => {
          assert.ok(err instanceof SummaError);
          assert.equal(err.code, "import.missing_columns");
          assert.match(err.message, /row 1: missing columns "Category", "Highlight\?"/);
          return true;
        },
      );
      const brokenZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
      await assert.rejects(importFrom(store, tempFile("sheet.zip", brokenZip)), /not a readable/);
      await assert.rejects(importFrom(store, tempFile("sheet.xlsx", brokenZip)), /not a readable xlsx/);
      const png = new Uint8Array([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
      ]);
      await assert.rejects(importFrom(store, tempFile("photo.png", png)), (err: unknown) => {
        assert.ok(err instanceof SummaError);
        assert.equal(err.code, "import.unknown_format");
        return true;
      });
      await assert.rejects(importFrom(store, "/nonexistent/sheet.csv"), /no such file/);
      assert.equal(await countEntries(store.db), count);
    });
  });
}
