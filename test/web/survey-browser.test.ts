import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { simpleParser } from "mailparser";
import type { Page } from "playwright-core";
import { type Browser, launchChromium } from "../../scripts/lib/chromium.ts";
import { createUser } from "../../src/accounts/index.ts";
import { renderEdition } from "../../src/delivery/editions.ts";
import { personaliseMessage } from "../../src/formats/render/email-template.ts";
import { saveIssueDetails } from "../../src/issues/index.ts";
import { addSubscriber, loadLinkConfig, subscriberLinks } from "../../src/subscribers/index.ts";
import { closeSurvey, createSurvey } from "../../src/surveys/index.ts";
import { configureNewsletter, publishedIssue } from "../delivery/helpers.ts";
import { browserSkip, type LiveSite, openDesk, startLiveSite } from "../helpers/browser.ts";
import { testPasswords } from "../helpers/web.ts";
import { surveyJson } from "../surveys/fixtures.ts";

const ADMIN = { email: "editor@example.org", password: "correct horse battery" };

/** How far the page is wider than the window (0: no sideways scrolling). */
const overflow = (page: Page) =>
  page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth);

// A reader on a 375 px phone opens the linked survey from their own email, answers it with the
// keyboard, comes back and changes the answer; the desk then shows one response. Closed, the
// same link refuses politely.
describe("a linked survey from an email, at 375 px in Chromium", { skip: browserSkip() }, () => {
  let live: LiveSite;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let personalLink = "";

  before(async () => {
    live = await startLiveSite();
    const store = live.store;
    await configureNewsletter(store, live.url);
    await publishedIssue(store, 7);
    await createSurvey(store, surveyJson({ slug: "retro", anonymity: "linked", title: "One year of AN" }));
    await saveIssueDetails(store, 7, { intro: "Please take [the 3-minute survey]({{survey:retro}})." });
    await createUser(store, { ...ADMIN, name: "Rohin", role: "editor" }, testPasswords);
    const { subscriber } = await addSubscriber(store, { email: "reader@example.org" });
    // The email exactly as a send makes it for this reader, read back as a mail client would.
    const raw = personaliseMessage(await renderEdition(store, 7, "full"), {
      email: subscriber.email,
      name: "",
      ...subscriberLinks(await loadLinkConfig(store), subscriber, null),
      messageIdSuffix: "d1",
    });
    const html = String((await simpleParser(raw)).html);
    personalLink =
      /<a href="([^"]+\/surveys\/retro\?t=[^"]+)"[^>]*>the 3-minute survey<\/a>/.exec(html)?.[1] ?? "";
    browser = await launchChromium({ width: 375, height: 740 });
    page = await browser.context.newPage();
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await live?.close();
  });

  test("answer from the email's link, keyboard only; come back and change it; the desk shows one response", async () => {
    assert.match(personalLink, new RegExp(`^${live.url}/surveys/retro\\?t=[A-Za-z0-9_-]+$`));
    await page.goto(personalLink);
    assert.equal(await page.locator("h1").textContent(), "One year of AN");
    assert.equal(await overflow(page), 0, "the survey scrolls sideways at 375 px");
    assert.equal(await page.locator("fieldset.survey-question legend").count(), 5);

    // Keyboard only: Tab to the first choice, Space picks it; arrows move within a radio group.
    await page.focus("#question-role-0");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab"); // to the checkboxes
    await page.keyboard.press("Space"); // Highlights
    await page.focus("#question-useful-1"); // the scale's 1, not picked by focusing
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight"); // 2, 3, 4
    await page.focus("#question-name-text");
    await page.keyboard.type("Alignment Digest");
    await page.focus("button[type=submit]");
    await Promise.all([page.waitForURL(/\/surveys\/retro\/thanks\?t=/), page.keyboard.press("Enter")]);
    assert.match((await page.locator("main").textContent()) ?? "", /are recorded/);

    // Back through the same link: the answers are there to change.
    await page.goto(personalLink);
    assert.match((await page.locator("main").textContent()) ?? "", /You have answered this survey/);
    assert.equal(await page.isChecked("#question-role-0"), true);
    assert.equal(await page.isChecked("#question-useful-4"), true);
    assert.equal(await page.inputValue("#question-name-text"), "Alignment Digest");
    await page.focus("#question-role-1");
    await page.keyboard.press("Space");
    await Promise.all([page.waitForURL(/changed=1/), page.click("button[type=submit]")]);
    assert.match((await page.locator("main").textContent()) ?? "", /Your changed answers are saved/);

    const desk = await openDesk(live, ADMIN, {
      next: "/desk/surveys/retro/results",
      width: 375,
      height: 740,
    });
    try {
      const main = (await desk.page.locator("main").textContent()) ?? "";
      assert.match(main, /1 response \(linked\)/);
      assert.match(main, /Research0 \(0%\)Engineering1 \(100%\)/);
      assert.match(main, /Alignment Digest/);
      assert.equal(await overflow(desk.page), 0, "the results scroll sideways at 375 px");

      // The segment filter and the cross-tab: a GET form, no script needed.
      await desk.page.selectOption("#segment-edition", "highlights");
      await Promise.all([desk.page.waitForURL(/edition=highlights/), desk.page.click("text=Show")]);
      assert.match(
        (await desk.page.locator("#segment-status").textContent()) ?? "",
        /Showing 0 of 1 responses: edition: highlights only\./,
      );
      await desk.page.selectOption("#segment-edition", "full");
      await desk.page.fill("#segment-since", "2000-01-01");
      await desk.page.selectOption("#cross-row", "role");
      await desk.page.selectOption("#cross-col", "useful");
      await Promise.all([desk.page.waitForURL(/row=role/), desk.page.click("text=Show")]);
      assert.match(
        (await desk.page.locator("#segment-status").textContent()) ?? "",
        /Showing 1 of 1 responses: edition: full; subscribed since 2000-01-01\./,
      );
      const cell = desk.page.locator("table.crosstab tr", { hasText: "Engineering" }).locator("td").nth(3);
      assert.equal(await cell.textContent(), "1", "Engineering x 4");
      assert.equal(await desk.page.inputValue("#segment-since"), "2000-01-01", "the form keeps its values");
      assert.equal(await overflow(desk.page), 0, "the segmented results scroll sideways at 375 px");
      assert.deepEqual(desk.problems, []);
    } finally {
      await desk.browser.close();
    }
    const rows = await live.store.db
      .selectFrom("survey_responses")
      .select(["subscriber_id", "answers"])
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(JSON.parse(rows[0]!.answers).role, "Engineering");
    assert.deepEqual(problems, []);
  });

  test("an anonymous survey answered at 375 px stores no subscriber id", async () => {
    await createSurvey(live.store, surveyJson({ slug: "anon", title: "Anonymous one" }));
    await page.goto(`${live.url}/surveys/anon`);
    assert.equal(await overflow(page), 0);
    assert.match(
      (await page.locator("main").textContent()) ?? "",
      /This survey is anonymous: your answers are stored without your name/,
    );
    await page.check("input[name=q_role][value=Research]");
    await page.check("input[name=q_useful][value='5']");
    await Promise.all([page.waitForURL(/\/surveys\/anon\/thanks/), page.click("button[type=submit]")]);
    const rows = await live.store.db
      .selectFrom("survey_responses")
      .innerJoin("surveys", "surveys.id", "survey_responses.survey_id")
      .select(["survey_responses.subscriber_id"])
      .where("surveys.slug", "=", "anon")
      .execute();
    assert.deepEqual(rows, [{ subscriber_id: null }]);
    assert.deepEqual(problems, []);
  });

  test("closed, the same link refuses politely", async () => {
    await closeSurvey(live.store, "retro");
    await page.goto(personalLink);
    assert.equal(await page.locator("h1").textContent(), "This survey is closed");
    assert.match((await page.locator("main").textContent()) ?? "", /no longer takes answers/);
    assert.equal(await page.locator("form.survey-form").count(), 0);
  });
});
