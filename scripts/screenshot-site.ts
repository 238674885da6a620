/**
 * Screenshots of the web app over the real AN sheet, to review the design:
 *
 *   node --import tsx scripts/screenshot-site.ts [--out docs] [--dark]
 *
 * Imports ../shared/an-data/an-database-2022.xlsx (or $SUMMA_AN_DATA/an-database-2022.xlsx)
 * into a temporary SQLite database (never into the repository), starts the real server on
 * 127.0.0.1, creates an editor and a few ready entries, logs in through the form, and shoots
 * each page full-page at 375 px (a phone) and 1280 px (a laptop) as OUT/site-PAGE-WIDTH.png
 * (on a phone the entry editor's Preview tab is shot too, as site-desk-entry-preview-375.png).
 * Pages taller than 4,000 px are cut there. --dark shoots prefers-color-scheme: dark instead
 * (site-PAGE-dark-WIDTH.png); --more adds the other pages (login, lookup, the desk's entry list,
 * taxonomy, import, issue list, preview, email preview and publish). A page wider than the
 * screen is reported as OVERFLOWS. --only NAME,NAME shoots those pages alone (e.g.
 * `--only desk-composer`), leaving the other PNGs as they are.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { createUser } from "../src/accounts/index.ts";
import { createEntry, importFrom } from "../src/entries/index.ts";
import {
  addEntriesToIssue,
  createDraftIssue,
  editIssueDetails,
  removeEntryFromIssue,
  setEntryHighlight,
} from "../src/issues/index.ts";
import { openStore } from "../src/store/index.ts";
import { startServer } from "../src/web/index.ts";
import { chromiumAvailable, chromiumPath, launchChromium } from "./lib/chromium.ts";

const { values } = parseArgs({
  options: {
    out: { type: "string", default: "docs" },
    dark: { type: "boolean", default: false },
    more: { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const only = values.only ? new Set(values.only.split(",").map((s) => s.trim())) : null;

const ROOT = new URL("..", import.meta.url).pathname;
const DATA_DIR = resolve(process.env.SUMMA_AN_DATA ?? join(ROOT, "../shared/an-data"));
const SHEET = join(DATA_DIR, "an-database-2022.xlsx");
if (!existsSync(SHEET)) {
  console.error(
    `screenshot-site: the real AN sheet is not at ${SHEET}.\n` +
      "Put the AN data in ../shared/an-data (or set SUMMA_AN_DATA to its directory); it is never copied into the repository.",
  );
  process.exit(2);
}
if (!chromiumAvailable()) {
  console.error(
    `screenshot-site: Chromium is not at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH).`,
  );
  process.exit(2);
}

const WIDTHS = [375, 1280];
const MAX_HEIGHT = 4000;
const EMAIL = "rohin@example.org";
const PASSWORD = "screenshots only, not a real password";

const dir = mkdtempSync(join(tmpdir(), "summa-screens-"));
const store = await openStore(join(dir, "summa.db"));
const started = Date.now();
const report = await importFrom(store, SHEET);
console.log(`imported ${SHEET}: ${report.added} entries in ${((Date.now() - started) / 1000).toFixed(1)} s`);

// The editor, and a next issue in the making: four entries a summarizer marked ready.
const editor = await createUser(store, { email: EMAIL, name: "Rohin", role: "editor", password: PASSWORD });
const ready = [
  await createEntry(store, editor, {
    title: "Reward models overoptimize in predictable ways",
    url: "https://example.org/papers/reward-overoptimization",
    authors: "Ada Lovelace*, Alan Turing*, Grace Hopper",
    venue: "arXiv",
    year: 2022,
    category: "Learning human intent",
    summarizers: "Rohin",
    summary:
      "Building on <@Scalable agent alignment via reward modeling@>, this paper measures how a policy's true reward falls as it is optimized harder against a learned reward model. The gap grows **smoothly** with the KL distance from the initial policy, so it can be predicted from small runs.",
    opinion:
      "A clean empirical result: it makes the worry of <@Bounding Goodhart's Law@> concrete and measurable.",
    status: "ready",
  }),
  await createEntry(store, editor, {
    title: "Debate helps non-experts judge long answers",
    url: "https://example.org/papers/debate-judges",
    authors: "Barbara Liskov, Edsger Dijkstra",
    venue: "NeurIPS",
    year: 2022,
    category: "Iterated amplification",
    summarizers: "Rohin",
    summary:
      "A follow-up to <@AI safety via debate@>: judges who read a short debate between two models pick the correct answer more often than judges who read one model's explanation.",
    opinion: "",
    status: "ready",
  }),
  await createEntry(store, editor, {
    title: "Recursive reward modeling for long documents",
    url: "https://example.org/papers/recursive-reward-modeling",
    authors: "Frances Allen",
    venue: "ICML",
    year: 2022,
    category: "Iterated amplification",
    summarizers: "Richard",
    summary:
      "Humans judge summaries of book chapters written by a model that was itself trained on their judgments of shorter parts, as in <@Recursively Summarizing Books with Human Feedback@>.",
    opinion: "Decomposition works better than I expected on fiction.",
    status: "ready",
  }),
  await createEntry(store, editor, {
    title: "A workshop on evaluating language model agents",
    url: "https://example.org/workshop",
    category: "News",
    summary: "",
    status: "ready",
  }),
];
const next = await createDraftIssue(store);
await addEntriesToIssue(
  store,
  next,
  ready.slice(0, 2).map((e) => e.id),
);
await setEntryHighlight(store, next, ready[0]!.id, true);
await editIssueDetails(store, next, {
  subject: "Reward models under optimization pressure",
  intro:
    "This week: what happens when a policy is optimized against a learned reward, and debate for non-experts.",
});

const server = await startServer(store, { port: 0, host: "127.0.0.1" });
const outDir = resolve(values.out!);
mkdirSync(outDir, { recursive: true });
const scheme = values.dark ? "dark" : "light";
const { context, close } = await launchChromium({ width: 1280, height: 900, colorScheme: scheme });
const problems: string[] = [];

async function shoot(page: Page, name: string, width: number): Promise<void> {
  if (only && !only.has(name)) return;
  // The page as it loads: at the top (sticky panels in place), nothing focused or hovered.
  await page.mouse.move(0, 0);
  await page.evaluate(async () => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    await document.fonts.ready;
  });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const path = join(outDir, `site-${name}${values.dark ? "-dark" : ""}-${width}.png`);
  await page.screenshot({
    path,
    fullPage: true,
    clip: { x: 0, y: 0, width, height: Math.min(height, MAX_HEIGHT) },
  });
  const kb = Math.round(statSync(path).size / 1024);
  const cut = height > MAX_HEIGHT ? ` (cut from ${height} px)` : "";
  console.log(`${path}: ${kb} KB${cut}${overflow > 0 ? `, OVERFLOWS by ${overflow} px` : ""}`);
}

try {
  const page = await context.newPage();
  if (values.more)
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}/desk/login`);
      await shoot(page, "login", width);
    }
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
  });
  const base = server.url;
  await page.goto(`${base}/desk/login`);
  await page.fill("#email", EMAIL);
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL(`${base}/desk`), page.click("button[type=submit]")]);

  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });

    await page.goto(`${base}/`);
    await shoot(page, "home", width);
    await page.goto(`${base}/issues`);
    await shoot(page, "archive", width);
    await page.goto(`${base}/issues/53`);
    await shoot(page, "issue", width);
    // An entry that later entries cite.
    await page.goto(
      `${base}/database/lookup?u=${encodeURIComponent("Scalable agent alignment via reward modeling")}`,
    );
    await page.locator("#lookup-result + ol a").first().click();
    await page.waitForURL(/\/entries\/\d+$/);
    await shoot(page, "entry", width);

    // A query, then a facet value chosen by clicking it (on a phone, inside the folded facets).
    await page.goto(`${base}/database?q=${encodeURIComponent("reward model")}`);
    if (width < 800) await page.locator("details.db-facets > summary").click();
    await Promise.all([
      page.waitForURL(/summarizer=/),
      page.locator("#facet-summarizer ~ ul .facet-value").first().click(),
    ]);
    await shoot(page, "database", width);

    await page.goto(`${base}/desk`);
    await shoot(page, "desk", width);

    // A new entry being written: a cross-reference picked from the `<@` list, then the preview.
    await page.goto(`${base}/desk/entries/new`);
    await page.fill("#field-title", "Learning to summarize from human feedback");
    await page.fill("#field-url", "https://arxiv.org/abs/2009.01325");
    await page.fill("#field-authors", "Nisan Stiennon*, Long Ouyang*, Paul Christiano");
    await page.fill("#field-venue", "NeurIPS");
    await page.fill("#field-year", "2020");
    await page.selectOption("#field-category", "Learning human intent");
    const summary = page.locator("#field-summary");
    await summary.click();
    await summary.pressSequentially(
      "They train a **reward model** on human comparisons of summaries, as in <@Fine-Tuning GPT",
    );
    await page.locator("#field-summary ~ [role=listbox] [role=option]").first().waitFor();
    await summary.press("Enter");
    await summary.pressSequentially(", then optimize a policy against it with PPO.");
    await page.fill("#field-opinion", "The clearest demonstration yet that *human feedback* scales.");
    // Below 1000 px the preview is a tab of its own (desk.js): shot there, then the Write tab.
    const tabbed = await page.getByRole("tab", { name: "Preview" }).isVisible();
    if (tabbed) await page.getByRole("tab", { name: "Preview" }).click();
    await page.locator("#entry-preview a", { hasText: "AN #67" }).waitFor();
    await page.locator("#entry-preview em", { hasText: "human feedback" }).waitFor();
    if (tabbed) {
      await shoot(page, "desk-entry-preview", width);
      await page.getByRole("tab", { name: "Write" }).click();
    }
    await shoot(page, "desk-entry", width);

    await page.goto(`${base}/desk/issues/${next}`);
    await shoot(page, "desk-issue", width);

    // The composer with a link-only entry added too: the issue as it reads, highlights first,
    // each entry's text under its headings, the move buttons, and a check of decisions only.
    if (!only || only.has("desk-composer")) {
      for (const entry of ready.slice(2)) {
        const add = page.locator(`button[title="Add “${entry.title}”"]`);
        if (await add.count()) await Promise.all([page.waitForURL(/done=added/), add.click()]);
      }
      await page.goto(`${base}/desk/issues/${next}`);
      await shoot(page, "desk-composer", width);
      // Back as they were, so the next width's desk-issue shows the same issue.
      for (const entry of ready.slice(2)) await removeEntryFromIssue(store, next, entry.id);
    }

    if (values.more) {
      for (const [name, path] of [
        ["lookup", "/database/lookup?u=https%3A%2F%2Farxiv.org%2Fpdf%2F1903.10396v2"],
        ["highlights", "/database?highlights=1&q=debate"],
        ["desk-entries", "/desk/entries"],
        ["desk-taxonomy", "/desk/taxonomy"],
        ["desk-import", "/desk/import"],
        ["desk-inbox-sources", "/desk/inbox/sources"],
        ["desk-inbox-import", "/desk/inbox/import"],
        ["desk-issues", "/desk/issues"],
        ["desk-preview", `/desk/issues/${next}/preview`],
        ["desk-email", `/desk/issues/${next}/email`],
        ["desk-publish", `/desk/issues/${next}/publish`],
        ["not-found", "/issues/9999"],
      ] as const) {
        await page.goto(`${base}${path}`);
        await shoot(page, name, width);
      }
    }
  }
} finally {
  await close();
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
if (problems.length) {
  console.error(`screenshot-site: the pages reported errors:\n${problems.join("\n")}`);
  process.exit(1);
}
