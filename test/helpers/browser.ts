import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { type Browser, chromiumAvailable, chromiumPath, launchChromium } from "../../scripts/lib/chromium.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import { type AppOptions, type RunningServer, startServer } from "../../src/web/index.ts";
import { testPasswords } from "./web.ts";

/**
 * Browser tests run in Debian's Chromium. Without it they skip with the reason, unless
 * SUMMA_REQUIRE_BROWSER=1 (set by .ci/run), which makes them fail instead.
 */
export function browserSkip(): false | string {
  if (chromiumAvailable()) return false;
  const reason = `Chromium is not installed at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.SUMMA_REQUIRE_BROWSER === "1") throw new Error(`SUMMA_REQUIRE_BROWSER=1 but ${reason}`);
  return reason;
}

/** The real server on a free port of 127.0.0.1, over a fresh SQLite file. */
export interface LiveSite {
  url: string;
  store: Store;
  server: RunningServer;
  close(): Promise<void>;
}

/** `options` go to the app (a mail transport, for pages that send email). */
export async function startLiveSite(options: AppOptions = {}): Promise<LiveSite> {
  const dir = mkdtempSync(join(tmpdir(), "summa-e2e-"));
  const store = await openStore(join(dir, "summa.db"));
  const server = await startServer(store, { port: 0, host: "127.0.0.1", ...testPasswords, ...options });
  return {
    url: server.url,
    store,
    server,
    async close() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Chromium page logged in to the desk, and what went wrong on it (script errors, console errors: a CSP violation shows there). */
export interface DeskBrowser {
  browser: Browser;
  page: Page;
  problems: string[];
}

/**
 * Launches Chromium at this size and logs in through the real form as this user, landing on
 * `next` (default /desk). Close `browser` when done.
 */
export async function openDesk(
  live: LiveSite,
  user: { email: string; password: string },
  options: { next?: string; width?: number; height?: number } = {},
): Promise<DeskBrowser> {
  const next = options.next ?? "/desk";
  const browser = await launchChromium({ width: options.width, height: options.height });
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => {
    // Failed loads are the tests' to check by status; Chromium's own /favicon.ico request is not ours.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
  });
  await page.goto(`${live.url}/desk/login?next=${encodeURIComponent(next)}`);
  await page.fill("#email", user.email);
  await page.fill("#password", user.password);
  await Promise.all([page.waitForURL(`${live.url}${next}`), page.click("button[type=submit]")]);
  return { browser, page, problems };
}
