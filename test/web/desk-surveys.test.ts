import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { insertSurveyResponse } from "../../src/store/index.ts";
import { addSubscriber } from "../../src/subscribers/index.ts";
import { createSurvey, getSurvey, submitResponse } from "../../src/surveys/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { formFields, type LoggedIn, type TestSite, testSite } from "../helpers/web.ts";
import { formOf, surveyJson } from "../surveys/fixtures.ts";
import { assertAccessible } from "./public-helpers.ts";

const XSS = [`<script>alert(1)</script>`, `"><img src=x onerror=alert(2)>`, `=cmd|' /C calc'!A0`];

for (const dialect of DIALECTS) {
  describe(`desk: surveys (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      editor = await site.login("editor");
    });
    after(() => store?.dispose());

    test("editors and admins only: a summarizer is refused every page", async () => {
      const summarizer = await site.login("summarizer");
      assert.equal((await site.get("/desk/surveys", summarizer)).status, 403);
      assert.equal((await site.post("/desk/surveys", { json: "{}" }, summarizer)).status, 403);
      const admin = await site.login("admin");
      assert.equal((await site.get("/desk/surveys", admin)).status, 200);
      assert.match(
        await (await site.get("/desk", editor)).text(),
        /<a href="\/desk\/surveys">Reader surveys<\/a>/,
      );
    });

    test("create from pasted JSON: problems listed by question and field, the text kept; then the edit page", async () => {
      const bad = await site.post(
        "/desk/surveys",
        {
          json: JSON.stringify(surveyJson({ questions: [{ kind: "single", text: "Pick", options: ["a"] }] })),
        },
        editor,
      );
      assert.equal(bad.status, 422);
      const badHtml = await bad.text();
      assertAccessible(badHtml);
      assert.match(badHtml, /<li>question 1 \(q1\): options must list at least 2 choices<\/li>/);
      assert.match(badHtml, /aria-describedby="survey-problems"/);
      assert.match(await (await site.post("/desk/surveys", { json: "{oops" }, editor)).text(), /not JSON/);

      const ok = await site.post("/desk/surveys", { json: JSON.stringify(surveyJson()) }, editor);
      assert.equal(ok.status, 303);
      assert.equal(ok.headers.get("location"), "/desk/surveys/retrospective-2019");
      const taken = await site.post("/desk/surveys", { json: JSON.stringify(surveyJson()) }, editor);
      assert.equal(taken.status, 409);
      const page = await (await site.get("/desk/surveys/retrospective-2019", editor)).text();
      assertAccessible(page);
      assert.match(page, /open, anonymous, a 3-minute survey, 0 responses/);
      assert.match(page, /\{\{survey:retrospective-2019\}\}/);
      const list = await (await site.get("/desk/surveys", editor)).text();
      assert.match(list, /<a href="\/desk\/surveys\/retrospective-2019">One year of the newsletter<\/a>/);
    });

    test("edit title, intro and dates; a bad date is named; close and reopen by hand", async () => {
      const base = "/desk/surveys/retrospective-2019";
      const page = await (await site.get(base, editor)).text();
      assertAccessible(page);
      const fields = {
        ...formFields(page, base),
        title: "Year one",
        intro: "Thanks!",
        closes_at: "2030-01-01",
      };
      const saved = await site.post(base, fields, editor);
      assert.equal(saved.status, 303);
      const survey = await getSurvey(store, "retrospective-2019");
      assert.deepEqual(
        [survey.title, survey.intro, survey.closesAt],
        ["Year one", "Thanks!", "2030-01-01T00:00:00.000Z"],
      );
      assert.deepEqual(
        survey.questions.map((q) => q.id),
        ["role", "parts", "useful", "name", "more"],
        "an untouched editor saves the questions as they were",
      );
      assert.deepEqual(survey.questions, (await createSurvey(store, surveyJson({ slug: "twin" }))).questions);
      const wrong = await site.post(base, { ...fields, closes_at: "soon" }, editor);
      assert.equal(wrong.status, 422);
      assert.match(
        await wrong.text(),
        /closes_at must be a date \(YYYY-MM-DD\) or an ISO time, not &quot;soon&quot;/,
      );
      assert.equal((await site.post(`${base}/close`, {}, editor)).status, 303);
      assert.equal((await getSurvey(store, "retrospective-2019")).closedAt !== null, true);
      assert.match(await (await site.get(base, editor)).text(), /closed, anonymous/);
      assert.equal((await site.post(`${base}/reopen`, {}, editor)).status, 303);
      assert.equal((await getSurvey(store, "retrospective-2019")).closedAt, null);
    });

    test("results: bars and percentages, mean and median, texts searchable; XSS inert in page, CSV and JSON", async () => {
      const survey = await getSurvey(store, "retrospective-2019");
      const answers: Record<string, string | string[]>[] = [
        {
          q_role: "Research",
          q_parts: ["Highlights", "__other__"],
          q_parts_other: XSS[1]!,
          q_useful: "5",
          q_more: XSS[0]!,
        },
        { q_role: "Research", q_useful: "4", q_name: XSS[2]!, q_more: "Shorter issues please" },
        { q_role: "Engineering", q_useful: "1", q_more: "More on interpretability" },
        { q_role: "Research", q_useful: "2", q_name: XSS[1]! },
      ];
      for (const [i, a] of answers.entries())
        await submitResponse(store, survey, formOf(a), { client: `c${i}` });
      const res = await site.get("/desk/surveys/retrospective-2019/results", editor);
      assert.equal(res.status, 200);
      const html = await res.text();
      assertAccessible(html);
      assert.match(html, /4 responses \(anonymous\)/);
      assert.match(
        html,
        /<li><span>Research<\/span><meter min="0" max="4" value="3" aria-hidden="true"><\/meter><span>3 \(75%\)<\/span><\/li>/,
      );
      assert.match(
        html,
        /<span>Engineering<\/span><meter min="0" max="4" value="1"[^>]*><\/meter><span>1 \(25%\)/,
      );
      assert.match(html, /<span>1 \(Not at all\)<\/span>/);
      assert.match(html, /Mean <strong>3<\/strong>, median <strong>3<\/strong>/);
      assert.doesNotMatch(html, /<script>alert|<img src=x/);
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(html, /&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;/);
      const searched = await (
        await site.get("/desk/surveys/retrospective-2019/results?q=INTERPRET", editor)
      ).text();
      assert.match(searched, /1 of 3 answers contain &quot;INTERPRET&quot;\./);
      assert.match(searched, /<li>More on interpretability<\/li>/);
      assert.doesNotMatch(searched, /Shorter issues please/);

      const csv = await site.get("/desk/surveys/retrospective-2019/responses.csv", editor);
      assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
      assert.match(
        csv.headers.get("content-disposition") ?? "",
        /attachment; filename="survey-retrospective-2019\.csv"/,
      );
      const rows = parse(await csv.text()) as string[][];
      assert.equal(rows.length, 5);
      assert.equal(rows[2]![6], `'${XSS[2]}`);
      assert.equal(rows[1]![7], XSS[0]);
      const json = await site.get("/desk/surveys/retrospective-2019/responses.json", editor);
      const raw = await json.text();
      assert.doesNotMatch(raw, /<script>|<img/);
      const data = JSON.parse(raw);
      assert.equal(data.responses[0].answers.more, XSS[0]);
      assert.equal(data.responses[0].answers.parts.other, XSS[1]);
    });

    test("a question with many written answers lists the first 100; the search narrows them", async () => {
      const survey = await createSurvey(
        store,
        surveyJson({ slug: "many", questions: [{ id: "say", kind: "long_text", text: "Say" }] }),
      );
      const at = new Date().toISOString();
      for (let i = 0; i < 130; i++)
        await insertSurveyResponse(store.db, {
          survey_id: survey.id,
          answers: JSON.stringify({ say: `answer ${i}` }),
          created_at: at,
          updated_at: at,
        });
      const html = await (await site.get("/desk/surveys/many/results", editor)).text();
      assert.match(
        html,
        /130 answers\. The first 100 are shown: search to narrow them, or download them all\./,
      );
      assert.equal(
        (/<ul class="survey-texts">([\s\S]*?)<\/ul>/.exec(html)?.[1]?.match(/<li>/g) ?? []).length,
        100,
      );
      const found = await (await site.get("/desk/surveys/many/results?q=answer%20129", editor)).text();
      assert.match(found, /<li>answer 129<\/li>/);
    });

    test("results filtered by segment (edition, subscriber since, an answer) and a cross-tab table; a GET form with labels", async () => {
      const survey = await createSurvey(store, surveyJson({ slug: "linked-seg", anonymity: "linked" }));
      for (const [email, edition, since, role, useful] of [
        ["a@example.org", "full", "2018-03-01T00:00:00.000Z", "Research", "5"],
        ["b@example.org", "highlights", "2019-06-01T00:00:00.000Z", "Research", "3"],
        ["c@example.org", "highlights", "2020-02-01T00:00:00.000Z", "Engineering", "3"],
      ] as const) {
        const { subscriber } = await addSubscriber(store, { email, edition });
        await store.db
          .updateTable("subscribers")
          .set({ consent_at: since })
          .where("id", "=", subscriber.id)
          .execute();
        await submitResponse(store, survey, formOf({ q_role: role, q_useful: useful }), {
          subscriberId: subscriber.id,
        });
      }
      const base = "/desk/surveys/linked-seg/results";
      const page = await (await site.get(base, editor)).text();
      assertAccessible(page);
      assert.match(page, /<form method="get" action="\/desk\/surveys\/linked-seg\/results"/);
      assert.match(page, /<label for="segment-edition">Edition<\/label>/);
      assert.match(page, /<label for="segment-since">Subscribed on or after<\/label>/);
      assert.match(
        page,
        /<optgroup label="What do you do\?"><option value="role=Research">Research<\/option>/,
      );

      const hl = await site.get(`${base}?edition=highlights&since=2019-01-01&row=role&col=useful`, editor);
      assert.equal(hl.status, 200);
      const html = await hl.text();
      assertAccessible(html);
      assert.match(
        html,
        /Showing <strong>2<\/strong> of 3 responses: edition: highlights only; subscribed since 2019-01-01\./,
      );
      assert.match(html, /<option value="highlights" selected="">Highlights only<\/option>/);
      assert.match(html, /<span>Research<\/span><meter min="0" max="2" value="1"/);
      assert.match(
        html,
        /<caption>What do you do\? \(rows\) by How useful is it\? \(columns\): 2 responses answered both<\/caption>/,
      );
      assert.match(html, /<th scope="col">5<\/th><\/tr><\/thead>/);
      assert.match(
        html,
        /<tr><th scope="row">Research<\/th><td>0<\/td><td>0<\/td><td>1<\/td><td>0<\/td><td>0<\/td><\/tr>/,
      );

      const answered = await (
        await site.get(`${base}?answer=${encodeURIComponent("role=Engineering")}`, editor)
      ).text();
      assert.match(answered, /Showing <strong>1<\/strong> of 3 responses: What do you do\? = Engineering\./);
      const bad = await site.get(`${base}?since=yesterday`, editor);
      assert.equal(bad.status, 400);
      assert.match(
        await bad.text(),
        /role="alert">since takes a date, YYYY-MM-DD, not &quot;yesterday&quot;/,
      );

      const reflected = await (
        await site.get(
          `${base}?since=${encodeURIComponent(XSS[1]!)}&answer=${encodeURIComponent(`role=${XSS[0]}`)}&row=${encodeURIComponent(XSS[0]!)}`,
          editor,
        )
      ).text();
      assert.doesNotMatch(
        reflected,
        /<script>alert|<img src=x/,
        "what the query carries is escaped wherever it shows",
      );
      const anon = await (await site.get("/desk/surveys/retrospective-2019/results", editor)).text();
      assert.match(
        anon,
        /This survey is anonymous: its answers name no reader, so there are no edition or\s+subscriber-since segments/,
      );
      assert.doesNotMatch(anon, /segment-edition/);
      const anonEdition = await site.get("/desk/surveys/retrospective-2019/results?edition=full", editor);
      assert.equal(anonEdition.status, 400);
    });

    test("the question editor: write a new survey of every kind without JavaScript, then reorder, add, remove and section", async () => {
      const page = await (await site.get("/desk/surveys/new", editor)).text();
      assertAccessible(page);
      assert.match(page, /As written: a <strong>1-minute<\/strong> survey/);
      const blank = formFields(page, "/desk/surveys/new");
      assert.equal(blank.question_slots, "1");
      const fields: Record<string, string> = {
        ...blank,
        slug: "editor-made",
        title: "Made in the editor",
        anonymity: "linked",
        question_slots: "5",
      };
      const q = (i: number, values: Record<string, string>) => {
        for (const [k, v] of Object.entries(values)) fields[`q-${i}-${k}`] = v;
      };
      q(0, {
        kind: "single",
        text: "Role?",
        options: "Research\r\nEngineering\n",
        required: "on",
        position: "1",
      });
      q(1, { kind: "multiple", text: "Parts?", options: "Highlights\nOpinions", other: "on", position: "2" });
      q(2, { kind: "scale", text: "Useful?", max: "10", min_label: "No", max_label: "Very", position: "3" });
      q(3, { kind: "short_text", text: "A word?", position: "4", section: "Last words" });
      q(4, { kind: "long_text", text: "More?", position: "5", section: "Last words", id: "more" });
      const created = await site.post("/desk/surveys/new", fields, editor);
      assert.equal(created.status, 303, await created.clone().text());
      let survey = await getSurvey(store, "editor-made");
      assert.equal(survey.anonymity, "linked");
      assert.deepEqual(
        survey.questions.map((x) => [x.id, x.kind, x.required, x.section]),
        [
          ["q1", "single", true, ""],
          ["q2", "multiple", false, ""],
          ["q3", "scale", false, ""],
          ["q4", "short_text", false, "Last words"],
          ["more", "long_text", false, "Last words"],
        ],
      );
      assert.deepEqual(survey.questions[0]!.options, ["Research", "Engineering"]);
      assert.equal(survey.questions[1]!.other, true);
      assert.deepEqual([survey.questions[2]!.max, survey.questions[2]!.maxLabel], [10, "Very"]);

      const base = "/desk/surveys/editor-made";
      const editPage = await (await site.get(base, editor)).text();
      assertAccessible(editPage);
      assert.match(editPage, /a <strong>3-minute<\/strong> survey/);
      const edit = formFields(editPage, base);
      assert.equal(edit.question_slots, "6", "five questions and a blank one to add");
      edit["q-0-position"] = "9"; // Role? goes last
      edit["q-3-remove"] = "on"; // A word? goes
      Object.assign(edit, { "q-5-kind": "scale", "q-5-text": "Again?", "q-5-position": "0.5" });
      assert.equal((await site.post(base, edit, editor)).status, 303);
      survey = await getSurvey(store, "editor-made");
      assert.deepEqual(
        survey.questions.map((x) => [x.id, x.text]),
        [
          ["q5", "Again?"], // not q4, the removed question's id: it never inherits answers
          ["q2", "Parts?"],
          ["q3", "Useful?"],
          ["more", "More?"],
          ["q1", "Role?"],
        ],
      );

      const bad = formFields(await (await site.get(base, editor)).text(), base);
      bad["q-1-options"] = "Only one";
      bad["q-2-text"] = "";
      const refused = await site.post(base, bad, editor);
      assert.equal(refused.status, 422);
      const html = await refused.text();
      assertAccessible(html);
      assert.match(html, /<li>question 2 \(q2\): options must list at least 2 choices<\/li>/);
      assert.match(html, /<li>question 3 \(q3\): text is empty<\/li>/);
      assert.match(
        html,
        /<textarea id="q-1-options" name="q-1-options" rows="4">Only one<\/textarea>/,
        "the draft is kept",
      );
      assert.equal(
        (await getSurvey(store, "editor-made")).questions[1]!.options.length,
        2,
        "nothing written",
      );
      const taken = await site.post("/desk/surveys/new", { ...fields, slug: "editor-made" }, editor);
      assert.equal(taken.status, 409);
    });

    test("editing a survey readers answered: removing, retyping, dropping options and changing anonymity are refused by name; rewording and adding are not", async () => {
      const base = "/desk/surveys/retrospective-2019";
      const page = await (await site.get(base, editor)).text();
      assert.match(page, /Question 1 \(4 answers\)/);
      assert.match(page, /Readers have answered this question: it cannot be removed/);
      const fields = formFields(page, base);
      const before = await getSurvey(store, "retrospective-2019");
      const refused = await site.post(
        base,
        {
          ...fields,
          anonymity: "linked",
          "q-0-options": "Research\nOther work",
          "q-2-kind": "short_text",
          "q-4-remove": "on",
        },
        editor,
      );
      assert.equal(refused.status, 422);
      const html = await refused.text();
      assert.match(html, /anonymity: 4 reader\(s\) answered as anonymous; it cannot change now/);
      assert.match(
        html,
        /question &quot;What do you do\?&quot; \(role, 4 answers\): option &quot;Engineering&quot; cannot be removed or renamed/,
      );
      assert.match(html, /\(useful, 4 answers\): its kind cannot change from scale to short_text/);
      assert.match(html, /\(more, 3 answers\) cannot be removed: its answers would be lost/);
      assert.deepEqual(
        (await getSurvey(store, "retrospective-2019")).questions,
        before.questions,
        "nothing written",
      );

      const ok = await site.post(
        base,
        {
          ...fields,
          "q-0-text": "What is your work?",
          "q-0-options": "Research\nEngineering\nOther work\nStudent",
          "q-5-kind": "short_text",
          "q-5-text": "Where do you live?",
        },
        editor,
      );
      assert.equal(ok.status, 303);
      const after = await getSurvey(store, "retrospective-2019");
      assert.equal(after.questions[0]!.text, "What is your work?");
      assert.deepEqual(after.questions[0]!.options.at(-1), "Student");
      assert.equal(after.questions.length, 6);
      const results = await (await site.get(`${base}/results`, editor)).text();
      assert.match(
        results,
        /<span>Research<\/span><meter min="0" max="4" value="3"/,
        "past answers still count",
      );
    });

    test("import a Google Forms responses CSV from the desk: the report lists matched and unmatched columns; a bad cell imports nothing", async () => {
      await createSurvey(store, surveyJson({ slug: "forms-2019" }));
      const upload = (name: string, text: string | null, mapping = "") => {
        const form = new FormData();
        form.set("_csrf", editor.csrf);
        form.set("mapping", mapping);
        if (text !== null) form.set("file", new File([text], name, { type: "text/csv" }));
        return site.app.request("http://summa.test/desk/surveys/forms-2019/import", {
          method: "POST",
          body: form,
          headers: { cookie: editor.cookie },
        });
      };
      const page = await (await site.get("/desk/surveys/forms-2019", editor)).text();
      assert.match(
        page,
        /<form method="post" action="\/desk\/surveys\/forms-2019\/import" enctype="multipart\/form-data">/,
      );
      const header = "Timestamp,What do you do?,How useful is it?,Email address\n";
      const ok = await upload(
        "responses.csv",
        `${header}2019/05/10 11:23:45 AM GMT+1,Research,5,a@example.org\n2019/05/11 09:00:00 AM GMT+1,Engineering,4,\n`,
      );
      assert.equal(ok.status, 200);
      const html = await ok.text();
      assertAccessible(html);
      assert.match(html, /Imported 2 responses\./);
      assert.match(html, /Column &quot;What do you do\?&quot; → question <code>role<\/code>/);
      assert.match(html, /Columns matching no question \(left out\): &quot;Email address&quot;/);
      assert.match(html, /2 responses\. <a href="\/desk\/surveys\/forms-2019\/results">/);

      const bad = await upload("bad.csv", `${header}2019/05/12 10:00:00 AM GMT+1,Astronaut,5,\n`);
      assert.equal(bad.status, 422);
      assert.match(
        await bad.text(),
        /role="alert" id="forms-import-error">Nothing was imported: bad\.csv row 2, column &quot;What do you do\?&quot;/,
      );
      assert.equal((await upload("none.csv", null)).status, 422);
      const mapped = await upload(
        "job.csv",
        "Timestamp,Your job,Email address\n2019/05/13 10:00:00 AM GMT+1,Engineering,c@example.org\n",
        "Your job=role\r\nEmail address=\r\n",
      );
      assert.equal(mapped.status, 200);
      const mappedHtml = await mapped.text();
      assert.match(mappedHtml, /Imported 1 response\./);
      assert.match(mappedHtml, /Column &quot;Your job&quot; → question <code>role<\/code>/);
      assert.match(mappedHtml, /<label for="forms-mapping">/);
      const rows = await store.db
        .selectFrom("survey_responses")
        .innerJoin("surveys", "surveys.id", "survey_responses.survey_id")
        .select("subscriber_id")
        .where("surveys.slug", "=", "forms-2019")
        .execute();
      assert.deepEqual(rows, [{ subscriber_id: null }, { subscriber_id: null }, { subscriber_id: null }]);
    });
  });
}
