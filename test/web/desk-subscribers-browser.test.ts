import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import type { Page } from "playwright-core";
import type { Browser } from "../../scripts/lib/chromium.ts";
import { createUser } from "../../src/accounts/index.ts";
import { addSubscriber, EXPORT_COLUMNS } from "../../src/subscribers/index.ts";
import { browserSkip, type LiveSite, openDesk, startLiveSite } from "../helpers/browser.ts";
import { testPasswords } from "../helpers/web.ts";

const EMAIL = "admin@example.org";
const PASSWORD = "correct horse battery";

/** The addresses in the subscriber table as shown. */
async function listed(page: Page): Promise<string[]> {
  return page.locator("table.desk-subscribers tbody td:first-child a").allTextContents();
}

/** Clicks the link or button and returns the downloaded file's text and suggested name. */
async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, "utf8") };
}

// The subscriber list as an editor uses it, in a real browser against the real server:
// add someone, find them, filter, read their history, unsubscribe them, export the list.
describe("the subscriber list on the desk in Chromium", { skip: browserSkip() }, () => {
  let live: LiveSite;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  before(async () => {
    live = await startLiveSite();
    await createUser(
      live.store,
      { email: EMAIL, name: "Ada Administrator", role: "admin", password: PASSWORD },
      testPasswords,
    );
    // Others on the list, so search and filters have something to leave out.
    await addSubscriber(live.store, { email: "alan@example.org", name: "Alan Turing", edition: "full" });
    await addSubscriber(live.store, { email: "barbara@example.org", name: "Barbara", edition: "highlights" });
    await addSubscriber(live.store, { email: "gone@example.org", status: "unsubscribed" });
    ({ browser, page, problems } = await openDesk(
      live,
      { email: EMAIL, password: PASSWORD },
      { next: "/desk/subscribers" },
    ));
  });
  after(async () => {
    await browser?.close();
    await live?.close();
  });

  test("add, search, filter, history, unsubscribe, export", async () => {
    // Add: the form on the list page, consent ticked; it lands on their page.
    await page.fill("#add-email", "Grace.Hopper@Example.org");
    await page.fill("#add-name", "Grace Hopper");
    await page.selectOption("#add-edition", "highlights");
    await page.check("input[name=consent]");
    await Promise.all([
      page.waitForURL(/\/desk\/subscribers\/\d+\?done=added$/),
      page.getByRole("button", { name: "Add subscriber" }).click(),
    ]);
    assert.equal(await page.locator("p.notice[role=status]").textContent(), "Subscriber added.");
    assert.equal(await page.locator("h1").textContent(), "grace.hopper@example.org");
    const graceUrl = page.url().replace(/\?.*$/, "");

    // Search: the list narrows to her, and says so.
    await page.getByRole("link", { name: "← All subscribers" }).click();
    assert.deepEqual((await listed(page)).sort(), [
      "alan@example.org",
      "barbara@example.org",
      "gone@example.org",
      "grace.hopper@example.org",
    ]);
    await page.fill("#filter-q", "hopper");
    await Promise.all([page.waitForURL(/q=hopper/), page.getByRole("button", { name: "Filter" }).click()]);
    assert.deepEqual(await listed(page), ["grace.hopper@example.org"]);
    assert.equal(await page.locator("p.muted[role=status]").textContent(), "1–1 of 1 subscribers");

    // Filters: status and edition, with the search cleared.
    await page.fill("#filter-q", "");
    await page.selectOption("#filter-status", "active");
    await page.selectOption("#filter-edition", "highlights");
    await Promise.all([
      page.waitForURL(/status=active&edition=highlights/),
      page.getByRole("button", { name: "Filter" }).click(),
    ]);
    assert.deepEqual((await listed(page)).sort(), ["barbara@example.org", "grace.hopper@example.org"]);
    await page.selectOption("#filter-edition", "full");
    await Promise.all([
      page.waitForURL(/edition=full/),
      page.getByRole("button", { name: "Filter" }).click(),
    ]);
    assert.deepEqual(await listed(page), ["alan@example.org"]);

    // History: her page from the list, with how she came and what she chose.
    await page.selectOption("#filter-edition", "");
    await page.fill("#filter-q", "grace");
    await Promise.all([page.waitForURL(/q=grace/), page.getByRole("button", { name: "Filter" }).click()]);
    await Promise.all([
      page.waitForURL(graceUrl),
      page.getByRole("link", { name: "grace.hopper@example.org" }).click(),
    ]);
    const fact = (label: string) => page.locator(`dl.facts dt:text-is("${label}") + dd`).textContent();
    assert.equal(await fact("Name"), "Grace Hopper");
    assert.equal(await fact("Status"), "Active");
    assert.equal(await fact("Edition"), "Highlights only");
    assert.equal(await fact("Came from"), "desk");
    assert.match((await fact("Consent")) ?? "", /\d{4}-\d{2}-\d{2}/);
    assert.equal(await fact("Unsubscribed"), "—");

    // Unsubscribe: asks first (a dialog naming her), then says it happened and records it.
    const asked: string[] = [];
    page.once("dialog", (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await Promise.all([
      page.waitForURL(/\?done=unsubscribed$/),
      page.getByRole("button", { name: "Unsubscribe" }).click(),
    ]);
    assert.deepEqual(asked, ["Unsubscribe grace.hopper@example.org? They get no more issues."]);
    assert.equal(await page.locator("p.notice[role=status]").textContent(), "Unsubscribed.");
    assert.equal(await fact("Status"), "Unsubscribed");
    assert.match((await fact("Unsubscribed")) ?? "", /\d{4}-\d{2}-\d{2}/);
    assert.match((await page.locator("ul.desk-history li").last().textContent()) ?? "", /by operator$/);
    assert.equal(await page.getByRole("button", { name: "Unsubscribe" }).count(), 0, "nothing left to undo");

    // Export: the unsubscribed ones only, from the list filtered to them; then everyone.
    await page.goto(`${live.url}/desk/subscribers?status=unsubscribed`);
    assert.deepEqual((await listed(page)).sort(), ["gone@example.org", "grace.hopper@example.org"]);
    const gone = await download(page, () =>
      page.getByRole("link", { name: "Export CSV (unsubscribed)" }).click(),
    );
    assert.match(gone.name, /^subscribers-unsubscribed-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows: string[][] = parse(gone.text);
    assert.deepEqual(rows[0], [...EXPORT_COLUMNS]);
    const at = (name: string) => EXPORT_COLUMNS.indexOf(name as (typeof EXPORT_COLUMNS)[number]);
    const grace = rows.find((r) => r[at("Email Address")] === "grace.hopper@example.org");
    assert.ok(grace, "she is in the export");
    assert.equal(grace[at("Name")], "Grace Hopper");
    assert.equal(grace[at("Status")], "unsubscribed");
    assert.equal(grace[at("Edition")], "highlights");
    assert.deepEqual(
      rows
        .slice(1)
        .map((r) => r[at("Email Address")])
        .sort(),
      ["gone@example.org", "grace.hopper@example.org"],
    );

    await page.goto(`${live.url}/desk/subscribers`);
    const all = await download(page, () =>
      page.getByRole("link", { name: "Export CSV", exact: true }).click(),
    );
    assert.match(all.name, /^subscribers-all-/);
    assert.equal(parse(all.text).length, 1 + 4, "a header and the four subscribers");
    assert.deepEqual(problems, []);
  });
});
