import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { simpleParser } from "mailparser";
import { renderEdition } from "../../src/delivery/editions.ts";
import { personaliseMessage } from "../../src/formats/render/email-template.ts";
import {
  addEntriesToIssue,
  checkIssue,
  createDraftIssue,
  loadIssueView,
  loadTaxonomy,
  publishIssue,
  saveIssueDetails,
} from "../../src/issues/index.ts";
import { addSubscriber, loadLinkConfig, subscriberLinks } from "../../src/subscribers/index.ts";
import { createSurvey, surveySubscriber } from "../../src/surveys/index.ts";
import { configureNewsletter, publishedIssue } from "../delivery/helpers.ts";
import { readyEntry } from "../helpers/compose.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { testSite } from "../helpers/web.ts";
import { surveyJson } from "./fixtures.ts";

const SITE = "https://news.example.org";

for (const dialect of DIALECTS) {
  describe(`{{survey:SLUG}} in an issue (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
      await configureNewsletter(store, SITE);
      await publishedIssue(store, 7);
      await createSurvey(store, surveyJson({ slug: "retro", anonymity: "linked" }));
      await createSurvey(store, surveyJson({ slug: "open-poll" }));
      await saveIssueDetails(store, 7, {
        intro:
          "Please take [the survey]({{survey:retro}}) and {{survey:open-poll}}; also {{survey:missing}}.",
      });
    });
    after(() => store?.dispose());

    test("the web archive shows public URLs; an unknown slug stays as written and blocks the check", async () => {
      const view = await loadIssueView(store, 7);
      assert.equal(
        view.intro,
        `Please take [the survey](${SITE}/surveys/retro) and ${SITE}/surveys/open-poll; also {{survey:missing}}.`,
      );
      const page = await (await testSite(store).get("/issues/7")).text();
      assert.match(page, /<a href="https:\/\/news\.example\.org\/surveys\/retro">the survey<\/a>/);
      assert.doesNotMatch(page, /\?t=|SUMMASURVEY/);
      const problems = checkIssue(view, await loadTaxonomy(store)).filter((p) => p.kind === "unknown_survey");
      assert.deepEqual(
        problems.map((p) => [p.severity, p.message]),
        [
          [
            "error",
            "the intro: {{survey:missing}} names no survey (summa survey list shows them); it will show as written",
          ],
        ],
      );
    });

    test("a draft naming an unknown survey cannot be published until the survey exists", async () => {
      const draft = await createDraftIssue(store);
      await addEntriesToIssue(store, draft, [
        (await readyEntry(store, { summary: "See {{survey:later}}." })).id,
      ]);
      await assert.rejects(
        publishIssue(store, draft),
        /cannot be published: .*\{\{survey:later\}\} names no survey/,
      );
      await createSurvey(store, surveyJson({ slug: "later" }));
      const published = await publishIssue(store, draft);
      assert.equal(published.number, draft);
    });

    test("each email carries that reader's signed link to a linked survey, the public URL to an anonymous one", async () => {
      const template = await renderEdition(store, 7, "full");
      const config = await loadLinkConfig(store);
      for (const email of ["ada@example.org", "grace@example.org"]) {
        const { subscriber } = await addSubscriber(store, { email });
        const links = subscriberLinks(config, subscriber, null);
        const raw = personaliseMessage(template, {
          email,
          name: "",
          ...links,
          messageIdSuffix: `s${subscriber.id}`,
        });
        const mail = await simpleParser(raw);
        const token = /\/surveys\/retro\?t=([A-Za-z0-9_-]+)/.exec(mail.text ?? "")?.[1];
        assert.ok(token, mail.text);
        assert.equal(token, links.surveyToken);
        assert.equal((await surveySubscriber(store, token))?.email, email);
        assert.match(String(mail.html), new RegExp(`href="${SITE}/surveys/retro\\?t=${token}"`));
        assert.match(mail.text ?? "", /https:\/\/news\.example\.org\/surveys\/open-poll;/);
        assert.doesNotMatch(raw, /SUMMASURVEYTOKENMARK|\{\{survey_token/);
      }
    });
  });
}
