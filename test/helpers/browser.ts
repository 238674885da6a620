import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumAvailable, chromiumPath } from "../../scripts/lib/chromium.ts";
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
