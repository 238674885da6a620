import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { type Browser, launchChromium } from "../../scripts/lib/chromium.ts";
import { createUser } from "../../src/accounts/index.ts";
import { insertEntries, toEntryContent } from "../../src/store/index.ts";
import { browserSkip, type LiveSite, startLiveSite } from "../helpers/browser.ts";
import { entryFields } from "../helpers/factories.ts";
import { testPasswords } from "../helpers/web.ts";

// desk.js in a real browser, under the real CSP: the `<@` listbox and the live preview.
describe("desk entry editor in Chromium (desk.js)", { skip: browserSkip() }, () => {
  let live: LiveSite;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    live = await startLiveSite();
    await createUser(
      live.store,
      {
        email: "richard@example.org",
        name: "Richard",
        role: "summarizer",
        password: "correct horse battery",
      },
      testPasswords,
    );
    await insertEntries(
      live.store.db,
      [
        toEntryContent(
          entryFields({
            title: "Reward uncertainty",
            url: "https://example.org/reward-uncertainty",
            issueLabel: "AN #42",
            issueNumber: 42,
            issueUrl: "https://example.org/an-42",
          }),
          2,
        ),
        toEntryContent(
          entryFields({ title: "Reward modelling agenda", issueLabel: "AN #34", issueNumber: 34 }),
          3,
        ),
      ],
      new Date().toISOString(),
    );
    browser = await launchChromium();
    page = await browser.context.newPage();
    // A CSP violation or a script error shows up here (an inline style or script would).
    page.on("console", (m) => {
      // Failed loads are checked by status below; Chromium's own /favicon.ico request is not ours.
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    page.on("response", (r) => {
      if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${live.url}/desk/login?next=/desk/entries/new`);
    await page.fill("#email", "richard@example.org");
    await page.fill("#password", "correct horse battery");
    await Promise.all([page.waitForURL(/\/desk\/entries\/new$/), page.click("button[type=submit]")]);
  });
  after(async () => {
    await browser?.close();
    await live?.close();
  });

  test("typing <@ offers titles in a listbox; arrows and Enter insert <@Exact Title@>", async () => {
    const summary = page.locator("#field-summary");
    await summary.click();
    await summary.pressSequentially("Builds on <@rew");
    const listbox = page.locator("[role=listbox]").first();
    await listbox.waitFor({ state: "visible" });
    const options = listbox.locator("[role=option]");
    assert.equal(await options.count(), 2);
    assert.equal(await options.nth(0).getAttribute("aria-selected"), "true");
    assert.equal(
      await summary.getAttribute("aria-activedescendant"),
      await options.nth(0).getAttribute("id"),
    );
    assert.equal(await summary.getAttribute("aria-controls"), await listbox.getAttribute("id"));
    assert.equal(await options.nth(1).textContent(), "Reward uncertainty (AN #42)");
    await summary.press("ArrowUp");
    assert.equal(await options.nth(1).getAttribute("aria-selected"), "true", "the arrows wrap around");
    await summary.press("ArrowDown");
    await summary.press("ArrowDown");
    assert.equal(await options.nth(1).getAttribute("aria-selected"), "true");
    assert.equal(await options.nth(0).getAttribute("aria-selected"), "false");
    await summary.press("Enter");
    assert.equal(await summary.inputValue(), "Builds on <@Reward uncertainty@>");
    assert.equal(await listbox.isHidden(), true);
    // Escape closes the list without inserting anything.
    await summary.pressSequentially(" and <@rew");
    await listbox.waitFor({ state: "visible" });
    await summary.press("Escape");
    assert.equal(await listbox.isHidden(), true);
    assert.equal(await summary.inputValue(), "Builds on <@Reward uncertainty@> and <@rew");
  });

  test("the preview follows the typing, with the cross-reference resolved to (AN #42)", async () => {
    const summary = page.locator("#field-summary");
    await summary.fill("A **bold** claim about <@Reward uncertainty@>.");
    const preview = page.locator("#entry-preview");
    await preview.locator("strong", { hasText: "bold" }).waitFor();
    const link = preview.locator('a[href="https://example.org/an-42"]');
    await link.waitFor();
    assert.equal(await link.textContent(), "AN #42");
    assert.deepEqual(problems, []);
  });
});
