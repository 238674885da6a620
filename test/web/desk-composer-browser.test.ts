import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { simpleParser } from "mailparser";
import type { Page } from "playwright-core";
import { type Browser, launchChromium } from "../../scripts/lib/chromium.ts";
import { createUser } from "../../src/accounts/index.ts";
import { openTransport } from "../../src/delivery/index.ts";
import { entriesInLayoutOrder } from "../../src/issues/index.ts";
import type { MailTransport } from "../../src/mail/index.ts";
import { getIssue } from "../../src/store/index.ts";
import { configureNewsletter, type SmtpSink, startSmtpSink, waitFor } from "../delivery/helpers.ts";
import { browserSkip, type LiveSite, startLiveSite } from "../helpers/browser.ts";
import { readyEntry } from "../helpers/compose.ts";
import { testPasswords } from "../helpers/web.ts";

// The editor's loop in a real browser, under the real CSP: compose an issue, reorder it by
// keyboard and by drag (composer.js, saved with fetch, no reload), send a test copy to a real
// SMTP server before publishing, then publish.
describe("desk composer in Chromium (composer.js)", { skip: browserSkip() }, () => {
  let sink: SmtpSink;
  let transport: MailTransport;
  let live: LiveSite;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const titles = ["Alpha: reward models", "Beta: debate", "Gamma: interpretability"];
  const ids: number[] = [];
  let n = 0;

  before(async () => {
    sink = await startSmtpSink();
    transport = openTransport(sink.url, { connections: 1 });
    live = await startLiveSite({ mail: transport });
    // Links and the CSRF origin check follow the site's own address: the live server's.
    await configureNewsletter(live.store, live.url);
    await createUser(
      live.store,
      { email: "rohin@example.org", name: "Rohin", role: "editor", password: "correct horse battery" },
      testPasswords,
    );
    for (const title of titles)
      ids.push((await readyEntry(live.store, { title, summary: `What ${title} found.` })).id);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    page.on("response", (r) => {
      if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${live.url}/desk/login?next=/desk/issues`);
    await page.fill("#email", "rohin@example.org");
    await page.fill("#password", "correct horse battery");
    await Promise.all([page.waitForURL(/\/desk\/issues$/), page.click("button[type=submit]")]);
  });
  after(async () => {
    await browser?.close();
    await live?.close();
    transport?.close();
    await sink?.close();
  });

  const order = async () => (await entriesInLayoutOrder(live.store, n)).map((e) => e.id);
  const live_ = () => page.locator("#composer-live");
  const item = (i: number) => page.locator(`li[data-entry="${ids[i]}"]`);

  test("an editor starts an issue and adds entries; the composer shows their text", async () => {
    await Promise.all([page.waitForURL(/\/desk\/issues\/\d+\?done=created/), page.click("text=New issue")]);
    n = Number(/\/desk\/issues\/(\d+)/.exec(page.url())![1]);
    for (const title of titles)
      await Promise.all([
        page.waitForURL(/done=added/),
        page.locator(`button[title="Add “${title}”"]`).click(),
      ]);
    assert.deepEqual(await order(), ids);
    // The issue as it reads: each summary rendered under the subsection heading.
    await page.locator(".composer-category-heading", { hasText: "Learning human intent" }).waitFor();
    for (const title of titles)
      assert.match(await item(titles.indexOf(title)).innerText(), new RegExp(`What ${title} found\\.`));

    // Usable on a phone: nothing wider than a 375 px screen.
    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the composer is ${overflow} px wider than a 375 px screen`);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test("keyboard: Move down saves with fetch, keeps focus on the entry and announces it", async () => {
    // Marks this page load: a reload would lose it.
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 1;
    });
    await item(0).locator("form[data-move=down] button").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.getElementById("composer-live")?.textContent?.startsWith("Moved"),
      null,
      { timeout: 5000 },
    );
    assert.equal(await live_().textContent(), `Moved “${titles[0]}” to position 2 of 3`);
    assert.deepEqual(await order(), [ids[1], ids[0], ids[2]]);
    const focused = await page.evaluate(() => document.activeElement?.closest("li")?.dataset.entry);
    assert.equal(focused, String(ids[0]), "focus stays on the moved entry");
    assert.equal(
      await page.evaluate(() => (window as unknown as { marker?: number }).marker),
      1,
      "no reload",
    );
    // The buttons follow the new place: Beta is first (no Move up), Gamma last (no Move down).
    assert.equal(await item(1).locator("form[data-move=up] button").isDisabled(), true);
    assert.equal(await item(0).locator("form[data-move=up] button").isDisabled(), false);
    assert.equal(await item(2).locator("form[data-move=down] button").isDisabled(), true);
  });

  test("drag and drop: Gamma dragged to the top is saved without a reload", async () => {
    await item(2).dragTo(item(1), {
      sourcePosition: { x: 8, y: 8 },
      targetPosition: { x: 8, y: 4 },
    });
    await page.waitForFunction(
      (title) =>
        document.getElementById("composer-live")?.textContent === `Moved “${title}” to position 1 of 3`,
      titles[2],
      { timeout: 5000 },
    );
    await waitFor(async () => (await order())[0] === ids[2]);
    assert.deepEqual(await order(), [ids[2], ids[1], ids[0]]);
    const shown = await page
      .locator("li[data-entry]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-entry")));
    assert.deepEqual(shown, [ids[2], ids[1], ids[0]].map(String), "the page shows the saved order");
    assert.equal(
      await page.evaluate(() => (window as unknown as { marker?: number }).marker),
      1,
      "no reload",
    );
  });

  test("a test copy goes to the SMTP server before publishing, in the new order; then the issue is published", async () => {
    assert.equal((await getIssue(live.store.db, n))?.status, "draft");
    await page.fill("#send-test-to", "rohin@example.org");
    await Promise.all([page.waitForURL(/\/send\?done=tested/), page.click("button:has-text('Send test')")]);
    await waitFor(async () => sink.messages.length === 1);
    const mail = await simpleParser(sink.messages[0]!.raw);
    assert.equal(sink.messages[0]!.to, "rohin@example.org");
    const text = mail.text ?? "";
    const at = titles.map((t) => text.indexOf(t));
    assert.ok(
      at.every((i) => i >= 0),
      "every entry is in the test copy",
    );
    assert.ok(at[2]! < at[1]! && at[1]! < at[0]!, "in the order the editor set: Gamma, Beta, Alpha");
    assert.equal((await getIssue(live.store.db, n))?.status, "draft", "a test copy publishes nothing");

    await page.goto(`${live.url}/desk/issues/${n}/publish`);
    await Promise.all([page.waitForURL(/done=published/), page.click(`button:has-text('Publish AN #${n}')`)]);
    assert.equal((await getIssue(live.store.db, n))?.status, "published");
    assert.deepEqual(problems, []);
  });
});
