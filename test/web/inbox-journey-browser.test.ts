import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { type Browser, launchChromium } from "../../scripts/lib/chromium.ts";
import { findEntry } from "../../src/entries/index.ts";
import { addSource } from "../../src/inbox/fetching/index.ts";
import { addCandidates, fetchIntoInbox, getInboxItem, trainInbox } from "../../src/inbox/index.ts";
import { listAuthorReviews } from "../../src/store/index.ts";
import { browserSkip, type LiveSite, openDesk, startLiveSite } from "../helpers/browser.ts";
import { type SourceServer, sourceServer } from "../inbox/fetching/source-server.ts";
import { addInboxStaff, incoming, STAFF_PASSWORD, seedEntries } from "../inbox/fixture.ts";
import { type ArxivEntry, arxivFeed } from "../inbox/sources/fixtures.ts";

// The whole road from "what's new" to an issue, in Chromium at a desktop width, on SQLite: an
// arXiv query read from an arXiv-shaped server on 127.0.0.1 into the inbox, ranked by a model
// trained on the editor's history, picked for a summarizer with the suggested category, written,
// shown to an author through a review link, marked ready and put into an issue. One of the
// papers carries markup in its title and abstract, and it is the one that travels: it must stay
// text on every page it reaches. The pages' CSP would stop an injected script from running, so
// the check is that no element was made from it (and no dialog opened), not only the latter.

const XSS_TITLE = "Debate <img src=x onerror=alert(1)> for scalable oversight";
const XSS_ABSTRACT = "Two agents argue and a judge decides. <script>alert(2)</script> Judges learn.";

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** What the arXiv API answers for the saved query: Atom, newest first, written by hand. */
const PAPERS: ArxivEntry[] = [
  {
    id: "2402.00011",
    title: "Inferring preferences from the state of the world, revisited",
    summary: "We infer human preferences and reward from the state of the environment.",
    authors: ["Rohin Shah", "Anca Dragan"],
    published: "2024-02-03T18:00:00Z",
    primary: "cs.AI",
  },
  {
    id: "2402.00012",
    title: xml(XSS_TITLE),
    summary: xml(XSS_ABSTRACT),
    authors: ["Mallory Payload"],
    published: "2024-02-02T18:00:00Z",
    primary: "cs.AI",
  },
  {
    id: "2402.00013",
    title: "A catalogue of benchmark datasets",
    summary: "Datasets, listed.",
    authors: ["Joe Nobody"],
    published: "2024-02-01T18:00:00Z",
    primary: "cs.LG",
  },
];

/** Fails on anything a payload could have made on this page; `dialogs` is filled by the listener. */
async function assertInert(page: Page, dialogs: string[], where: string): Promise<void> {
  const made = await page.evaluate(
    () =>
      document.querySelectorAll('img[src="x"], img[onerror], body script:not([src])').length +
      [...document.scripts].filter((s) => s.textContent?.includes("alert(")).length,
  );
  assert.equal(made, 0, `${where}: no element was made from the payload`);
  assert.deepEqual(dialogs, [], `${where}: no dialog opened`);
}

/** Records every dialog a page opens (and dismisses it). */
function watchDialogs(page: Page, dialogs: string[]): void {
  page.on("dialog", async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
}

describe("inbox journey in Chromium: arXiv → inbox → summarizer → author review → issue", {
  skip: browserSkip(),
}, () => {
  let live: LiveSite;
  let arxiv: SourceServer;
  const browsers: Browser[] = [];
  const dialogs: string[] = [];
  let richardId: number;

  before(async () => {
    live = await startLiveSite();
    await seedEntries(live.store);
    richardId = await addInboxStaff(live.store);
    // The editor's history: the papers that became entries count as picked, the rest as passed over.
    const now = new Date().toISOString();
    await addCandidates(
      live.store,
      [
        incoming({
          title: "Preferences implicit in the state of the world",
          url: "https://arxiv.org/abs/1902.04000v2",
          authors: ["Rohin Shah", "Anca Dragan"],
          venue: "arXiv",
          published: "2019-02-01",
        }),
        incoming({
          title: "On the feasibility of learning biases",
          url: "https://arxiv.org/abs/1902.04001",
          authors: ["Rohin Shah", "Anca Dragan"],
          venue: "arXiv",
          published: "2019-02-02",
        }),
        ...["An uninteresting paper", "Another uninteresting paper", "Benchmarks of everything"].map(
          (title, i) =>
            incoming({
              title,
              authors: ["Joe Nobody"],
              venue: "Obscure Journal",
              published: `2019-03-0${i + 1}`,
            }),
        ),
      ],
      { source: "zotero", history: true, now },
    );
    const trained = await trainInbox(live.store, now);
    assert.ok(trained.ranked, "the history trains a ranker");

    arxiv = await sourceServer();
    arxiv.route("/api/query", {
      headers: { "content-type": "application/atom+xml; charset=utf-8" },
      body: arxivFeed(PAPERS, PAPERS.length, 0),
    });
    await addSource(live.store, {
      name: "arxiv-alignment",
      kind: "arxiv-query",
      config: { query: "cat:cs.AI AND abs:alignment", endpoint: `${arxiv.url}/api/query` },
    });
    const [report] = await fetchIntoInbox(live.store, { polite: { allowPrivate: true } });
    assert.equal(report?.error, undefined, report?.error?.message);
    assert.equal(report?.added, PAPERS.length);
    assert.equal(arxiv.seen.length, 1);
  });
  after(async () => {
    for (const b of browsers) await b.close();
    await arxiv?.close();
    await live?.close();
  });

  test("ranked with reasons and a category, picked, written, reviewed by its author, ready, in an issue", async () => {
    // --- The editor's inbox: ranked, explained, a category suggested; the markup is text. ---
    const rohin = await openDesk(live, { email: "rohin@example.org", password: STAFF_PASSWORD });
    browsers.push(rohin.browser);
    const desk = rohin.page;
    watchDialogs(desk, dialogs);
    await desk.goto(`${live.url}/desk/inbox`);
    const rows = desk.locator(".inbox-row");
    assert.equal(await rows.count(), PAPERS.length, "the fetched papers, and not the history");
    const shown = await rows.evaluateAll((els) =>
      els.map((el) => ({
        id: Number(el.getAttribute("data-id")),
        title: el.querySelector(".inbox-title")?.textContent ?? "",
        score: el.querySelector(".inbox-score strong")?.textContent ?? "",
        why: el.querySelector(".inbox-score .muted")?.textContent ?? "",
        suggestions: [...el.querySelectorAll(".inbox-suggestions button")].map((b) => b.textContent ?? ""),
      })),
    );
    const scores = shown.map((r) => Number(/^(\d+)%$/.exec(r.score)?.[1]));
    assert.ok(
      scores.every((s) => Number.isFinite(s)),
      `every candidate is scored: ${shown.map((r) => r.score)}`,
    );
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
      "best score first",
    );
    assert.equal(shown[0]?.title, PAPERS[0]!.title, "the paper by an author picked before ranks first");
    assert.ok(scores[0]! > scores[2]!, "and above the unknown author's");
    for (const row of shown) {
      assert.match(row.why, /^ — .+: [+-]\d/, `"${row.title}" says what contributed to its score`);
      assert.ok(row.suggestions.length > 0, `"${row.title}" has a category suggestion`);
      assert.match(row.suggestions[0]!, /^.+ \(\d+%\)$/);
    }
    const target = shown.find((r) => r.title === XSS_TITLE);
    assert.ok(target, "the title with markup is shown as its text");
    const targetRow = desk.locator(`#candidate-${target.id}`);
    await targetRow.locator("details summary").click();
    assert.equal(await targetRow.locator("details p").textContent(), XSS_ABSTRACT);
    await assertInert(desk, dialogs, "the inbox");

    // --- The editor picks it for Richard, with the suggested category (one click). ---
    const suggested = target.suggestions[0]!.replace(/ \(\d+%\)$/, "");
    await desk.selectOption(`#summarizer-${target.id}`, String(richardId));
    await Promise.all([
      desk.waitForURL(/done=picked/),
      targetRow.locator(".inbox-suggestions button").first().click(),
    ]);
    const notice = (await desk.locator("#inbox-status").textContent()) ?? "";
    const entryId = Number(/^Picked: draft entry #(\d+)\.$/.exec(notice)?.[1]);
    assert.ok(entryId > 0, `the desk says which entry: ${notice}`);
    assert.equal(await desk.locator(`#candidate-${target.id}`).count(), 0, "it left the new candidates");
    assert.equal((await getInboxItem(live.store, target.id)).status, "picked");
    const drafted = await findEntry(live.store, entryId);
    assert.equal(drafted?.title, XSS_TITLE);
    assert.equal(drafted?.category, suggested);
    assert.equal(drafted?.status, "draft");
    assert.deepEqual(drafted?.summarizers, ["Richard"]);
    assert.match(drafted?.url ?? "", /arxiv\.org\/abs\/2402\.00012/);

    // The picked list links the entry it became (its desk address leads to its editor).
    await desk.goto(`${live.url}/desk/inbox?status=picked`);
    await Promise.all([
      desk.waitForURL(new RegExp(`/desk/entries/${entryId}/edit$`)),
      desk.locator(`#candidate-${target.id} a[href="/desk/entries/${entryId}"]`).click(),
    ]);
    await assertInert(desk, dialogs, "the picked list and the draft");

    // --- Richard finds it in My queue, writes the summary and opinion, submits. ---
    const richard = await openDesk(live, { email: "richard@example.org", password: STAFF_PASSWORD });
    browsers.push(richard.browser);
    const writer = richard.page;
    watchDialogs(writer, dialogs);
    await writer.goto(`${live.url}/desk`);
    const queued = writer.locator(".desk-queue li a");
    assert.equal(await queued.count(), 1);
    assert.equal(await queued.textContent(), XSS_TITLE);
    await assertInert(writer, dialogs, "My queue");
    await Promise.all([writer.waitForURL(new RegExp(`/desk/entries/${entryId}/edit$`)), queued.click()]);
    assert.equal(await writer.inputValue("#field-title"), XSS_TITLE);
    assert.equal(await writer.inputValue("#field-category"), suggested);
    await writer.fill(
      "#field-summary",
      "Two AI systems **debate** a question and a human judge picks the winner.",
    );
    await writer.fill("#field-opinion", "Debate is a promising route to scalable oversight.");
    await Promise.all([writer.waitForURL(/\/edit\?saved=1$/), writer.click("button[value=save]")]);
    await Promise.all([
      writer.waitForURL(/done=submit/),
      writer.getByRole("button", { name: "Submit for review" }).click(),
    ]);
    assert.equal(await writer.locator(".desk-review .badge").textContent(), "Submitted");
    await assertInert(writer, dialogs, "the summarizer's entry page");

    // --- The editor asks the author for a review from the entry's panel. ---
    await desk.goto(`${live.url}/desk/entries/${entryId}/edit`);
    await desk.fill("#author-name", "Mallory Payload");
    await Promise.all([
      desk.waitForURL(new RegExp(`/desk/entries/${entryId}/author-reviews$`)),
      desk.getByRole("button", { name: "Ask for a review" }).click(),
    ]);
    const linkNotice = (await desk.locator("p.notice.ok", { hasText: "Review link" }).textContent()) ?? "";
    const link = /: (http:\/\/127\.0\.0\.1:\d+\/review\/[A-Za-z0-9_-]+)\./.exec(linkNotice)?.[1];
    assert.ok(link, `the desk shows the link once: ${linkNotice}`);
    assert.match((await desk.locator("#author-review .badge").textContent()) ?? "", /^Requested/);
    await assertInert(desk, dialogs, "the editor's entry page");

    // --- The author opens the link, with no account, and comments. ---
    const authorBrowser = await launchChromium();
    browsers.push(authorBrowser);
    const author = await authorBrowser.context.newPage();
    watchDialogs(author, dialogs);
    await author.goto(link);
    assert.equal(await author.locator("h1").textContent(), `The planned summary of “${XSS_TITLE}”`);
    const planned = author.locator(".planned-summary");
    assert.equal(
      await planned.locator("strong", { hasText: "debate" }).count(),
      1,
      "rendered as the issue renders it",
    );
    assert.match((await planned.textContent()) ?? "", /Debate is a promising route to scalable oversight\./);
    await assertInert(author, dialogs, "the author's review page");
    const comment = "Please say the judge is a human <b>expert</b>.";
    await author.fill("#comment", comment);
    await Promise.all([
      author.waitForURL(/\/review\/[A-Za-z0-9_-]+\?saved=1$/),
      author.getByRole("button", { name: "Send comments" }).click(),
    ]);
    assert.match(
      (await author.locator("p.notice.ok").textContent()) ?? "",
      /^Thank you: your answer was sent/,
    );
    const [review] = await listAuthorReviews(live.store.db, entryId);
    assert.equal(review?.state, "commented");

    // --- The editor sees the comment, marks the entry ready. ---
    await desk.goto(`${live.url}/desk/entries/${entryId}/edit`);
    assert.equal(await desk.locator("#author-review .badge").textContent(), "Commented");
    assert.equal(await desk.locator("#author-review .author-comment").textContent(), comment);
    assert.equal(await desk.locator("#author-review b").count(), 0, "the comment's markup is text");
    await Promise.all([
      desk.waitForURL(/done=mark_ready/),
      desk.getByRole("button", { name: "Mark ready" }).click(),
    ]);
    assert.equal((await findEntry(live.store, entryId))?.status, "ready");

    // --- Into a new issue from the composer; the preview shows it. ---
    await desk.goto(`${live.url}/desk/issues`);
    await Promise.all([desk.waitForURL(/\/desk\/issues\/\d+\?done=created/), desk.click("text=New issue")]);
    const issue = Number(/\/desk\/issues\/(\d+)/.exec(desk.url())![1]);
    await Promise.all([
      desk.waitForURL(/done=added/),
      desk.locator(`button[title="Add “${XSS_TITLE}”"]`).click(),
    ]);
    const inIssue = desk.locator(`li[data-entry="${entryId}"]`);
    assert.match((await inIssue.textContent()) ?? "", /a human judge picks the winner/);
    assert.equal(
      await inIssue.locator(".badge.author-review-commented").textContent(),
      "author review: commented",
      "the composer shows the author review's state",
    );
    assert.equal((await findEntry(live.store, entryId))?.status, "in_issue");
    await assertInert(desk, dialogs, "the composer");

    await desk.goto(`${live.url}/desk/issues/${issue}/preview`);
    const text = (await desk.locator(".preview-text").textContent()) ?? "";
    assert.ok(text.includes(XSS_TITLE), "the text version names it as written");
    assert.match(text, /a human judge picks the winner/);
    assert.ok((await desk.inputValue("#preview-markdown")).includes("a human judge picks the winner"));
    const html = desk.locator(".preview-html");
    assert.ok(
      ((await html.textContent()) ?? "").includes(XSS_TITLE),
      "the archive HTML shows the title as text",
    );
    assert.equal(await html.locator("strong", { hasText: "debate" }).count(), 1);
    await assertInert(desk, dialogs, "the issue preview");

    assert.deepEqual(rohin.problems, [], "no script or CSP errors on the editor's pages");
    assert.deepEqual(richard.problems, [], "no script or CSP errors on the summarizer's pages");
  });
});
