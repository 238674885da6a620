import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { type Browser, launchChromium } from "../../scripts/lib/chromium.ts";
import { createUser } from "../../src/accounts/index.ts";
import { getEntry } from "../../src/store/index.ts";
import { browserSkip, type LiveSite, startLiveSite } from "../helpers/browser.ts";
import { testPasswords } from "../helpers/web.ts";

// The review loop in real browsers, one per person (two profiles: two sessions at once).
describe("editorial review in Chromium: submit, request changes, conflicts, autosave", {
  skip: browserSkip(),
}, () => {
  let live: LiveSite;
  let richardBrowser: Browser;
  let rohinBrowser: Browser;
  let richard: Page;
  let rohin: Page;
  const problems: string[] = [];

  async function logIn(browser: Browser, email: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    await page.goto(`${live.url}/desk/login?next=/desk`);
    await page.fill("#email", email);
    await page.fill("#password", "correct horse battery");
    await Promise.all([page.waitForURL(/\/desk$/), page.click("form:not(.logout) button[type=submit]")]);
    return page;
  }

  /** A new entry written in Richard's browser; its id. */
  async function writeEntry(title: string): Promise<number> {
    await richard.goto(`${live.url}/desk/entries/new`);
    await richard.fill("#field-title", title);
    await richard.selectOption("#field-category", "Interpretability");
    await richard.fill("#field-summary", "They probe attention heads.");
    await Promise.all([richard.waitForURL(/\/edit\?saved=1$/), richard.click("button[value=save]")]);
    return Number(/\/desk\/entries\/(\d+)\/edit/.exec(richard.url())![1]);
  }

  before(async () => {
    live = await startLiveSite();
    for (const [name, role] of [
      ["Richard", "summarizer"],
      ["Rohin", "editor"],
    ] as const)
      await createUser(
        live.store,
        { email: `${name.toLowerCase()}@example.org`, name, role, password: "correct horse battery" },
        testPasswords,
      );
    [richardBrowser, rohinBrowser] = await Promise.all([launchChromium(), launchChromium()]);
    richard = await logIn(richardBrowser, "richard@example.org");
    rohin = await logIn(rohinBrowser, "rohin@example.org");
  });
  after(async () => {
    await richardBrowser?.close();
    await rohinBrowser?.close();
    await live?.close();
  });

  test("a summarizer submits, the editor requests changes with a comment, the summarizer reads it", async () => {
    const id = await writeEntry("Probing attention heads");
    await Promise.all([
      richard.waitForURL(/done=submit/),
      richard.getByRole("button", { name: "Submit for review" }).click(),
    ]);
    assert.equal(await richard.locator(".desk-review .badge").textContent(), "Submitted");

    await rohin.goto(`${live.url}/desk/entries?status=submitted`);
    await Promise.all([
      rohin.waitForURL(/\/edit$/),
      rohin.getByRole("link", { name: "Probing attention heads", exact: true }).click(),
    ]);
    await rohin.getByRole("button", { name: "Request changes" }).click();
    // Without a comment the request is refused, next to the comment box.
    await rohin.locator("#comment-error").waitFor();
    assert.equal(await rohin.locator("#comment-error").textContent(), "requesting changes needs a comment");
    await rohin.fill("#review-comment", "Please add your opinion.");
    await Promise.all([
      rohin.waitForURL(/done=request_changes/),
      rohin.getByRole("button", { name: "Request changes" }).click(),
    ]);
    assert.equal((await getEntry(live.store.db, id))?.status, "changes_requested");

    await richard.goto(`${live.url}/desk/entries/${id}/edit`);
    assert.equal(await richard.locator(".desk-review .badge").textContent(), "Changes requested");
    const comment = richard.locator("ol.comments li").first();
    assert.match((await comment.textContent()) ?? "", /Rohin requested changes/);
    assert.equal(await comment.locator(".comment-body").textContent(), "Please add your opinion.");
    assert.equal(await richard.getByRole("button", { name: "Submit for review" }).count(), 1);
  });

  test("two people edit one entry: the second save is refused and shows the first one's change", async () => {
    const id = await writeEntry("Contested entry");
    await rohin.goto(`${live.url}/desk/entries/${id}/edit`);
    // Both pages are open at the same version; Rohin saves first.
    await rohin.fill("#field-summary", "They probe attention heads in GPT-2.");
    await Promise.all([rohin.waitForURL(/saved=1$/), rohin.click("button[value=save]")]);
    await richard.fill("#field-opinion", "Richard's opinion, typed meanwhile.");
    const [response] = await Promise.all([
      richard.waitForResponse(
        (r) => r.request().method() === "POST" && r.url().endsWith(`/desk/entries/${id}/edit`),
      ),
      richard.click("button[value=save]"),
    ]);
    assert.equal(response.status(), 409);
    const conflict = richard.locator("#conflict");
    await conflict.waitFor();
    assert.match((await conflict.textContent()) ?? "", /Not saved: Rohin changed this entry/);
    const change = conflict.locator("tr[data-field=summary]");
    assert.equal(await change.locator("del").textContent(), "heads.");
    assert.equal(await change.locator("ins").textContent(), "heads in GPT-2.");
    assert.equal(await richard.inputValue("#field-opinion"), "Richard's opinion, typed meanwhile.");
    const stored = await getEntry(live.store.db, id);
    assert.equal(stored?.summary, "They probe attention heads in GPT-2.");
    assert.equal(stored?.opinion, "", "Richard's text did not overwrite anything");
  });

  test("a draft autosaves after typing stops, and leaving with unsaved changes asks first", async () => {
    const id = await writeEntry("Autosaved entry");
    const status = richard.locator("#autosave-status");
    assert.equal(await status.getAttribute("aria-live"), "polite");
    await richard.fill("#field-opinion", "Saved without a click.");
    await richard.waitForFunction(() =>
      /^Saved at \d\d:\d\d$/.test(document.getElementById("autosave-status")?.textContent ?? ""),
    );
    const stored = await getEntry(live.store.db, id);
    assert.equal(stored?.opinion, "Saved without a click.");
    assert.equal(await richard.inputValue("input[name=version]"), String(stored?.version));

    // A change not yet saved: closing the page runs beforeunload, which asks.
    await richard.locator("#field-opinion").pressSequentially(" More");
    const dialog = new Promise<string>((resolve) =>
      richard.once("dialog", async (d) => {
        resolve(d.type());
        await d.dismiss();
      }),
    );
    await richard.close({ runBeforeUnload: true });
    assert.equal(await dialog, "beforeunload");
    assert.equal(richard.isClosed(), false, "dismissing the warning keeps the page");
    assert.deepEqual(problems, []);
  });
});
