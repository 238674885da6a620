import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { addSubscriber } from "../../src/subscribers/index.ts";
import {
  applySegments,
  createSurvey,
  describeSegment,
  getSurvey,
  parseSegment,
  resultsOf,
  submitResponse,
  surveyResponses,
} from "../../src/surveys/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { formOf, surveyJson } from "./fixtures.ts";

for (const dialect of DIALECTS) {
  describe(`survey segments by reader (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
      await createSurvey(store, surveyJson({ slug: "linked", anonymity: "linked" }));
      await createSurvey(store, surveyJson({ slug: "anon" }));
      const survey = await getSurvey(store, "linked");
      const readers = [
        {
          email: "old-full@example.org",
          edition: "full",
          since: "2018-05-01T09:00:00.000Z",
          role: "Research",
        },
        {
          email: "old-hl@example.org",
          edition: "highlights",
          since: "2019-12-31T23:59:00.000Z",
          role: "Engineering",
        },
        {
          email: "new-hl@example.org",
          edition: "highlights",
          since: "2020-01-01T00:00:00.000Z",
          role: "Research",
        },
      ] as const;
      for (const r of readers) {
        const { subscriber } = await addSubscriber(store, { email: r.email, edition: r.edition });
        await store.db
          .updateTable("subscribers")
          .set({ consent_at: r.since })
          .where("id", "=", subscriber.id)
          .execute();
        await submitResponse(store, survey, formOf({ q_role: r.role, q_useful: "3" }), {
          subscriberId: subscriber.id,
        });
      }
    });
    after(() => store?.dispose());

    test("edition and subscriber-since segments read the reader behind each linked response, combined with answers", async () => {
      const survey = await getSurvey(store, "linked");
      const all = await surveyResponses(store, survey);
      assert.equal(all.length, 3);
      const seg = (...texts: string[]) =>
        applySegments(
          survey,
          all,
          texts.map((t) => parseSegment(survey, t)),
        ).length;
      assert.equal(seg("edition=highlights"), 2);
      assert.equal(seg("edition=full"), 1);
      assert.equal(seg("since=2020-01-01"), 1, "on or after the day (UTC)");
      assert.equal(seg("before=2020-01-01"), 2);
      assert.equal(seg("edition=highlights", "role=research"), 1);
      assert.equal(seg(), 3);
      assert.equal(
        resultsOf(survey, applySegments(survey, all, [parseSegment(survey, "edition=full")])).responses,
        1,
      );
      assert.equal(
        describeSegment(survey, parseSegment(survey, "edition=highlights")),
        "edition: highlights only",
      );
      assert.equal(
        describeSegment(survey, parseSegment(survey, "role=engineering")),
        "What do you do? = Engineering",
      );
      assert.ok(
        all.every((r) => !("subscriberId" in r) && !JSON.stringify(r).includes("@example.org")),
        "segments know an edition and a date, never who",
      );
    });

    test("bad segments are named; anonymous surveys have no reader segments", async () => {
      const survey = await getSurvey(store, "linked");
      assert.throws(() => parseSegment(survey, "edition=weekly"), /edition is "full" or "highlights"/);
      assert.throws(() => parseSegment(survey, "since=last year"), /since takes a date, YYYY-MM-DD/);
      assert.throws(() => parseSegment(survey, "edition"), /A segment is QUESTION=OPTION/);
      assert.throws(() => parseSegment(survey, "role=Astronaut"), /has no option "Astronaut"/);
      const anon = await getSurvey(store, "anon");
      assert.throws(() => parseSegment(anon, "edition=full"), /is anonymous: its answers name no reader/);
    });
  });
}
