import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SummaError } from "../../src/domain/errors.ts";
import { type ImportPlan, importFrom, planCounts, planFrom } from "../../src/entries/index.ts";
import { countEntries, readContentVersion } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { sheetCsv } from "../helpers/factories.ts";
import { tempFile } from "../helpers/import.ts";

/** A sheet row (the AN sheet's 13 columns) from the cells a test cares about. */
function row(
  title: string,
  more: Partial<Record<"category" | "year" | "email" | "summary" | "venue", string>> = {},
): string[] {
  return [
    more.category ?? "Learning human intent",
    "",
    title,
    "Ada Lovelace",
    more.venue ?? "arXiv",
    more.year ?? "2019",
    "",
    more.email ?? "AN #1",
    "Rohin",
    more.summary ?? "A summary.",
    "",
    "",
    "",
  ];
}

const sheet = (rows: string[][], name = "sheet.csv") => tempFile(name, sheetCsv(rows));

/** Row numbers and what the plan says of them, per group (the assertions' shape). */
function groups(plan: ImportPlan) {
  return {
    added: plan.added.map((r) => [r.row, r.title]),
    changed: plan.changed.map((r) => [r.row, r.title, r.fields]),
    unchanged: plan.unchanged.map((r) => [r.row, r.title]),
    skipped: plan.skipped.map((r) => [r.row, r.reason]),
  };
}

for (const dialect of DIALECTS) {
  describe(`import dry run (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
      await importFrom(
        store,
        sheet([
          row("Kept as it is"),
          row("Gets a new summary"),
          row("Gets a new year and venue", { email: "AN #2" }),
          row("Not yet sent", { email: "" }),
        ]),
      );
    });
    after(() => store?.dispose());

    const fixture = () =>
      sheet([
        row("Kept as it is"), // 2: unchanged
        row("Gets a new summary", { summary: "A better summary." }), // 3: changed
        row("Gets a new year and venue", { email: "AN #2", year: "2020", venue: "ICML" }), // 4: changed
        row("A new paper", { email: "AN #3", category: "Basket weaving" }), // 5: added
        ["", "", "", "", "", "", "", "", "", "", "", "", ""], // 6: blank
        row("Kept as it is"), // 7: repeats row 2
        row("Not yet sent", { email: "AN #3" }), // 8: the unsent entry, now sent: changed
      ]);

    test("the plan lists added, changed (which fields), unchanged and skipped rows by row number", async () => {
      const plan = await planFrom(store, fixture());
      assert.deepEqual(groups(plan), {
        added: [[5, "A new paper"]],
        changed: [
          [3, "Gets a new summary", ["Summary"]],
          [4, "Gets a new year and venue", ["Venue", "Year"]],
          [8, "Not yet sent", ["Issue"]],
        ],
        unchanged: [[2, "Kept as it is"]],
        skipped: [
          [6, "blank row"],
          [7, "same title and issue as row 2"],
        ],
      });
      assert.deepEqual(plan.newCategories, ["Basket weaving"]);
      assert.deepEqual(plan.newIssues, [3]);
      assert.equal(plan.rows, 7);
      assert.ok(plan.changed.every((r) => typeof r.entryId === "number"));
    });

    test("a dry run writes nothing: same rows, same content version", async () => {
      const entries = await countEntries(store.db);
      const version = await readContentVersion(store.db);
      await planFrom(store, fixture());
      assert.equal(await countEntries(store.db), entries);
      assert.equal(await readContentVersion(store.db), version);
    });

    test("a bad row fails the dry run with the import's own error, naming row and column", async () => {
      const bad = sheet([row("Fine"), row("Bad year", { year: "20x9" })], "bad.csv");
      await assert.rejects(planFrom(store, bad), (err: unknown) => {
        assert.ok(err instanceof SummaError);
        assert.equal(err.code, "import.invalid_value");
        assert.match(err.message, /bad\.csv: 1 problem; nothing was imported/);
        assert.match(err.message, /row 3, column "Year"/);
        return true;
      });
    });

    test("an issue file has no dry run (a clear error, not a silent import)", async () => {
      const issue = tempFile("an-53.txt", "Alignment Newsletter #53\n\nHIGHLIGHTS\n");
      const entries = await countEntries(store.db);
      await assert.rejects(planFrom(store, issue, { issue: 53 }), /cannot preview/);
      assert.equal(await countEntries(store.db), entries);
    });

    test("the import then does what the plan said, and a second dry run sees nothing to change", async () => {
      const file = fixture();
      const plan = await planFrom(store, file);
      const report = await importFrom(store, file);
      const counts = planCounts(plan);
      assert.deepEqual(
        {
          added: report.added,
          changed: report.changed,
          unchanged: report.unchanged,
          skipped: report.skipped,
          newIssues: report.newIssues,
        },
        counts,
      );
      assert.deepEqual(report.newCategories, plan.newCategories);
      const again = planCounts(await planFrom(store, file));
      assert.deepEqual(again, { added: 0, changed: 0, unchanged: 5, skipped: 2, newIssues: 0 });
    });
  });
}
