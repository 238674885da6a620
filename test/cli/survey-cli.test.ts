import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { addSubscriber } from "../../src/subscribers/index.ts";
import { getSurvey, submitResponse } from "../../src/surveys/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { tempDir } from "../helpers/temp.ts";
import { formOf, surveyJson } from "../surveys/fixtures.ts";

const XSS = `<script>alert(1)</script>`;

for (const dialect of DIALECTS) {
  describe(`summa survey (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let dir: string;
    const run = (...args: string[]) => summaInProcess(["--db", store.url, "survey", ...args]);
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };

    before(async () => {
      store = await dialect.open();
      dir = tempDir("summa-survey-");
    });
    after(() => store?.dispose());

    test("create prints the slug; a bad file names each problem; a taken slug is refused", async () => {
      const created = await run("create", file("s.json", JSON.stringify(surveyJson())));
      assert.equal(created.code, 0, created.stderr);
      assert.equal(created.stdout, "retrospective-2019\n");
      const again = await run("create", file("s.json", JSON.stringify(surveyJson())));
      assert.equal(again.code, 1);
      assert.match(again.stderr, /exists already/);
      const bad = await run(
        "--json",
        "create",
        file(
          "bad.json",
          JSON.stringify(surveyJson({ slug: "two", questions: [{ kind: "scale", text: "?", max: 3 }] })),
        ),
      );
      assert.equal(bad.code, 1);
      const err = JSON.parse(bad.stderr).error;
      assert.equal(err.code, "survey.invalid");
      assert.deepEqual(err.problems, ["question 1 (q1): max must be 5 or 10, not 3"]);
      const notJson = await run("create", file("x.json", "{nope"));
      assert.equal(notJson.code, 1);
      assert.match(notJson.stderr, /x\.json: .*JSON/);
    });

    test("list, results (text and --json), export CSV/JSON with formula cells neutralised, close", async () => {
      const survey = await getSurvey(store, "retrospective-2019");
      const answer = (fields: Record<string, string | string[]>, client: string) =>
        submitResponse(store, survey, formOf(fields), { client });
      await answer(
        {
          q_role: "Research",
          q_parts: ["Highlights", "Opinions"],
          q_useful: "4",
          q_name: '=HYPERLINK("http://evil")',
        },
        "a",
      );
      await answer(
        {
          q_role: "Research",
          q_parts: ["Highlights", "__other__"],
          q_parts_other: XSS,
          q_useful: "5",
          q_more: XSS,
        },
        "b",
      );
      await answer({ q_role: "Engineering", q_useful: "1", q_name: "@SUM(1)" }, "c");

      const list = await run("--json", "list");
      assert.equal(list.code, 0, list.stderr);
      const [row] = JSON.parse(list.stdout);
      assert.deepEqual(
        [row.slug, row.state, row.responses, row.minutes],
        ["retrospective-2019", "open", 3, 3],
      );
      assert.match((await run("list")).stdout, /retrospective-2019\s+open\s+anonymous\s+3\s+3\s+One year/);

      const results = await run("--json", "results", "retrospective-2019");
      assert.equal(results.code, 0, results.stderr);
      const r = JSON.parse(results.stdout);
      assert.equal(r.responses, 3);
      const [role, parts, useful, name, more] = r.questions;
      assert.deepEqual([role.text, role.kind, role.answers], ["What do you do?", "single", 3]);
      assert.deepEqual(role.counts, [
        { option: "Research", count: 2 },
        { option: "Engineering", count: 1 },
        { option: "Other work", count: 0 },
      ]);
      assert.deepEqual(
        parts.counts.map((c: { count: number }) => c.count),
        [2, 0, 1, 1],
      );
      assert.deepEqual(parts.other, [XSS]);
      assert.deepEqual(
        useful.distribution.map((d: { count: number }) => d.count),
        [1, 0, 0, 1, 1],
      );
      assert.deepEqual([useful.mean, useful.median], [3.33, 4]);
      assert.equal(name.answers, 2);
      assert.deepEqual(more.texts, [XSS]);
      const text = await run("results", "retrospective-2019");
      assert.match(text.stdout, /1\. What do you do\? \[single\] 3 answer\(s\)\n {3}Research: 2 \(67%\)/);
      assert.match(text.stdout, /mean 3\.33, median 4/);

      const csvPath = join(dir, "out.csv");
      const exported = await run("export", "retrospective-2019", csvPath);
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stdout, /3 response\(s\)/);
      const rows = parse(readFileSync(csvPath, "utf8")) as string[][];
      assert.deepEqual(rows[0], [
        "response",
        "created_at",
        "updated_at",
        "role",
        "parts",
        "useful",
        "name",
        "more",
      ]);
      assert.equal(rows[1]![6], `'=HYPERLINK("http://evil")`);
      assert.equal(rows[3]![6], "'@SUM(1)");
      assert.equal(rows[2]![7], XSS);
      for (const cell of rows.slice(1).flat()) assert.doesNotMatch(cell, /^[=+\-@]/);

      const jsonPath = join(dir, "out.json");
      assert.equal((await run("export", "retrospective-2019", jsonPath)).code, 0);
      const raw = readFileSync(jsonPath, "utf8");
      assert.doesNotMatch(raw, /<script>/);
      const data = JSON.parse(raw);
      assert.equal(data.responses[1].answers.more, XSS);
      assert.equal(JSON.stringify(data).includes("subscriber"), false);
      const wrong = await run("export", "retrospective-2019", join(dir, "out.xlsx"));
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /\.csv or \.json/);

      const closed = await run("close", "retrospective-2019");
      assert.equal(closed.code, 0, closed.stderr);
      assert.match(closed.stdout, /retrospective-2019 closed at \d{4}-/);
      assert.equal(JSON.parse((await run("--json", "list")).stdout)[0].state, "closed");
      const missing = await run("results", "nope");
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /No survey "nope"/);
    });

    test("results --where: answer, edition and subscriber-since segments combined; --cross; --json carries both", async () => {
      await run(
        "create",
        file("l.json", JSON.stringify(surveyJson({ slug: "linked", anonymity: "linked" }))),
      );
      const survey = await getSurvey(store, "linked");
      for (const [email, edition, since, role] of [
        ["a@example.org", "full", "2018-03-01T00:00:00.000Z", "Research"],
        ["b@example.org", "highlights", "2019-06-01T00:00:00.000Z", "Research"],
        ["c@example.org", "highlights", "2020-02-01T00:00:00.000Z", "Engineering"],
      ] as const) {
        const { subscriber } = await addSubscriber(store, { email, edition });
        await store.db
          .updateTable("subscribers")
          .set({ consent_at: since })
          .where("id", "=", subscriber.id)
          .execute();
        await submitResponse(store, survey, formOf({ q_role: role, q_useful: "4" }), {
          subscriberId: subscriber.id,
        });
      }
      const hl = await run(
        "--json",
        "results",
        "linked",
        "--where",
        "edition=highlights",
        "--cross",
        "role,useful",
      );
      assert.equal(hl.code, 0, hl.stderr);
      const r = JSON.parse(hl.stdout);
      assert.equal(r.responses, 2);
      assert.deepEqual(r.where, [
        { kind: "edition", edition: "highlights", text: "edition: highlights only" },
      ]);
      assert.deepEqual(r.crossTab.counts[0], [0, 0, 0, 1, 0]);
      const both = await run("results", "linked", "--where", "since=2019-01-01", "--where", "role=research");
      assert.equal(both.code, 0, both.stderr);
      assert.match(
        both.stdout,
        /1 response\(s\) where subscribed since 2019-01-01 and What do you do\? = Research/,
      );
      const anon = await run("results", "retrospective-2019", "--where", "edition=full");
      assert.equal(anon.code, 1);
      assert.match(anon.stderr, /is anonymous: its answers name no reader/);
    });

    test("import --map: a column mapped by hand to a question; a bad mapping is an error naming it", async () => {
      await run("create", file("m.json", JSON.stringify(surveyJson({ slug: "mapped-cli" }))));
      const csv = file("job.csv", "Timestamp,Your job\n2019/05/13 10:00:00 AM GMT+1,Research\n");
      const ok = await run("--json", "import", "mapped-cli", csv, "--map", "Your job=role");
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual(JSON.parse(ok.stdout).mapped, [{ column: "Your job", question: "role" }]);
      const bad = await run("import", "mapped-cli", csv, "--map", "Your job=nope");
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /sends column "Your job" to "nope", which is no question/);
    });
  });
}
