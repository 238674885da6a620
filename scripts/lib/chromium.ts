/**
 * Debian's Chromium driven by playwright-core: no browser is downloaded. One place for the
 * executable and the flags, shared by the screenshot scripts, the browser tests and the benches.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Where Chromium is: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

export function chromiumAvailable(): boolean {
  return existsSync(chromiumPath());
}

/** Headless, no sandbox (root in CI), and nothing that phones home. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile (deleted on close), light colour scheme, the given viewport. */
export async function launchChromium(
  options: { width?: number; height?: number; colorScheme?: "light" | "dark" } = {},
): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "summa-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: FLAGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    deviceScaleFactor: 1,
    colorScheme: options.colorScheme ?? "light",
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
