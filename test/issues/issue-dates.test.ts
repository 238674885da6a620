import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { importIssueDates } from "../../src/issues/index.ts";
import { getIssue, listIssues } from "../../src/store/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { importRecords, tempFile } from "../helpers/import.ts";

for (const dialect of DIALECTS) {
  describe(`issue dates: summa issue set --date and summa issue dates (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
      await importRecords(
        store,
        [52, 53, 54].map((n) => ({
          category: "Learning human intent",
          title: `Paper of ${n}`,
          email: `AN #${n}`,
          issue_number: String(n),
        })),
      );
    });
    after(() => store?.dispose());
    const dates = async () => Object.fromEntries((await listIssues(store.db)).map((i) => [i.number, i.date]));

    test("summa issue set dates a published (imported) issue and strips a typed subject label", async () => {
      const r = await summaInProcess([
        "--db",
        store.url,
        "issue",
        "set",
        "53",
        "--date",
        "2019-04-10",
        "--subject",
        "[AN #53]: Newsletter turns one",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const issue = await getIssue(store.db, 53);
      assert.equal(issue?.date, "2019-04-10");
      assert.equal(issue?.subject, "Newsletter turns one");
      const bad = await summaInProcess(["--db", store.url, "issue", "set", "53", "--date", "2019-02-30"]);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /2019-02-30/);
    });

    test("a CSV dates many issues at once, and a file with any problem changes nothing", async () => {
      const good = tempFile("dates.csv", "Issue,Date\n52,2019-04-03\nAN #53,2019-04-10\n\n#54,2019-04-17\n");
      assert.deepEqual(await importIssueDates(store, good), { file: good, changed: 2, unchanged: 1 });
      assert.deepEqual(await dates(), { 52: "2019-04-03", 53: "2019-04-10", 54: "2019-04-17" });

      const bad = tempFile(
        "bad.csv",
        "date,issue\n2020-01-01,52\n2019-02-30,53\n2020-01-01,what\n2020-01-01,99\n2020-01-01,52\n",
      );
      const r = await summaInProcess(["--db", store.url, "issue", "dates", bad]);
      assert.equal(r.code, 1);
      for (const problem of [
        'row 3, date: "2019-02-30" is not a date',
        'row 4, issue: "what" is not an issue',
        "row 5, issue: there is no AN #99",
        "row 6, issue: AN #52 is also on row 2",
      ])
        assert.ok(r.stderr.includes(problem), `${problem}\n${r.stderr}`);
      assert.deepEqual(
        await dates(),
        { 52: "2019-04-03", 53: "2019-04-10", 54: "2019-04-17" },
        "nothing changed",
      );

      const headless = tempFile("headless.csv", "52,2019-04-03\n");
      await assert.rejects(importIssueDates(store, headless), /must name the columns "issue" and "date"/);
      const json = await summaInProcess(["--db", store.url, "--json", "issue", "dates", good]);
      assert.equal(json.code, 0, json.stderr);
      assert.deepEqual(JSON.parse(json.stdout), { file: good, changed: 0, unchanged: 3 });
    });
  });
}
