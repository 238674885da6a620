import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { titleKey } from "../../src/domain/keys.ts";
import { exportEntries, importFrom, lookupEntry, searchEntries } from "../../src/entries/index.ts";
import { type ExportRecord, toExportRecord } from "../../src/formats/export/index.ts";
import { allEntries, listIssues, type Store } from "../../src/store/index.ts";
import type { TestDialect, TestStore } from "../helpers/dialects.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";

/**
 * The acceptance checks of the foundation, on the real AN sheet, for one database: each dialect
 * runs them from its own test file (real-data.test.ts, real-data-postgres.test.ts), so the two
 * run side by side and each file stays within its time budget.
 */
const skipData = needAnData();
const XLSX = anDataFile("an-database-2022.xlsx");

async function records(store: Store): Promise<ExportRecord[]> {
  const out: ExportRecord[] = [];
  for await (const e of allEntries(store.db)) out.push(toExportRecord(e));
  return out;
}

const key = (r: ExportRecord) => `${titleKey(r.title)}\u0000${r.email}`;

export function realSheetCases(dialect: TestDialect): void {
  describe(`the real AN sheet on ${dialect.name}`, { skip: dialect.skip || skipData }, () => {
    let store: TestStore;
    let fromXlsx: ExportRecord[];
    const stores: TestStore[] = [];
    const fresh = async () => {
      const s = await dialect.open();
      stores.push(s);
      return s;
    };

    before(async () => {
      store = await fresh();
      const report = await importFrom(store, XLSX);
      assert.equal(report.added, 1958);
      fromXlsx = await records(store);
    });
    after(async () => {
      for (const s of stores) await s.dispose();
    });

    test("the xlsx gives 1,958 entries across 170 AN issues, with the Recon and N/A rows and the links", async () => {
      assert.equal(fromXlsx.length, 1958);
      const issues = await listIssues(store.db);
      assert.equal(issues.length, 170);
      assert.equal(new Set(fromXlsx.map((r) => r.issue_number).filter((n) => n !== null)).size, 170);
      const labels = new Map<string, number>();
      for (const r of fromXlsx)
        if (!r.email.startsWith("AN #")) labels.set(r.email, (labels.get(r.email) ?? 0) + 1);
      assert.deepEqual(Object.fromEntries(labels), { "Recon #5": 27, "N/A": 17, "Recon #4": 17, "": 13 });
      assert.equal(fromXlsx.filter((r) => r.url !== "").length, 1930, "titles carrying a hyperlink");
      assert.ok(fromXlsx.filter((r) => r.issue_url.startsWith("https://mailchi.mp/")).length > 1800);
      const an53 = issues.find((i) => i.number === 53)!;
      assert.equal(an53.url, "https://mailchi.mp/534f448d6c8b/alignment-newsletter-53");
      assert.equal(an53.entries, 12);
      const ird = fromXlsx.find((r) => r.title.startsWith("Adversarial Examples Are Not Bugs"))!;
      assert.equal(ird.authors.split(", ")[0], "Andrew Ilyas*");
      assert.equal(ird.url, "http://gradientscience.org/adv/");
      // xlsx keeps a link's #fragment apart from its target; Summa joins them back.
      assert.ok(fromXlsx.some((r) => r.url === "https://openai.com/blog/ai-and-compute/#addendum"));
    });

    test("a second import of the same xlsx reports 0 added and 0 changed", async () => {
      const report = await importFrom(store, XLSX);
      assert.deepEqual([report.added, report.changed, report.unchanged], [0, 0, 1958]);
    });

    test('search "intrinsic dimension" ranks the paper first; lookup finds LogBarrier by its PDF URL', async () => {
      const { results } = await searchEntries(store, "intrinsic dimension");
      assert.equal(results[0]?.entry.title, "Measuring the Intrinsic Dimension of Objective Landscapes");
      const matches = await lookupEntry(store, "https://arxiv.org/pdf/1903.10396v2");
      assert.equal(matches.length, 1);
      assert.match(matches[0]!.entry.title, /^The LogBarrier adversarial attack/);
      assert.equal(matches[0]!.entry.issueNumber, 53);
    });

    test("the CSV gives the same values on every field (it lost link fragments and OOXML escapes)", async () => {
      const csvStore = await fresh();
      await importFrom(csvStore, anDataFile("an-database-2022.csv"));
      const fromCsv = await records(csvStore);
      assert.equal(fromCsv.length, 1958);
      // The normalized CSV was made by a parser that drops `location` fragments and leaves
      // `_x000f_` undecoded; undo exactly that, then every field must be equal.
      const unfragment = (u: string) => u.replace(/#.*$/, "");
      const normalize = (r: ExportRecord): ExportRecord => ({
        ...r,
        url: unfragment(r.url),
        summary: r.summary.replace(/_x([0-9a-f]{4})_/gi, (_, h: string) =>
          String.fromCharCode(Number.parseInt(h, 16)),
        ),
      });
      assert.deepEqual(
        fromCsv.map(normalize),
        fromXlsx.map((r) => ({ ...r, url: unfragment(r.url) })),
      );
    });

    test("the Google Sheets HTML export (2021, no Year) gives the same values on every field it carries", async () => {
      const htmlStore = await fresh();
      const report = await importFrom(
        htmlStore,
        anDataFile("an-database-2021-09-09-gsheets-html-export.zip"),
      );
      assert.equal(report.added, 1890);
      const fromHtml = await records(htmlStore);
      const byKey = new Map(fromXlsx.map((r) => [key(r), r]));
      // Edits made in the sheet between the 2021 export and the 2022 copy, checked by hand.
      const edited = new Map<string, string>([
        [
          "learning the preferences of uncertain humans with inverse decision theory\u0000AN #161",
          "retitled",
        ],
      ]);
      const fieldEdits = new Set(["240:authors", "243:authors", "562:category", "1457:url"]);
      const differences: string[] = [];
      let compared = 0;
      for (const r of fromHtml) {
        const x = byKey.get(key(r));
        if (!x) {
          if (!edited.has(key(r))) differences.push(`missing ${r.title}`);
          continue;
        }
        compared++;
        for (const f of Object.keys(r) as (keyof ExportRecord)[]) {
          if (f === "year" || f === "sheet_row") continue; // not in this export / sheet grew since
          // Google writes an empty fragment ("edit#") where the xlsx has none.
          const raw =
            typeof r[f] === "string" && f.endsWith("url") ? (r[f] as string).replace(/#$/, "") : r[f];
          const a = typeof raw === "string" ? raw.trimEnd() : raw;
          const b = typeof x[f] === "string" ? (x[f] as string).trimEnd() : x[f];
          if (a !== b && !fieldEdits.has(`${x.sheet_row}:${f}`)) differences.push(`row ${x.sheet_row} ${f}`);
        }
      }
      assert.deepEqual(differences, []);
      assert.equal(compared, 1889);
      assert.ok(fromHtml.every((r) => r.year === null));
    });

    test("exports (xlsx, CSV, JSON) imported into a fresh database give the same entries and links", async () => {
      const dir = mkdtempSync(join(tmpdir(), "summa-export-"));
      for (const [name, format] of [
        ["all.xlsx", "xlsx"],
        ["all.csv", "csv"],
        ["all.json", "json"],
      ] as const) {
        const file = join(dir, name);
        assert.equal(await exportEntries(store, file, format), 1958);
        const again = await fresh();
        const report = await importFrom(again, file);
        assert.equal(report.added, 1958, name);
        assert.deepEqual(await records(again), fromXlsx, name);
        assert.equal((await listIssues(again.db)).length, 170);
      }
    });
  });
}
