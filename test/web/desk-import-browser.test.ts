import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { type Browser, launchChromium } from "../../scripts/lib/chromium.ts";
import { createUser } from "../../src/accounts/index.ts";
import { countEntries, readContentVersion } from "../../src/store/index.ts";
import { browserSkip, type LiveSite, startLiveSite } from "../helpers/browser.ts";
import { sheetCsv } from "../helpers/factories.ts";
import { tempDir } from "../helpers/temp.ts";
import { testPasswords } from "../helpers/web.ts";

const row = (title: string, email: string) => [
  "News",
  "",
  title,
  "Ada Lovelace",
  "arXiv",
  "2021",
  "",
  email,
  "Rohin",
  `The summary of ${title}.`,
  "",
  "",
  "",
];

// The editor's journey: upload a sheet, read the dry run (nothing written yet), confirm it.
describe("desk import in Chromium: upload, dry run, confirm", { skip: browserSkip() }, () => {
  let live: LiveSite;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const sheet = join(tempDir("summa-import-browser-"), "an-sheet.csv");

  before(async () => {
    writeFileSync(
      sheet,
      sheetCsv([
        row("Dry runs for imports", "AN #1"),
        row("Confirm before writing", "AN #2"),
        row("Dry runs for imports", "AN #1"),
      ]),
    );
    live = await startLiveSite();
    await createUser(
      live.store,
      { email: "rohin@example.org", name: "Rohin", role: "editor", password: "correct horse battery" },
      testPasswords,
    );
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    await page.goto(`${live.url}/desk/login?next=/desk/import`);
    await page.fill("#email", "rohin@example.org");
    await page.fill("#password", "correct horse battery");
    await Promise.all([page.waitForURL(/\/desk\/import$/), page.click("button[type=submit]")]);
  });
  after(async () => {
    await browser?.close();
    await live?.close();
  });

  test("the dry run lists what would happen; confirming imports it; the entries exist", async () => {
    const version = await readContentVersion(live.store.db);
    await page.setInputFiles("#import-file", sheet);
    await Promise.all([page.waitForURL(/\/desk\/import$/), page.click("text=Preview import")]);
    await page.getByRole("heading", { name: "Import: dry run" }).waitFor();
    const figures = (await page.locator(".desk-figures").textContent()) ?? "";
    assert.match(figures, /Would add\s*2/i);
    assert.match(figures, /Skipped\s*1/i);
    const cells = (n: number) =>
      page.locator(`#plan-added-rows tbody tr td:nth-child(${n})`).allTextContents();
    assert.deepEqual(await cells(1), ["2", "3"]);
    assert.deepEqual(await cells(2), ["Dry runs for imports", "Confirm before writing"]);
    assert.match(
      (await page.locator("#plan-skipped-rows").textContent()) ?? "",
      /same title and issue as row 2/,
    );
    assert.equal(await countEntries(live.store.db), 0, "nothing is written before the confirm");
    assert.equal(await readContentVersion(live.store.db), version);

    await Promise.all([
      page.waitForURL(/\/desk\/import\/confirm$/),
      page.getByRole("button", { name: "Import: add 2, change 0" }).click(),
    ]);
    await page.getByRole("heading", { name: /Imported an-sheet\.csv/ }).waitFor();
    assert.match((await page.locator(".desk-figures").textContent()) ?? "", /Added\s*2/i);
    assert.equal(await countEntries(live.store.db), 2);

    await page.goto(`${live.url}/desk/entries`);
    const list = (await page.locator("main").textContent()) ?? "";
    assert.match(list, /Dry runs for imports/);
    assert.match(list, /Confirm before writing/);
    assert.deepEqual(problems, []);
  });
});
