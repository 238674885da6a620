import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import type { Browser } from "../../scripts/lib/chromium.ts";
import { createUser } from "../../src/accounts/index.ts";
import { createEntry } from "../../src/entries/index.ts";
import { addEntriesToIssue, createDraftIssue } from "../../src/issues/index.ts";
import { addSubscriber } from "../../src/subscribers/index.ts";
import { createSurvey } from "../../src/surveys/index.ts";
import { browserSkip, type LiveSite, openDesk, startLiveSite } from "../helpers/browser.ts";
import { testPasswords } from "../helpers/web.ts";
import { surveyJson } from "../surveys/fixtures.ts";

const EMAIL = "admin@example.org";
const PASSWORD = "correct horse battery";

/** How far the page is wider than the window (0: no sideways scrolling). */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth);
}

/** The elements wider than the window, to say what overflows when a page does. */
function culprits(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter(
        (e) =>
          e.getBoundingClientRect().right > window.innerWidth + 0.5 ||
          // Text running out of its box (a long word) widens the page without widening the box.
          (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible"),
      )
      .slice(0, 5)
      .map(
        (e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)})`,
      )
      .concat([`innerWidth ${window.innerWidth}, scrollWidth ${document.scrollingElement?.scrollWidth}`]),
  );
}

// Every desk page on a 375 px phone: nothing scrolls sideways, every link of the desk's bar is
// on screen and clickable; the entry editor's preview is a tab there and beside the text at 1280.
describe("the desk at 375 px in Chromium", { skip: browserSkip() }, () => {
  let live: LiveSite;
  let browser: Browser;
  let page: Page;
  let pages: string[] = [];
  let problems: string[];

  before(async () => {
    live = await startLiveSite();
    const admin = await createUser(
      live.store,
      { email: EMAIL, name: "Ada Administrator", role: "admin", password: PASSWORD },
      testPasswords,
    );
    const entry = await createEntry(live.store, admin, {
      title: "Reward models overoptimize in predictable ways, a title long enough to wrap on a phone",
      url: "https://example.org/papers/a-rather-long-address-that-must-wrap-rather-than-widen-the-page",
      authors: "Ada Lovelace*, Alan Turing*, Grace Hopper",
      category: "Learning human intent",
      summary: "The gap grows **smoothly** with the KL distance from the initial policy.",
      status: "ready",
    });
    const issue = await createDraftIssue(live.store);
    await addEntriesToIssue(live.store, issue, [entry.id]);
    const { subscriber } = await addSubscriber(live.store, {
      email: "a.reader.with.a.long.address@subscribers.example.org",
      name: "A Reader",
    });
    pages = [
      "/desk",
      "/desk/entries",
      "/desk/entries/new",
      `/desk/entries/${entry.id}/edit`,
      "/desk/issues",
      `/desk/issues/${issue}`,
      `/desk/issues/${issue}/preview`,
      `/desk/issues/${issue}/publish`,
      `/desk/issues/${issue}/send`,
      "/desk/taxonomy",
      "/desk/import",
      "/desk/subscribers",
      `/desk/subscribers/${subscriber.id}`,
      "/desk/subscribers/welcome",
      "/desk/team",
      "/desk/password",
      "/desk/numbers",
      "/desk/inbox",
      "/desk/inbox/sources",
      "/desk/inbox/import",
      "/desk/surveys",
      "/desk/surveys/new",
      "/desk/surveys/retrospective-2019",
      "/desk/surveys/retrospective-2019/results?edition=full&row=role&col=useful",
    ];
    await createSurvey(live.store, surveyJson({ anonymity: "linked" }));
    ({ browser, page, problems } = await openDesk(
      live,
      { email: EMAIL, password: PASSWORD },
      { width: 375, height: 800 },
    ));
  });
  after(async () => {
    await browser?.close();
    await live?.close();
  });

  test("no desk page scrolls sideways, and every link of the desk's bar is on screen and clickable", async () => {
    for (const path of pages) {
      const res = await page.goto(`${live.url}${path}`);
      assert.equal(res?.status(), 200, path);
      const over = await overflow(page);
      assert.equal(over, 0, `${path} is ${over} px wider than 375: ${(await culprits(page)).join(", ")}`);
      // One look per page at every link of the bar: shown, inside the window, and not covered
      // (the point at its middle belongs to the link).
      const links = await page.evaluate(() =>
        [...document.querySelectorAll("nav.desk-nav a")].map((a) => {
          const box = a.getBoundingClientRect();
          const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)?.closest("a");
          return {
            name: a.textContent,
            shown: box.width > 0 && box.height > 0 && getComputedStyle(a).visibility === "visible",
            inside: box.left >= 0 && box.right <= window.innerWidth,
            clickable: hit === a,
          };
        }),
      );
      assert.equal(links.length, 9, `${path}: an admin sees all nine desk links`);
      for (const link of links)
        assert.deepEqual(link, { name: link.name, shown: true, inside: true, clickable: true }, path);
    }
    // A link of the bar really goes where it says, by tapping it.
    await Promise.all([
      page.waitForURL(/\/desk\/import$/),
      page.locator("nav.desk-nav a", { hasText: "Import" }).click(),
    ]);
    assert.deepEqual(problems, []);
  });

  test("on a phone the preview is a tab: arrows switch Write and Preview, and the preview is current", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${live.url}/desk/entries/new`);
    const write = page.getByRole("tab", { name: "Write" });
    const preview = page.getByRole("tab", { name: "Preview" });
    assert.equal(await write.getAttribute("aria-selected"), "true");
    assert.equal(await preview.getAttribute("aria-selected"), "false");
    assert.equal(await preview.getAttribute("tabindex"), "-1", "only the selected tab is in the Tab order");
    assert.ok(await page.locator("#entry-preview").isHidden(), "the preview waits behind its tab");
    await page.fill("#field-summary", "A **bold** claim.");
    // From here on the keyboard only: focus on the selected tab, then arrows, End and Home.
    await write.focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await preview.getAttribute("aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Preview");
    assert.ok(await page.locator("#entry-form").isHidden(), "the form is behind the Write tab");
    const panel = page.locator(`#${await preview.getAttribute("aria-controls")}`);
    assert.equal(await panel.getAttribute("role"), "tabpanel");
    assert.equal(await panel.getAttribute("aria-labelledby"), await preview.getAttribute("id"));
    await panel.locator("strong", { hasText: "bold" }).waitFor();
    const box = await panel.boundingBox();
    const tabBox = await preview.boundingBox();
    assert.ok(
      box && tabBox && box.y - (tabBox.y + tabBox.height) < 50,
      "the preview sits right under its tab",
    );
    await page.keyboard.press("ArrowRight");
    assert.equal(await write.getAttribute("aria-selected"), "true", "the arrows wrap around");
    assert.ok(await page.locator("#field-summary").isVisible());
    await page.keyboard.press("End");
    assert.equal(await preview.getAttribute("aria-selected"), "true");
    await page.keyboard.press("Home");
    assert.equal(await write.getAttribute("aria-selected"), "true");
    assert.equal(await overflow(page), 0);

    // A failed save's summary links to the field even from the Preview tab: the form comes back.
    await page.fill("#field-title", "");
    await Promise.all([page.waitForURL(/\/desk\/entries\/new$/), page.click("button[value=save]")]);
    await page.getByRole("tab", { name: "Preview" }).click();
    await page.locator(".notice.error a[href='#field-title']").click();
    assert.equal(await page.getByRole("tab", { name: "Write" }).getAttribute("aria-selected"), "true");
    assert.ok(await page.locator("#field-title").isVisible());
  });

  test("at 1280 px the preview stands beside the text, with no tabs", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${live.url}/desk/entries/new`);
    assert.ok(await page.locator(".desk-tabs").isHidden(), "no tabs when both fit");
    const form = await page.locator("#entry-form").boundingBox();
    const summary = await page.locator("#field-summary").boundingBox();
    const preview = await page.locator(".desk-preview").boundingBox();
    assert.ok(form && summary && preview);
    assert.ok(preview.x >= form.x + form.width, "the preview is to the right of the form");
    assert.ok(preview.y < summary.y + summary.height, "the preview starts above the summary's bottom");
    assert.equal(await page.locator(".desk-preview").getAttribute("role"), null, "no tab semantics left");
    // Narrowing the window turns them into tabs again, without a reload.
    await page.setViewportSize({ width: 700, height: 900 });
    await page.getByRole("tab", { name: "Write" }).waitFor();
    assert.ok(await page.locator(".desk-preview").isHidden());
    assert.deepEqual(problems, []);
  });

  // Last: it logs out (the cookies go), so the login form is what /desk/login shows.
  test("the login page fits a phone too", async () => {
    await page.context().clearCookies();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${live.url}/desk/login`);
    await page.locator("#password").waitFor();
    assert.equal(await overflow(page), 0, "the login page scrolls sideways");
  });
});
