import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import SQLite from "better-sqlite3";
import { SummaError } from "../../src/domain/errors.ts";
import { getSettings, openStore, type Store, setSetting } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { testSite } from "../helpers/web.ts";

const sqlite = DIALECTS.find((d) => d.name === "sqlite")!;

/** Another connection (another process, an import's writer) holding the write lock for `ms`. */
function holdWriteLock(path: string, ms: number): Promise<void> {
  const other = new SQLite(path);
  other.exec("begin immediate");
  other.exec("insert into settings(key, value) values ('test.lock', 'held')");
  return new Promise((resolve) =>
    setTimeout(() => {
      other.exec("rollback");
      other.close();
      resolve();
    }, ms),
  );
}

describe("SQLite writes while another connection holds the lock", { skip: sqlite.skip }, () => {
  let store: TestStore;
  /** The same file with a short wait, to see what happens when the lock outlasts it. */
  let impatient: Store;
  before(async () => {
    store = await sqlite.open();
    impatient = await openStore(store.url, { busyRetryMs: 300 });
    // Sign-ups need the site's address for their emails' links (else 503 config.incomplete).
    await setSetting(store.db, "newsletter.site_url", "http://summa.test");
  });
  after(async () => {
    await impatient?.close();
    await store?.dispose();
  });

  test("a write waits for the lock without freezing the process, then succeeds", async () => {
    const released = holdWriteLock(store.url, 400);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = performance.now();
    try {
      await setSetting(store.db, "newsletter.name", "Waited");
    } finally {
      clearInterval(ticker);
    }
    const waited = performance.now() - started;
    await released;
    assert.equal((await getSettings(store.db))["newsletter.name"], "Waited");
    assert.ok(waited >= 300, `it waited for the lock (${waited} ms)`);
    // SQLite's own busy handler would have slept on this thread: no timer could fire.
    assert.ok(ticks >= 10, `timers kept firing while it waited (${ticks} ticks in ${Math.round(waited)} ms)`);
  });

  test("a transaction begins IMMEDIATE: it waits at BEGIN, never fails at its first write", async () => {
    const released = holdWriteLock(store.url, 200);
    await store.db.transaction().execute(async (trx) => {
      await trx.selectFrom("settings").selectAll().execute();
      await trx
        .updateTable("settings")
        .set({ value: "In a transaction" })
        .where("key", "=", "newsletter.name")
        .execute();
    });
    await released;
    assert.equal((await getSettings(store.db))["newsletter.name"], "In a transaction");
  });

  test("a lock held past the wait is store.busy, not 'database is locked'", async () => {
    const released = holdWriteLock(store.url, 1000);
    await assert.rejects(setSetting(impatient.db, "newsletter.name", "Never"), (err: unknown) => {
      assert.ok(err instanceof SummaError, String(err));
      assert.equal(err.code, "store.busy");
      return true;
    });
    await released;
  });

  test("a sign-up meanwhile gets 503 with Retry-After, never 500", async () => {
    const site = testSite({ ...store, ...impatient, url: store.url, dispose: store.dispose });
    const released = holdWriteLock(store.url, 1500);
    const signUp = await site.app.request("http://summa.test/subscribe", {
      method: "POST",
      body: new URLSearchParams({ email: "reader@example.org" }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://summa.test" },
    });
    assert.equal(signUp.status, 503, await signUp.clone().text());
    assert.equal(signUp.headers.get("retry-after"), "1");
    assert.match(await signUp.text(), /busy/);
    await released;
  });
});
