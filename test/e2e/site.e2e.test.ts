import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Locator, Page } from "playwright-core";
import { type Browser, launchChromium } from "../../scripts/lib/chromium.ts";
import { createUser } from "../../src/accounts/index.ts";
import { browserSkip, type LiveSite, startLiveSite } from "../helpers/browser.ts";
import { importRecords, type RecordRow } from "../helpers/import.ts";
import { testPasswords } from "../helpers/web.ts";

// The whole site in real Chromium, under the real CSP, against the real server: a reader
// searches, looks a paper up and reads issues; the editor logs in, writes an entry with a
// cross-reference, composes and publishes an issue, and logs out. Data goes in through the
// importer, as an editor's sheet would.

/** The columns this sheet fills (the rest of Summa's CSV columns stay blank). */
type Cols =
  | "category"
  | "highlight"
  | "title"
  | "url"
  | "authors"
  | "venue"
  | "year"
  | "email"
  | "issue_url"
  | "summarizer"
  | "summary"
  | "opinion"
  | "hat_tip"
  | "prerequisites"
  | "read_more";
type Row = Required<Pick<RecordRow, Cols>>;

const row = (r: Partial<Row> & Pick<Row, "title" | "email" | "category">): Row => ({
  highlight: "",
  url: `https://example.org/papers/${r.title.toLowerCase().replace(/\W+/g, "-")}`,
  authors: "",
  venue: "arXiv",
  year: "2019",
  issue_url: `https://example.org/an-${r.email.replace(/\D/g, "")}`,
  summarizer: "Rohin",
  summary: "",
  opinion: "",
  hat_tip: "",
  prerequisites: "",
  read_more: "",
  ...r,
});

// Three issues; categories in two sections (Technical AI alignment, Other progress in AI);
// two summarizers; later entries cite earlier ones with <@Title@>.
const SHEET: Row[] = [
  row({
    category: "Learning human intent",
    highlight: "Highlight",
    title: "Inverse Reward Design",
    url: "https://arxiv.org/abs/1711.02827",
    authors: "Dylan Hadfield-Menell*, Smitha Milli*, Pieter Abbeel, Stuart Russell, Anca Dragan",
    venue: "NeurIPS",
    year: "2017",
    email: "AN #1",
    summary: "A designed reward is only evidence about the reward the designer intended.",
    opinion: "A clean framing of reward misspecification.",
  }),
  row({
    category: "Interpretability",
    title: "Attention is not Explanation",
    authors: "Sarthak Jain, Byron Wallace",
    venue: "NAACL",
    email: "AN #1",
    summarizer: "Richard",
    summary: "Attention weights often disagree with gradient-based measures of importance.",
  }),
  row({
    category: "Reinforcement learning",
    title: "Curiosity-driven exploration by self-supervised prediction",
    authors: "Deepak Pathak, Pulkit Agrawal",
    email: "AN #1",
    summarizer: "Richard",
    summary: "An intrinsic reward for visiting states the agent cannot yet predict.",
  }),
  row({
    category: "Learning human intent",
    highlight: "Highlight",
    title: "Reward uncertainty in practice",
    authors: "Ada Lovelace",
    email: "AN #2",
    summary: "Keeping a posterior over rewards, as <@Inverse Reward Design@> suggests, avoids side effects.",
  }),
  row({
    category: "Interpretability",
    title: "Saliency maps revisited",
    authors: "Alan Turing, Grace Hopper",
    email: "AN #2",
    summarizer: "Richard",
    summary: "A sequel to <@Attention is not Explanation@> for images.",
  }),
  row({
    category: "Learning human intent",
    title: "Learning from preferences at scale",
    authors: "Barbara Liskov",
    email: "AN #3",
    summarizer: "Richard",
    summary: "Builds on <@Reward uncertainty in practice@> and <@Inverse Reward Design@> with many raters.",
  }),
  row({
    category: "Reinforcement learning",
    title: "World models for planning",
    authors: "Edsger Dijkstra",
    email: "AN #3",
    summary: "A learned model of the environment lets the agent plan in imagination.",
  }),
];

const EDITOR = { email: "rohin@example.org", name: "Rohin", password: "correct horse battery staple" };
const NEW_TITLE = "Reward hacking observed in the wild";

describe("the site end to end in Chromium", { skip: browserSkip() }, () => {
  let live: LiveSite;
  let browser: Browser;
  let page: Page;
  /** Console errors, script errors, CSP violations and failed requests, as they happen. */
  const problems: string[] = [];
  /** Requests expected to fail: the wrong password's 401, Chromium's own favicon request. */
  const expectedFailures = [/\/desk\/login$/, /\/favicon\.ico$/];

  const go = async (path: string) => {
    await page.goto(`${live.url}${path}`);
  };
  /** Clicks and waits for the navigation it starts. */
  const follow = async (target: Locator, url: string | RegExp) => {
    await Promise.all([page.waitForURL(url), target.click()]);
  };
  const text = async (selector: string) =>
    ((await page.locator(selector).first().textContent()) ?? "").trim();
  const noProblems = () =>
    assert.deepEqual(problems, [], "no console errors, CSP violations or failed requests");

  before(async () => {
    live = await startLiveSite();

    const report = await importRecords(live.store, SHEET);
    assert.equal(report.added, SHEET.length);
    await createUser(live.store, { ...EDITOR, role: "editor" }, testPasswords);
    await createUser(
      live.store,
      {
        email: "richard@example.org",
        name: "Richard",
        role: "summarizer",
        password: "another long passphrase",
      },
      testPasswords,
    );

    browser = await launchChromium({ width: 1280, height: 900 });
    // A CSP violation is reported as a console error too; this names the directive as well.
    await browser.context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    page = await browser.context.newPage();
    // Every step is quick on a local server: fail in seconds, not after Playwright's 30 s.
    page.setDefaultTimeout(5000);
    page.on("console", (m) => {
      // Failed loads are judged by their responses below.
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
    page.on("response", (r) => {
      if (r.status() >= 400 && !expectedFailures.some((p) => p.test(new URL(r.url()).pathname)))
        problems.push(`${r.status()} ${r.url()}`);
    });
    // A confirm() (the composer asks one before removing an entry) is answered yes.
    page.on("dialog", (d) => void d.accept());
  });
  after(async () => {
    await browser?.close();
    await live?.close();
  });

  test("search: a query ranks results; a facet narrows them and shows as an active filter", async () => {
    await go("/database");
    assert.equal(await text("#db-count"), "7 entries");
    await page.fill("#db-q", "reward");
    await follow(page.locator(".db-search button[type=submit]"), /\/database\?q=reward$/);
    const titles = page.locator("#db-results [data-result] .result-title a");
    assert.equal(await text("#db-count"), "4 results for “reward”");
    // A word in the title ranks above the same word in a summary.
    const ranked = await titles.allTextContents();
    assert.deepEqual(ranked.slice(0, 2).sort(), ["Inverse Reward Design", "Reward uncertainty in practice"]);
    assert.deepEqual(ranked.slice(2).sort(), [
      "Curiosity-driven exploration by self-supervised prediction",
      "Learning from preferences at scale",
    ]);

    await follow(
      page.locator("#facet-category ~ ul .facet-value", { hasText: "Learning human intent" }),
      /category=Learning/,
    );
    assert.equal(await text("#db-count"), "3 results for “reward”");
    assert.ok(
      !(await titles.allTextContents()).includes(
        "Curiosity-driven exploration by self-supervised prediction",
      ),
    );
    const chip = page.locator(".db-active .db-chip");
    assert.equal(await chip.count(), 1);
    assert.match((await chip.textContent()) ?? "", /Category:\s*Learning human intent/);
    assert.equal(
      await page.locator(".facet-value.chosen").getAttribute("aria-current"),
      "true",
      "the chosen facet value is marked",
    );
    // The search box keeps the query; searching again keeps the filter.
    assert.equal(await page.locator("#db-q").inputValue(), "reward");
    await follow(page.locator(".db-chip-remove"), /\/database\?q=reward$/);
    assert.equal(await text("#db-count"), "4 results for “reward”");
    noProblems();
  });

  test('keyboard: "/" focuses the search box, the down arrow picks a suggestion, Enter opens it', async () => {
    await go("/issues");
    // On a page without a search box, "/" goes to the database.
    await Promise.all([page.waitForURL(/\/database$/), page.keyboard.press("/")]);
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "db-q");
    await page.keyboard.type("saliency ma");
    const options = page.locator("#db-suggestions [role=option]");
    await options.first().waitFor();
    assert.match((await options.first().textContent()) ?? "", /^Saliency maps revisited/);
    await page.keyboard.press("ArrowDown");
    assert.equal(await options.first().getAttribute("aria-selected"), "true");
    await Promise.all([page.waitForURL(/\/entries\/\d+$/), page.keyboard.press("Enter")]);
    assert.equal(await text("h1"), "Saliency maps revisited");
    noProblems();
  });

  test('"has this been summarized?" finds a paper by another form of its arXiv link', async () => {
    await go("/database");
    await page.fill("#db-lookup-u", "http://www.arxiv.org/pdf/1711.02827v2?utm_source=feed");
    await follow(page.locator(".db-lookup button[type=submit]"), /\/database\/lookup\?u=/);
    assert.equal(await text("#lookup-result"), "Yes: one entry matches");
    assert.equal(await text("#db-results .result-title a"), "Inverse Reward Design");
    assert.match(await text("#db-results .db-how"), /Same link/);

    await page.fill("#db-lookup-u", "https://arxiv.org/abs/2401.00001");
    await follow(page.locator(".db-lookup button[type=submit]"), /\/database\/lookup\?u=/);
    assert.equal(await text("#lookup-result"), "Not summarized yet");
    noProblems();
  });

  test("reading: the archive, an issue, previous and next, an entry cited by later ones", async () => {
    await go("/");
    await follow(page.locator(".site-nav a", { hasText: "Archive" }), /\/issues$/);
    const issues = page.locator(".issue-list li .result-title");
    // Issues without a subject are named by their highlights' titles; AN #3 has none.
    assert.deepEqual(await issues.allTextContents(), [
      "AN #3",
      "AN #2: Reward uncertainty in practice",
      "AN #1: Inverse Reward Design",
    ]);
    await follow(issues.nth(1), /\/issues\/2$/);
    assert.equal(await text("h1"), "Alignment Newsletter #2");
    assert.equal(await text(".highlights .entry-title"), "Reward uncertainty in practice");
    // The cross-reference renders as a link to the entry, followed by its issue.
    assert.match(await text(".highlights .entry"), /as Inverse Reward Design \(AN #1\) suggests/);

    await follow(page.locator(".issue-nav a[rel=prev]"), /\/issues\/1$/);
    assert.equal(await text("h1"), "Alignment Newsletter #1");
    assert.equal(await page.locator(".issue-nav a[rel=prev]").count(), 0, "AN #1 is the first");
    await follow(page.locator(".issue-nav a[rel=next]"), /\/issues\/2$/);
    await follow(page.locator(".issue-nav a[rel=next]"), /\/issues\/3$/);
    assert.equal(await page.locator(".issue-nav a[rel=next]").count(), 0, "AN #3 is the latest");

    await follow(page.locator(".issue-nav a[rel=prev]"), /\/issues\/2$/);
    await go("/issues/1");
    const permalink = page
      .locator(".entry", { hasText: "Inverse Reward Design" })
      .locator(".entry-permalink a");
    await follow(permalink, /\/entries\/\d+$/);
    assert.equal(await text("h1"), "Inverse Reward Design");
    assert.equal(await text(".entry-facts dt:text-is('Issue') + dd"), "AN #1");
    const citedBy = page.locator("#cited-by + ul li");
    assert.deepEqual(
      (await citedBy.allTextContents()).map((t) => t.replace(/\s+/g, " ").trim()),
      ["Reward uncertainty in practice (AN #2)", "Learning from preferences at scale (AN #3)"],
    );
    await follow(citedBy.first().locator("a"), /\/entries\/\d+$/);
    assert.equal(await text("h1"), "Reward uncertainty in practice");
    noProblems();
  });

  test("login: a wrong password shows an error; the right one reaches the desk", async () => {
    await go("/desk");
    assert.match(page.url(), /\/desk\/login\?next=%2Fdesk$/, "the desk sends a stranger to the login page");
    await page.fill("#email", EDITOR.email);
    await page.fill("#password", "not the password");
    await follow(page.locator("form button[type=submit]"), /\/desk\/login$/);
    assert.match(await text(".notice.error[role=alert]"), /password/i);
    assert.equal(await page.locator("#email").inputValue(), EDITOR.email, "the email is kept");

    await page.fill("#password", EDITOR.password);
    await follow(page.locator("form button[type=submit]"), /\/desk$/);
    assert.equal(await text("h1"), "Desk");
    assert.match(await text(".desk-nav .who"), /Rohin/);
    noProblems();
  });

  test("writing: a cross-reference picked from the <@ list, the live preview, saved as ready", async () => {
    await follow(page.locator("a", { hasText: "Write a new entry" }), /\/desk\/entries\/new$/);
    await page.fill("#field-title", NEW_TITLE);
    await page.fill("#field-url", "https://example.org/reward-hacking");
    await page.fill("#field-authors", "Ada Lovelace, Alan Turing");
    await page.fill("#field-year", "2020");
    await page.selectOption("#field-category", "Learning human intent");

    const summary = page.locator("#field-summary");
    await summary.click();
    await summary.pressSequentially("Agents exploit their rewards, as <@rew");
    const listbox = page.locator("#field-summary ~ [role=listbox]");
    await listbox.waitFor({ state: "visible" });
    const options = await listbox.locator("[role=option]").allTextContents();
    const wanted = options.findIndex((o) => o.startsWith("Reward uncertainty in practice"));
    assert.ok(wanted >= 0, `offered: ${options.join(" | ")}`);
    assert.equal(options[wanted], "Reward uncertainty in practice (AN #2)");
    for (let i = 0; i < wanted; i++) await summary.press("ArrowDown");
    await summary.press("Enter");
    await summary.pressSequentially(" predicts.");
    assert.equal(
      await summary.inputValue(),
      "Agents exploit their rewards, as <@Reward uncertainty in practice@> predicts.",
    );

    const preview = page.locator("#entry-preview");
    await preview.locator("a", { hasText: "AN #2" }).waitFor();
    assert.match(
      ((await preview.textContent()) ?? "").replace(/\s+/g, " "),
      /as Reward uncertainty in practice \(AN #2\) predicts\./,
    );
    assert.equal(await preview.locator("a", { hasText: "Reward uncertainty in practice" }).count(), 1);

    await page.check("input[name=status][value=ready]");
    await follow(page.locator("button[name=action][value=save]"), /\/desk\/entries\/\d+\/edit\?saved=1$/);
    assert.equal(await text(".notice.ok"), "Saved.");
    assert.equal(await text(".desk-entry-facts .badge"), "Ready");
    noProblems();
  });

  test("composing and publishing: new issue, add, highlight, subject, preview, publish", async () => {
    await follow(page.locator(".desk-nav a", { hasText: "Issues" }), /\/desk\/issues$/);
    await follow(page.locator("button", { hasText: "New issue" }), /\/desk\/issues\/4\?done=created$/);
    assert.equal(await text(".notice.ok"), "New draft issue created.");
    assert.match(await text("h1"), /^AN #4 \(no subject yet\)/);

    await follow(page.getByRole("button", { name: `Add “${NEW_TITLE}”` }), /done=added/);
    const layout = page.locator(".composer-layout");
    assert.equal(
      await layout
        .locator(".composer-entry .entry-title")
        .allTextContents()
        .then((t) => t.join()),
      NEW_TITLE,
    );

    const row = layout.locator(".composer-entry", { hasText: NEW_TITLE });
    await follow(row.getByRole("button", { name: "Highlight" }), /done=highlighted/);
    assert.equal(await text(".composer-group-heading"), "Highlights");
    assert.equal(await text(".composer-group .entry-title"), NEW_TITLE);

    await page.fill("#issue-subject", "Reward hacking, observed");
    await follow(page.locator("button", { hasText: "Save details" }), /done=saved/);
    assert.equal(await text("h1"), "AN #4: Reward hacking, observed draft");

    await follow(page.locator(".composer-head a", { hasText: /^Preview$/ }), /\/desk\/issues\/4\/preview$/);
    assert.match(await text(".preview-text"), new RegExp(NEW_TITLE));
    assert.match(await text(".preview-html"), /Highlights/);
    assert.match(await text(".preview-subject"), /Reward hacking, observed/);
    // The email is framed from its own sandboxed address (loaded lazily, once in view).
    await page.locator(".preview-email").scrollIntoViewIfNeeded();
    await page.frameLocator(".preview-email").locator("body", { hasText: NEW_TITLE }).waitFor();

    await follow(page.locator("a", { hasText: "Back to the composer" }), /\/desk\/issues\/4$/);
    await follow(page.locator("a", { hasText: "Publish…" }), /\/desk\/issues\/4\/publish$/);
    assert.equal(await text("h1"), "Publish AN #4: Reward hacking, observed?");
    await follow(page.locator("button", { hasText: "Publish AN #4" }), /done=published/);
    assert.match(await text(".notice.ok"), /^Published/);

    await go("/issues");
    const newest = page.locator(".issue-list li .result-title").first();
    assert.equal(await newest.textContent(), "AN #4: Reward hacking, observed");
    await follow(newest, /\/issues\/4$/);
    assert.equal(await text("h1"), "Reward hacking, observed");
    assert.equal(await text(".highlights .entry-title"), NEW_TITLE);
    assert.match(await text(".highlights .entry"), /as Reward uncertainty in practice \(AN #2\) predicts/);
    noProblems();
  });

  test("logout: the desk then sends the browser to the login page", async () => {
    await go("/desk");
    await follow(page.locator(".logout button"), `${live.url}/`);
    await go("/desk/issues");
    assert.match(page.url(), /\/desk\/login\?next=%2Fdesk%2Fissues$/);
    assert.equal(await text("h1"), "Log in to the desk");
    noProblems();
  });
});
