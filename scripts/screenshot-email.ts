/**
 * Screenshots of an issue's email as a reader sees it, to review the design:
 *
 *   node --import tsx scripts/screenshot-email.ts --db /tmp/e.db [--issue 53] [--out docs]
 *
 * Renders the full MIME message, reads the HTML part back with mailparser (so the picture is of
 * what is sent, after quoted-printable), and shoots it full-page at 375 px (a phone) and 800 px
 * (a desktop client) with Debian's Chromium via playwright-core. No browser is downloaded and the
 * page may not load anything from the network.
 */
import { mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { simpleParser } from "mailparser";
import { EMAIL_TOKEN } from "../src/formats/render/email.ts";
import { loadIssueView, loadRenderOptions, renderIssue } from "../src/issues/index.ts";
import { openStore } from "../src/store/index.ts";
import { launchChromium } from "./lib/chromium.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    issue: { type: "string", default: "53" },
    out: { type: "string", default: "docs" },
  },
});
if (!values.db) {
  console.error("usage: screenshot-email.ts --db PATH [--issue N] [--out DIR]");
  process.exit(2);
}

const number = Number(values.issue);
const store = await openStore(values.db);
let message: string;
let prefix: string;
try {
  const view = await loadIssueView(store, number);
  prefix = view.newsletter.prefix.toLowerCase() || "issue";
  message = renderIssue(view, "email", await loadRenderOptions(store));
} finally {
  await store.close();
}
const parsed = await simpleParser(message);
if (typeof parsed.html !== "string") throw new Error("the message has no HTML part");
// A sample address where the sending system would put the subscriber's, so the footer reads naturally.
const html = parsed.html.replaceAll(EMAIL_TOKEN, "reader@example.com");

const outDir = resolve(values.out!);
mkdirSync(outDir, { recursive: true });
const { context, close } = await launchChromium({ width: 800, height: 900, colorScheme: "light" });
try {
  // An email loads nothing; anything that tries is a bug worth seeing as a blank, not a fetch.
  await context.route("**/*", (route) => route.abort());
  const page = await context.newPage();
  for (const width of [375, 800]) {
    await page.setViewportSize({ width, height: 900 });
    await page.setContent(html, { waitUntil: "load" });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const path = join(outDir, `email-${prefix}${number}-${width}.png`);
    await page.screenshot({ path, fullPage: true });
    const kb = Math.round(statSync(path).size / 1024);
    console.log(`${path}: ${width} px wide, ${kb} KB${overflow > 0 ? `, OVERFLOWS by ${overflow} px` : ""}`);
  }
} finally {
  await close();
}
