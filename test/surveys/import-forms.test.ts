import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { formsTimestamp, splitChoices } from "../../src/surveys/import-forms.ts";
import {
  createSurvey,
  crossTab,
  getSurvey,
  importFormsResponses,
  parseColumnMapping,
  resultsOf,
  surveyResponses,
  surveyResults,
  whereAnswer,
} from "../../src/surveys/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { tempDir } from "../helpers/temp.ts";
import { surveyJson } from "./fixtures.ts";

test("checkbox cells split into the options they name (an option may hold a comma), the rest is Other", () => {
  const options = ["Highlights", "Summaries, opinions", "Links"];
  assert.deepEqual(splitChoices("Links, Highlights", options), {
    choices: ["Highlights", "Links"],
    other: "",
  });
  assert.deepEqual(splitChoices("Summaries, opinions, My own notes", options), {
    choices: ["Summaries, opinions"],
    other: "My own notes",
  });
  assert.deepEqual(splitChoices("highlights", options), { choices: ["Highlights"], other: "" });
});

test("Google Forms timestamps, in both of its formats, with a time zone", () => {
  assert.equal(formsTimestamp("2019/05/10 11:23:45 PM GMT+1"), "2019-05-10T22:23:45.000Z");
  assert.equal(formsTimestamp("2019/05/10 12:05:00 AM GMT-5"), "2019-05-10T05:05:00.000Z");
  assert.equal(formsTimestamp("5/10/2019 11:23:45"), "2019-05-10T11:23:45.000Z");
  assert.equal(formsTimestamp("yesterday"), null);
  assert.equal(formsTimestamp("2019/13/40 10:00:00"), null);
});

const HEADER =
  "Timestamp,What do you do?,Which parts do you read?,How useful is it?,What should we call the newsletter,Email address\n";

for (const dialect of DIALECTS) {
  describe(`a Google Forms responses CSV read into a survey (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let dir: string;
    before(async () => {
      store = await dialect.open();
      dir = tempDir();
      await createSurvey(store, surveyJson({ slug: "retro-2019" }));
    });
    after(() => store?.dispose());

    test("columns are matched by question text; the unmatched are reported; results count the imported answers", async () => {
      const file = join(dir, "responses.csv");
      writeFileSync(
        file,
        `\uFEFF${HEADER}` +
          `2019/05/10 11:23:45 AM GMT+1,Research,"Highlights, Opinions",5,The Alignment Digest,a@example.org\n` +
          `2019/05/11 09:00:00 AM GMT+1,Engineering,"Summaries, Podcasts",4,,b@example.org\n` +
          `2019/05/12 10:00:00 AM GMT+1,research,,3,"=HYPERLINK(""x"")",\n`,
      );
      const report = await importFormsResponses(store, "retro-2019", file);
      assert.equal(report.imported, 3);
      assert.deepEqual(
        report.mapped.map((m) => m.question),
        ["role", "parts", "useful", "name"],
      );
      assert.deepEqual(report.unmapped, ["Email address"]);
      assert.deepEqual(report.unanswered, ["more"]);
      const results = await surveyResults(store, "retro-2019");
      const role = results.questions.find((q) => q.id === "role")!;
      assert.equal(role.answers, 3);
      assert.deepEqual(
        role.counts?.map((o) => [o.option, o.count]),
        [
          ["Research", 2],
          ["Engineering", 1],
          ["Other work", 0],
        ],
      );
      const useful = results.questions.find((q) => q.id === "useful")!;
      assert.equal(useful.mean, 4);
      const parts = results.questions.find((q) => q.id === "parts")!;
      assert.deepEqual(parts.other, ["Podcasts"], "an answer outside the choices is what Other held");
      const rows = await store.db
        .selectFrom("survey_responses")
        .select(["subscriber_id", "created_at"])
        .execute();
      assert.ok(
        rows.every((r) => r.subscriber_id === null),
        "imported answers name nobody",
      );
      assert.ok(
        rows.some((r) => r.created_at === "2019-05-10T10:23:45.000Z"),
        "the form's own times are kept",
      );
    });

    test("a segment (one choice's respondents) and a cross-tab of two questions; text questions refused", async () => {
      const survey = await getSurvey(store, "retro-2019");
      const all = await surveyResponses(store, survey);
      const researchers = whereAnswer(survey, all, "role", "research");
      assert.equal(researchers.length, 2, "case aside");
      assert.deepEqual(resultsOf(survey, researchers).questions.find((q) => q.id === "useful")?.mean, 4);
      const t = crossTab(survey, all, "role", "parts");
      assert.deepEqual(t.columns.options, ["Highlights", "Summaries", "Opinions", "Other"]);
      assert.equal(t.answeredBoth, 2, "the third response left the checkboxes empty");
      assert.deepEqual(t.counts, [
        [1, 0, 1, 0],
        [0, 1, 0, 1],
        [0, 0, 0, 0],
      ]);
      assert.deepEqual(crossTab(survey, all, "role", "useful").counts[0], [0, 0, 1, 0, 1]);
      assert.throws(() => crossTab(survey, all, "role", "name"), /free text/);
      assert.throws(() => whereAnswer(survey, all, "role", "Astronaut"), /has no option "Astronaut"/);
      assert.throws(() => whereAnswer(survey, all, "nope", "x"), /has no question "nope"/);
    });

    test("columns mapped by hand: another header answers a question, a column is left out; bad mappings are named", async () => {
      await createSurvey(store, surveyJson({ slug: "mapped" }));
      const file = join(dir, "mapped.csv");
      writeFileSync(
        file,
        "Timestamp,Your job,How useful is it?,Rate us\n2019/05/10 11:23:45 AM GMT+1,Engineering,5,3\n",
      );
      const report = await importFormsResponses(
        store,
        "mapped",
        file,
        parseColumnMapping(["Your job=role", "How useful is it?=", "Rate us=useful", ""]),
      );
      assert.deepEqual(report.mapped, [
        { column: "Your job", question: "role" },
        { column: "Rate us", question: "useful" },
      ]);
      assert.deepEqual(report.unmapped, ["How useful is it?"]);
      const [r] = await surveyResponses(store, await getSurvey(store, "mapped"));
      assert.deepEqual(r!.answers, { role: "Engineering", useful: 3 });
      await assert.rejects(
        importFormsResponses(store, "mapped", file, parseColumnMapping(["Nope=role"])),
        /the mapping names column "Nope", which the file does not have/,
      );
      await assert.rejects(
        importFormsResponses(store, "mapped", file, parseColumnMapping(["Your job=job"])),
        /sends column "Your job" to "job", which is no question of "mapped"/,
      );
      await assert.rejects(
        importFormsResponses(store, "mapped", file, parseColumnMapping(["Rate us=useful"])),
        /columns "How useful is it\?" and "Rate us" both answer question useful: map one of them elsewhere/,
        "a header matching a question's text still counts",
      );
      assert.equal(
        (await surveyResponses(store, await getSurvey(store, "mapped"))).length,
        1,
        "nothing more written",
      );
      assert.throws(() => parseColumnMapping(["no equals sign"]), /is "Column header=question id"/);
    });

    test("a value outside the choices fails the whole file, naming row and column; nothing is written", async () => {
      const before = (await store.db.selectFrom("survey_responses").select("id").execute()).length;
      const file = join(dir, "bad.csv");
      writeFileSync(
        file,
        `${HEADER}2019/05/10 11:23:45 AM GMT+1,Research,,5,,\n2019/05/10 11:24:00 AM GMT+1,Astronaut,,5,,\n`,
      );
      await assert.rejects(importFormsResponses(store, "retro-2019", file), (err: Error) => {
        assert.match(
          err.message,
          /bad\.csv row 3, column "What do you do\?": "Astronaut" is not one of the choices/,
        );
        return true;
      });
      const scale = join(dir, "scale.csv");
      writeFileSync(scale, `${HEADER}2019/05/10 11:23:45 AM GMT+1,Research,,7,,\n`);
      await assert.rejects(
        importFormsResponses(store, "retro-2019", scale),
        /row 2, column "How useful is it\?": "7" is not a whole number from 1 to 5/,
      );
      const none = join(dir, "none.csv");
      writeFileSync(none, "Timestamp,Favourite colour\n2019/05/10 11:23:45 AM GMT+1,Blue\n");
      await assert.rejects(
        importFormsResponses(store, "retro-2019", none),
        /no column is headed by a question/,
      );
      assert.equal((await store.db.selectFrom("survey_responses").select("id").execute()).length, before);
    });
  });
}
