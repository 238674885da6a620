import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setSetting } from "../../src/store/index.ts";
import { addSubscriber, linkSecret } from "../../src/subscribers/index.ts";
import { closeSurvey, createSurvey, surveyToken } from "../../src/surveys/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import { fromClient } from "../subscribers/helpers.ts";
import { surveyJson } from "../surveys/fixtures.ts";
import { assertAccessible } from "./public-helpers.ts";

const ORIGIN = "http://summa.test";
const VALID = { q_role: "Research", q_useful: "4", homepage: "" };

for (const dialect of DIALECTS) {
  describe(`public survey pages (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    before(async () => {
      store = await dialect.open();
      await setSetting(store.db, "newsletter.site_url", ORIGIN);
      site = testSite(store);
      await createSurvey(store, surveyJson());
      await createSurvey(store, surveyJson({ slug: "linked-one", anonymity: "linked", title: "Linked" }));
    });
    after(() => store?.dispose());

    const post = (
      path: string,
      fields: Record<string, string | string[]>,
      { client = "203.0.113.1", headers = { origin: ORIGIN } as Record<string, string> } = {},
    ) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields))
        for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      return site.app.request(
        `${ORIGIN}${path}`,
        {
          method: "POST",
          body,
          headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        },
        fromClient(client),
      );
    };
    const responses = (slug: string) =>
      store.db
        .selectFrom("survey_responses")
        .innerJoin("surveys", "surveys.id", "survey_responses.survey_id")
        .select(["survey_responses.id", "survey_responses.subscriber_id", "survey_responses.answers"])
        .where("surveys.slug", "=", slug)
        .orderBy("survey_responses.id")
        .execute();

    test("GET: one fieldset and legend per question, labelled inputs, the minutes and what is stored", async () => {
      const res = await site.get("/surveys/retrospective-2019");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("cache-control"), "private, no-store");
      const html = await res.text();
      assertAccessible(html);
      assert.equal((html.match(/<fieldset class="field survey-question"/g) ?? []).length, 5);
      assert.match(
        html,
        /<legend id="question-role-legend">1\. What do you do\? <span class="hint">\(required\)<\/span><\/legend>/,
      );
      assert.match(html, /A 3-minute survey, 5 questions/);
      assert.match(html, /<strong>what to change<\/strong>/);
      assert.match(html, /stored without your name, email address/);
      assert.match(html, /<input type="text" name="homepage" tabindex="-1"|name="homepage" tabindex="-1"/);
      assert.equal((await site.get("/surveys/nope")).status, 404);
    });

    test("sections: consecutive questions under one heading, a <section> named by its <h2>; numbering runs on", async () => {
      const base = surveyJson().questions as Record<string, unknown>[];
      await createSurvey(
        store,
        surveyJson({
          slug: "sectioned",
          questions: base.map((q, i) => ({
            ...q,
            section: i < 2 ? "About you" : i < 4 ? "The newsletter" : "",
          })),
        }),
      );
      const html = await (await site.get("/surveys/sectioned")).text();
      assertAccessible(html);
      assert.match(
        html,
        /<section class="survey-section" aria-labelledby="survey-section-1"><h2 id="survey-section-1">About you<\/h2><fieldset[^>]*><legend[^>]*>1\. What do you do\?/,
      );
      assert.match(
        html,
        /<h2 id="survey-section-2">The newsletter<\/h2><fieldset[^>]*><legend[^>]*>3\. How useful/,
      );
      assert.equal((html.match(/<section class="survey-section"/g) ?? []).length, 2);
      assert.match(
        html,
        /<\/section><fieldset[^>]*><legend[^>]*>5\. Anything else\?/,
        "an unsectioned question after them stands alone",
      );
    });

    test("POST with problems: 422, each error beside its question (aria-describedby), answers kept", async () => {
      const res = await post("/surveys/retrospective-2019", {
        q_useful: "9",
        q_name: "<b>kept</b>",
        homepage: "",
      });
      assert.equal(res.status, 422);
      const html = await res.text();
      assertAccessible(html);
      assert.match(
        html,
        /<fieldset class="field survey-question invalid" id="question-role" aria-describedby="question-role-error"><legend[^>]*>.*?<\/legend><p class="field-error" id="question-role-error">Please answer this question\.<\/p>/,
      );
      assert.match(html, /id="question-useful-error">Please pick a number from 1 to 5\./);
      assert.match(html, /aria-describedby="question-useful-error" aria-invalid="true"/);
      assert.match(html, /<a href="#question-role">What do you do\?: Please answer this question\.<\/a>/);
      assert.match(html, /value="&lt;b&gt;kept&lt;\/b&gt;"/);
      assert.equal((await responses("retrospective-2019")).length, 0);
    });

    test("an anonymous response: stored with no subscriber id, a cookie, and the cookie stops a second", async () => {
      const res = await post("/surveys/retrospective-2019", {
        ...VALID,
        q_parts: ["Highlights", "__other__"],
        q_parts_other: "links",
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/surveys/retrospective-2019/thanks");
      const cookie = res.headers.get("set-cookie") ?? "";
      assert.match(
        cookie,
        /^summa_survey_\d+=1; Max-Age=31536000; Path=\/surveys\/retrospective-2019; HttpOnly; SameSite=Lax/,
      );
      const rows = await responses("retrospective-2019");
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.subscriber_id, null);
      assert.deepEqual(JSON.parse(rows[0]!.answers), {
        role: "Research",
        parts: { choices: ["Highlights"], other: "links" },
        useful: 4,
      });
      const jar = cookie.split(";")[0]!;
      const again = await site.app.request(`${ORIGIN}/surveys/retrospective-2019`, {
        headers: { cookie: jar },
      });
      assert.match(await again.text(), /this browser has sent its answers/);
      const twice = await post("/surveys/retrospective-2019", VALID, {
        headers: { origin: ORIGIN, cookie: jar },
      });
      assert.equal(twice.status, 303);
      assert.equal((await responses("retrospective-2019")).length, 1);
      assert.match(await (await site.get("/surveys/retrospective-2019/thanks")).text(), /are recorded/);
    });

    test("the honeypot, another site's Origin, and the hourly limit per address", async () => {
      const bot = await post("/surveys/retrospective-2019", { ...VALID, homepage: "http://spam.example" });
      assert.equal(bot.status, 303);
      const forged = await post("/surveys/retrospective-2019", VALID, {
        headers: { origin: "http://evil.example" },
      });
      assert.equal(forged.status, 403);
      assert.equal((await responses("retrospective-2019")).length, 1);
      for (let i = 0; i < 10; i++)
        assert.equal(
          (await post("/surveys/retrospective-2019", VALID, { client: "198.51.100.7" })).status,
          303,
        );
      const limited = await post("/surveys/retrospective-2019", VALID, { client: "198.51.100.7" });
      assert.equal(limited.status, 429);
      assert.match(await limited.text(), /Too many responses from your address/);
      assert.equal(
        (await post("/surveys/retrospective-2019", VALID, { client: "198.51.100.8" })).status,
        303,
      );
      const rows = await responses("retrospective-2019");
      assert.equal(rows.length, 12);
      assert.ok(rows.every((r) => r.subscriber_id === null));
    });

    test("a linked survey: the personal link answers once, changes until close, then refuses politely", async () => {
      const { subscriber } = await addSubscriber(store, { email: "ada@example.org" });
      const token = surveyToken({ secret: await linkSecret(store) }, subscriber);
      const path = `/surveys/linked-one?t=${token}`;
      const noLink = await site.get("/surveys/linked-one");
      assert.equal(noLink.status, 403);
      assert.match(await noLink.text(), /Please use the link in your email/);
      const forged = `${token.slice(0, -2)}${token.endsWith("AA") ? "BA" : "AA"}`;
      assert.equal((await site.get(`/surveys/linked-one?t=${forged}`)).status, 403);
      assert.equal((await post(`/surveys/linked-one?t=${forged}`, VALID)).status, 403);

      const page = await (await site.get(path)).text();
      assert.match(page, /stored with your subscription/);
      assert.match(page, new RegExp(`action="/surveys/linked-one\\?t=${token}"`));
      const first = await post(path, VALID);
      assert.equal(first.status, 303);
      assert.equal(first.headers.get("location"), `/surveys/linked-one/thanks?t=${token}`);
      assert.equal(first.headers.get("set-cookie"), null);
      const back = await (await site.get(path)).text();
      assert.match(back, /You have answered this survey/);
      assert.match(back, /value="Research" checked=""/);
      const second = await post(path, { ...VALID, q_role: "Engineering", q_useful: "2" });
      assert.equal(second.headers.get("location"), `/surveys/linked-one/thanks?t=${token}&changed=1`);
      const rows = await responses("linked-one");
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.subscriber_id, subscriber.id);
      assert.deepEqual(JSON.parse(rows[0]!.answers), { role: "Engineering", useful: 2 });

      await closeSurvey(store, "linked-one");
      const closedGet = await site.get(path);
      assert.equal(closedGet.status, 200);
      assert.match(await closedGet.text(), /<h1>This survey is closed<\/h1>/);
      const closedPost = await post(path, { ...VALID, q_role: "Research" });
      assert.equal(closedPost.status, 409);
      assert.match(await closedPost.text(), /no longer takes answers/);
      assert.deepEqual(JSON.parse((await responses("linked-one"))[0]!.answers), {
        role: "Engineering",
        useful: 2,
      });
    });
  });
}
