import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "../../scripts/lib/chromium.ts";
import { findEntry } from "../../src/entries/index.ts";
import { addCandidates, getInboxItem } from "../../src/inbox/index.ts";
import { browserSkip, type LiveSite, openDesk, startLiveSite } from "../helpers/browser.ts";
import { addInboxStaff, incoming, STAFF_PASSWORD, seedEntries } from "../inbox/fixture.ts";

// The editor triages by keyboard in Chromium: j/k move, p picks the focused candidate into a
// draft for the summarizer chosen in its row, who then finds it in "My queue".
describe("inbox triage by keyboard in Chromium", { skip: browserSkip() }, () => {
  let live: LiveSite;
  const browsers: Browser[] = [];
  let ids: number[];
  let richardId: number;
  before(async () => {
    live = await startLiveSite();
    await seedEntries(live.store);
    richardId = await addInboxStaff(live.store);
    const now = new Date().toISOString();
    ({ ids } = await addCandidates(
      live.store,
      [
        incoming({
          title: "First candidate about reward learning",
          url: "https://arxiv.org/abs/2101.00001",
          hatTip: "Ada",
        }),
        incoming({
          title: "Second candidate about interpretability",
          url: "https://arxiv.org/abs/2101.00002",
          hatTip: "Bea",
        }),
        incoming({ title: "Third candidate", url: "https://arxiv.org/abs/2101.00003" }),
      ],
      { source: "arxiv", now },
    ));
  });
  /** The editor's desk inbox in a browser of its own, closed after the suite. */
  const openInboxAsEditor = async () => {
    const rohin = await openDesk(
      live,
      { email: "rohin@example.org", password: STAFF_PASSWORD },
      { next: "/desk/inbox" },
    );
    browsers.push(rohin.browser);
    return rohin;
  };
  after(async () => {
    for (const b of browsers) await b.close();
    await live?.close();
  });

  test("j/k move a visible focus, p picks the focused one for Richard, who sees it in My queue", async () => {
    const rohin = await openInboxAsEditor();
    const page = rohin.page;
    const rows = page.locator(".inbox-row");
    assert.equal(await rows.count(), 3);
    const order = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-id"))));

    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await page.keyboard.press("j");
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-id"));
    assert.equal(Number(focused), order[1], "j, j, k, j: the second row");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.equal(outline, "solid", "the focused row is outlined");

    // The row's summarizer is chosen in its own select; the keys do not act while a select has focus.
    const target = order[1]!;
    await page.selectOption(`#summarizer-${target}`, String(richardId));
    await page.focus(`#summarizer-${target}`);
    await page.keyboard.press("p");
    assert.equal(await page.locator(`#candidate-${target}`).count(), 1, "p in a select does nothing");
    await page.locator(`#candidate-${target}`).focus();
    await page.keyboard.press("p");
    await page.locator(`#candidate-${target}`).waitFor({ state: "detached" });
    const said = await page.locator("#inbox-status").textContent();
    assert.match(said ?? "", /^Picked “.+” as draft entry #\d+ in .+ for Richard$/);
    const nextFocused = await page.evaluate(() => document.activeElement?.getAttribute("data-id"));
    assert.equal(Number(nextFocused), order[2], "the next row takes the focus");

    const item = await getInboxItem(live.store, target);
    assert.equal(item.status, "picked");
    const entry = await findEntry(live.store, item.entryId!);
    assert.equal(entry?.status, "draft");
    assert.equal(entry?.createdBy, richardId);
    assert.ok(entry?.hatTip === "Ada" || entry?.hatTip === "Bea");

    // d dismisses the row now focused.
    await page.keyboard.press("d");
    await page.locator(`#candidate-${order[2]}`).waitFor({ state: "detached" });
    assert.equal((await getInboxItem(live.store, order[2]!)).status, "dismissed");
    assert.deepEqual(rohin.problems, []);

    const richard = await openDesk(live, { email: "richard@example.org", password: STAFF_PASSWORD });
    browsers.push(richard.browser);
    const queue = richard.page.locator(".desk-queue li");
    assert.equal(await queue.count(), 1);
    assert.equal(await queue.locator("a").textContent(), entry?.title);
    assert.ok(ids.includes(target));
  });

  test("a link to a possible duplicate focuses its row, on this page or on one showing it alone", async () => {
    const now = new Date().toISOString();
    const [coherence] = (
      await addCandidates(
        live.store,
        [incoming({ title: "Coherence arguments do not imply goal-directed behavior" })],
        {
          source: "af",
          now,
        },
      )
    ).ids as [number];
    const [comment] = (
      await addCandidates(
        live.store,
        [incoming({ title: "Comment on Coherence arguments do not imply goal directed behavior" })],
        { source: "lw", now },
      )
    ).ids as [number];
    const rohin = await openInboxAsEditor();
    const page = rohin.page;
    const focusedId = () => page.evaluate(() => Number(document.activeElement?.getAttribute("data-id")));

    // Both rows here: the link goes to the first copy's row, which takes the focus.
    await page.getByRole("link", { name: `candidate #${coherence} “Coherence arguments` }).click();
    await page.waitForFunction((id) => document.activeElement?.id === `candidate-${id}`, coherence);
    assert.equal(new URL(page.url()).hash, `#candidate-${coherence}`);
    const order = await page
      .locator(".inbox-row")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-id"))));
    await page.keyboard.press("j");
    const at = order.indexOf(coherence);
    assert.equal(
      await focusedId(),
      order[Math.min(at + 1, order.length - 1)],
      "j goes on from the linked row",
    );

    // Only af's candidates: the copy is not on the page; its link shows it alone, focused.
    await page.goto(`${live.url}/desk/inbox?source=af`);
    assert.equal(await page.locator(`#candidate-${comment}`).count(), 0);
    await page.getByRole("link", { name: `candidate #${comment}`, exact: true }).click();
    await page.waitForFunction((id) => document.activeElement?.id === `candidate-${id}`, comment);
    assert.equal(await page.locator(".inbox-row").count(), 1);
    assert.deepEqual(rohin.problems, []);
  });
});
