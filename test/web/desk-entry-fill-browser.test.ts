import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { type Browser, launchChromium } from "../../scripts/lib/chromium.ts";
import { createUser } from "../../src/accounts/index.ts";
import { metadataClient } from "../../src/metadata/index.ts";
import { insertEntries, toEntryContent } from "../../src/store/index.ts";
import { browserSkip, type LiveSite, startLiveSite } from "../helpers/browser.ts";
import { entryFields } from "../helpers/factories.ts";
import { testPasswords } from "../helpers/web.ts";
import { ARXIV_FEED, type FakeCatalogue, fakeCatalogue } from "../metadata/fixtures.ts";

// entry-fill.js under the real CSP: Fill from URL without a page load, and the live duplicate warning.
describe("entry editor in Chromium: Fill from URL, Already in the database", { skip: browserSkip() }, () => {
  let live: LiveSite;
  let server: FakeCatalogue;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    server = await fakeCatalogue({
      "/api/query?id_list=2301.01234&max_results=1": { type: "application/atom+xml", body: ARXIV_FEED },
    });
    live = await startLiveSite({
      metadata: metadataClient({
        arxivApiUrl: `${server.url}/api/query`,
        allowPrivate: true,
        timeoutMs: 2000,
      }),
    });
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
            url: "https://example.org/reward",
            issueLabel: "AN #42",
            issueNumber: 42,
          }),
          2,
        ),
      ],
      new Date().toISOString(),
    );
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    await page.goto(`${live.url}/desk/login?next=/desk/entries/new`);
    await page.fill("#email", "richard@example.org");
    await page.fill("#password", "correct horse battery");
    await Promise.all([page.waitForURL(/\/desk\/entries\/new$/), page.click("button[type=submit]")]);
  });
  after(async () => {
    await browser?.close();
    await live?.close();
    await server?.close();
  });

  test("Fill from URL fills the empty fields in place and keeps what was typed", async () => {
    await page.fill("#field-url", "https://arxiv.org/abs/2301.01234v2");
    await page.fill("#field-venue", "ICML");
    await page.getByRole("button", { name: "Fill from URL" }).click();
    await page.locator("#entry-fill-status", { hasText: "Filled" }).waitFor();
    assert.equal(await page.inputValue("#field-title"), "Scalable Oversight of & Reward Models");
    assert.equal(await page.inputValue("#field-authors"), "Ada Lovelace, Alan Turing");
    assert.equal(await page.inputValue("#field-year"), "2023");
    assert.equal(await page.inputValue("#field-venue"), "ICML", "typed, so kept");
    assert.match(page.url(), /\/desk\/entries\/new$/, "no page load");
  });

  test("a title already in the database is named, with a link, when the field loses focus", async () => {
    await page.fill("#field-title", "Reward Uncertainty");
    await page.locator("#field-title").blur();
    const warning = page.locator("#entry-duplicates a");
    await warning.waitFor();
    assert.equal(await warning.textContent(), "Already in the database: Reward uncertainty (AN #42)");
    assert.match((await warning.getAttribute("href")) ?? "", /^\/desk\/entries\/\d+\/edit$/);
    assert.deepEqual(problems, []);
  });
});
