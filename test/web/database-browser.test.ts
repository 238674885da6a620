import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { type Browser, launchChromium } from "../../scripts/lib/chromium.ts";
import { browserSkip, type LiveSite, startLiveSite } from "../helpers/browser.ts";
import { seedDatabase } from "./database-fixture.ts";

// database.js in a real browser, under the real CSP: the type-ahead combobox, moving through
// results with the keyboard, and the facets folding away on a phone.
describe("the database browser in Chromium (database.js)", { skip: browserSkip() }, () => {
  let live: LiveSite;
  let browser: Browser;
  let page: Page;
  let ids: Record<string, number>;
  const problems: string[] = [];

  before(async () => {
    live = await startLiveSite();
    ids = await seedDatabase(live.store);
    browser = await launchChromium();
    page = await browser.context.newPage();
    // A CSP violation or a script error shows up here.
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
  });
  after(async () => {
    await browser?.close();
    await live?.close();
  });

  test("typing offers titles in a listbox; the arrows choose one and Enter opens it", async () => {
    await page.goto(`${live.url}/database`);
    const box = page.locator("#db-q");
    assert.equal(await box.getAttribute("role"), "combobox");
    assert.equal(await box.getAttribute("aria-expanded"), "false");
    await box.click();
    await box.pressSequentially("fill");
    const listbox = page.locator("#db-suggestions[role=listbox]");
    await listbox.waitFor({ state: "visible" });
    const options = listbox.locator("[role=option]");
    assert.equal(await options.count(), 8);
    assert.equal(await box.getAttribute("aria-expanded"), "true");
    assert.equal(await box.getAttribute("aria-controls"), "db-suggestions");
    await box.press("ArrowDown");
    await box.press("ArrowDown");
    assert.equal(await box.getAttribute("aria-activedescendant"), "db-suggestion-1");
    assert.equal(await options.nth(1).getAttribute("aria-selected"), "true");
    assert.equal(await options.nth(0).getAttribute("aria-selected"), "false");
    assert.match((await options.nth(1).textContent()) ?? "", /^Filler paper \d+ on exploration/);
    await box.press("Escape");
    assert.equal(await listbox.isHidden(), true);
    assert.equal(await box.getAttribute("aria-expanded"), "false");

    await box.fill("");
    await box.pressSequentially("intrinsic dim");
    await listbox.locator("[role=option]").first().waitFor();
    // The title with the words first, then the entry whose summary has them.
    assert.equal(await listbox.locator("[role=option]").count(), 2);
    await box.press("ArrowDown");
    await Promise.all([page.waitForURL(`**/entries/${ids.intrinsic}`), box.press("Enter")]);
  });

  test("without a chosen suggestion, Enter submits the search form", async () => {
    await page.goto(`${live.url}/database`);
    const box = page.locator("#db-q");
    await box.click();
    await box.pressSequentially("intrinsic dimension");
    await page.locator("#db-suggestions [role=option]").first().waitFor();
    await Promise.all([page.waitForURL("**/database?q=intrinsic+dimension"), box.press("Enter")]);
    assert.equal(await page.locator("#db-results [data-result]").count(), 2);
  });

  test("j/k and the arrows move a visible selection through the results; Enter opens it", async () => {
    await page.goto(`${live.url}/database?q=attack+OR+agenda+OR+intrinsic&sort=oldest`);
    const results = page.locator("#db-results [data-result]");
    await page.keyboard.press("j");
    assert.equal(await results.nth(0).getAttribute("class"), "selected");
    await page.keyboard.press("j");
    await page.keyboard.press("ArrowDown");
    assert.equal(await results.nth(2).getAttribute("class"), "selected");
    assert.equal(await results.nth(0).getAttribute("class"), "");
    await page.keyboard.press("k");
    assert.equal(await results.nth(1).getAttribute("class"), "selected");
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("href"));
    assert.equal(focused, `/entries/${ids.overfit}`, "the selected result's link has the focus");
    await Promise.all([page.waitForURL(`**/entries/${ids.overfit}`), page.keyboard.press("Enter")]);
  });

  test('"/" focuses the search box; typing there does not move the selection', async () => {
    await page.goto(`${live.url}/database`);
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "db-q");
    await page.keyboard.type("jk");
    assert.equal(await page.locator("#db-q").inputValue(), "jk");
    assert.equal(await page.locator("#db-results .selected").count(), 0);
  });

  test("the facets fold on a phone and stay open on a wide screen", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${live.url}/database`);
    assert.equal(
      await page.locator("details.db-facets").evaluate((d) => (d as HTMLDetailsElement).open),
      false,
    );
    await page.locator("details.db-facets > summary").click();
    assert.equal(await page.locator(".facet").first().isVisible(), true);
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.equal(
      await page.locator("details.db-facets").evaluate((d) => (d as HTMLDetailsElement).open),
      true,
    );
    assert.deepEqual(problems, []);
  });
});
