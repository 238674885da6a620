import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createUser } from "../../src/accounts/index.ts";
import { findEntry } from "../../src/entries/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { tempDir } from "../helpers/temp.ts";
import { testPasswords } from "../helpers/web.ts";
import { seedEntries } from "../inbox/fixture.ts";

const HEADER =
  "Key,Item Type,Publication Year,Author,Title,Publication Title,Url,Abstract Note,Date,Manual Tags";

function zoteroCsv(rows: string[][]): string {
  const quote = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return `\uFEFF${[HEADER, ...rows.map((r) => r.map(quote).join(","))].join("\n")}\n`;
}

for (const dialect of DIALECTS) {
  describe(`summa inbox (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let dir: string;
    const run = (...args: string[]) => summaInProcess(["--db", store.url, "inbox", ...args]);
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    before(async () => {
      store = await dialect.open();
      dir = tempDir("summa-inbox-");
      await seedEntries(store);
      await createUser(
        store,
        { email: "dan@example.org", name: "Dan H", role: "summarizer", password: "correct horse battery" },
        testPasswords,
      );
    });
    after(() => store?.dispose());

    test("import --history: matches picked, the rest passed over; then list is still empty", async () => {
      const history = file(
        "history.csv",
        zoteroCsv([
          [
            "K1",
            "journalArticle",
            "2019",
            "Shah, Rohin; Dragan, Anca",
            "Preferences implicit in the state of the world",
            "arXiv",
            "https://arxiv.org/abs/1902.04000v2",
            "",
            "2019-02-01",
            "",
          ],
          [
            "K2",
            "journalArticle",
            "2019",
            "Nobody, Joe",
            "An uninteresting paper",
            "Obscure Journal",
            "",
            "",
            "2019-03-01",
            "",
          ],
          [
            "K3",
            "journalArticle",
            "2019",
            "Nobody, Joe",
            "Another uninteresting paper",
            "Obscure Journal",
            "",
            "",
            "2019-03-02",
            "",
          ],
        ]),
      );
      const r = await run("import", history, "--history");
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /3 added\n {2}1 match an entry \(picked\), 2 passed over/);
      const list = await run("list");
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /inbox is empty/);
    });

    test("import, list (--json with score, why, categories, duplicate-of), pick to a summarizer, dismiss, train", async () => {
      const news = file(
        "new.csv",
        zoteroCsv([
          [
            "N1",
            "journalArticle",
            "2020",
            "Shah, Rohin",
            "Learning to interpret preferences",
            "arXiv",
            "https://arxiv.org/abs/2006.00001",
            "An abstract about preferences.",
            "2020-06-01",
            "",
          ],
          [
            "N2",
            "journalArticle",
            "2020",
            "Nobody, Joe",
            "Yet another study",
            "Obscure Journal",
            "",
            "",
            "2020-06-02",
            "",
          ],
          [
            "N3",
            "journalArticle",
            "2017",
            "Christiano, Paul",
            "Deep RL from human preferences (v3)",
            "arXiv",
            "https://arxiv.org/abs/1706.03741v3",
            "",
            "2017-06-12",
            "",
          ],
        ]),
      );
      const imported = await run("import", news);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /3 added\n {2}1 already summarized/);
      const again = await run("import", news);
      assert.match(again.stdout, /0 added\n {2}3 already in the inbox/);

      const listed = await summaInProcess(["--db", store.url, "--json", "inbox", "list", "--limit", "10"]);
      assert.equal(listed.code, 0, listed.stderr);
      const { items, total } = JSON.parse(listed.stdout);
      assert.equal(total, 3);
      const byTitle = Object.fromEntries(items.map((i: { title: string }) => [i.title, i]));
      const rohin = byTitle["Learning to interpret preferences"];
      assert.ok(rohin.score > byTitle["Yet another study"].score);
      assert.ok(rohin.why.length > 0 && /: [+-]\d/.test(rohin.why[0]));
      assert.ok(rohin.suggested_categories[0].category && rohin.suggested_categories[0].probability > 0);
      assert.equal(rohin.url, "https://arxiv.org/abs/2006.00001");
      assert.equal(rohin.source, "zotero");
      assert.equal(rohin.published, "2020-06-01");
      const dup = byTitle["Deep RL from human preferences (v3)"].duplicate_of;
      assert.equal(dup.kind, "entry");
      assert.equal(dup.issue, "AN #34");

      const text = await run("list");
      assert.match(
        text.stdout,
        /already summarized in AN #34 as "Deep reinforcement learning from human preferences"/,
      );

      const unknown = await run("pick", String(rohin.id), "--summarizer", "Nobody Here");
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /no enabled desk user is named "Nobody Here"/);
      const picked = await run(
        "pick",
        String(rohin.id),
        "--summarizer",
        "dan h",
        "--category",
        "Learning human intent",
      );
      assert.equal(picked.code, 0, picked.stderr);
      const entryId = Number(/draft entry #(\d+)/.exec(picked.stdout)![1]);
      const entry = await findEntry(store, entryId);
      assert.equal(entry?.status, "draft");
      assert.deepEqual(entry?.summarizers, ["Dan H"]);
      assert.equal(entry?.category, "Learning human intent");

      const dismissed = await run("dismiss", String(byTitle["Yet another study"].id));
      assert.equal(dismissed.code, 0, dismissed.stderr);
      const twice = await run("dismiss", String(byTitle["Yet another study"].id));
      assert.equal(twice.code, 1);
      assert.match(twice.stderr, /already dismissed/);
      const missing = await run("pick", "99999");
      assert.match(missing.stderr, /no inbox candidate #99999/);

      const trained = await run("train");
      assert.equal(trained.code, 0, trained.stderr);
      assert.match(trained.stdout, /Trained on 5 decisions \(2 picked\)/);
    });

    test("list: the duplicate-of column and line, possible duplicates, also from another source", async () => {
      const row = (key: string, title: string, url: string) => [
        key,
        "report",
        "2020",
        "Baum, Seth",
        title,
        "GCRI",
        url,
        "",
        "2020-06-10",
        "",
      ];
      const first = await run(
        "import",
        file(
          "survey.csv",
          zoteroCsv([
            row(
              "S1",
              "A Survey of Artificial General Intelligence Projects for Ethics, Risk, and Policy",
              "https://example.org/agi-survey",
            ),
          ]),
        ),
      );
      assert.equal(first.code, 0, first.stderr);
      const second = await run(
        "import",
        file(
          "survey.bib",
          `@techreport{s2020, title={2020 Survey of Artificial General Intelligence Projects for Ethics, Risk, and Policy}, author={Fitzgerald, McKenna}, year={2020}, url={https://example.org/agi-survey-2020}}
@techreport{s2017, title={A survey of artificial general intelligence projects for ethics, risk, and policy}, author={Baum, Seth}, year={2017}, url={https://example.org/agi-survey}}
`,
        ),
      );
      assert.equal(second.code, 0, second.stderr);
      assert.match(
        second.stdout,
        /1 added\n {2}1 already in the inbox \(not added again; 1 now also from this source\)/,
      );
      assert.match(second.stdout, /1 possible duplicates of a candidate/);
      const listed = JSON.parse(
        (await summaInProcess(["--db", store.url, "--json", "inbox", "list", "--source", "bibtex"])).stdout,
      );
      // bibtex brought both: the possible duplicate, and the first copy again (its also_from).
      assert.equal(listed.items.length, 2);
      const copy = listed.items.find((i: { duplicate_of: unknown }) => i.duplicate_of !== null);
      assert.equal(copy.duplicate_of.kind, "candidate");
      const again = listed.items.find((i: { id: number }) => i.id === copy.duplicate_of.id);
      assert.deepEqual([again.source, again.also_from], ["zotero", ["bibtex"]]);
      const text = await run("list", "--limit", "50");
      assert.match(text.stdout, /duplicate-of/);
      assert.match(text.stdout, new RegExp(`2020 Survey of Artificial.* #${copy.duplicate_of.id}\\n`));
      assert.match(
        text.stdout,
        new RegExp(
          `#${copy.id} .*\\n {3}duplicate of #${copy.duplicate_of.id}\\? "A Survey of Artificial General`,
        ),
      );
      assert.match(
        text.stdout,
        new RegExp(
          `#${copy.duplicate_of.id} .*\\n {3}possible duplicates: #${copy.id}\\n {3}also from bibtex`,
        ),
      );
    });

    test("list --help documents the lines under the table, --source's also-from and every --json field", async () => {
      const help = (await run("list", "--help")).stdout;
      const listed = JSON.parse(
        (await summaInProcess(["--db", store.url, "--json", "inbox", "list"])).stdout,
      );
      assert.ok(listed.items.length > 0);
      // Every field the JSON output has (read from it, not listed here) is named in the help.
      for (const field of Object.keys(listed.items[0]))
        assert.match(help, new RegExp(`^ {2}${field}\\b`, "m"), `--json field ${field}`);
      // The lines the earlier test saw under the table, each explained.
      const text = (await run("list", "--limit", "50")).stdout;
      for (const line of ["duplicate of #", "possible duplicates: #", "also from "]) {
        assert.ok(text.includes(`\n   ${line}`), `list prints "${line}"`);
        assert.match(help, new RegExp(`^ {2}${line}`, "m"), `help explains "${line}"`);
      }
      assert.match(help, /--source <name> +only what this source brought \(first, or also from it\)/);
    });

    test("a file that is not a Zotero export is refused, naming it", async () => {
      const r = await run("import", file("other.csv", "name,email\nAda,ada@example.org\n"));
      assert.equal(r.code, 1);
      assert.match(r.stderr, /not a Zotero CSV export/);
      const gone = await run("import", join(dir, "nope.csv"));
      assert.match(gone.stderr, /nope\.csv: cannot read the file/);
    });
  });
}
