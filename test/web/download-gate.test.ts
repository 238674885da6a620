import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SummaError } from "../../src/domain/errors.ts";
import { downloadPublished } from "../../src/entries/index.ts";
import { updateEntryColumns } from "../../src/store/index.ts";
import { DownloadGate } from "../../src/web/download-gate.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import { seedDatabase } from "./database-fixture.ts";

/** A build that finishes when told to. */
function pending(): { promise: Promise<string>; finish: (v: string) => void } {
  let finish!: (v: string) => void;
  const promise = new Promise<string>((resolve) => {
    finish = resolve;
  });
  return { promise, finish };
}

describe("DownloadGate", () => {
  test("one build at a time, the next in order, and past the queue server.busy at once", async () => {
    const gate = new DownloadGate({ concurrent: 1, queued: 1, retryAfterSeconds: 7 });
    const started: string[] = [];
    const a = pending();
    const b = pending();
    const first = gate.run(() => {
      started.push("a");
      return a.promise;
    });
    const second = gate.run(() => {
      started.push("b");
      return b.promise;
    });
    await assert.rejects(
      gate.run(async () => "c"),
      (err: unknown) =>
        err instanceof SummaError && err.code === "server.busy" && err.details.retryAfterSeconds === 7,
    );
    assert.deepEqual(started, ["a"], "the second waits for the first");
    a.finish("A");
    assert.equal(await first, "A");
    await new Promise(setImmediate);
    assert.deepEqual(started, ["a", "b"]);
    b.finish("B");
    assert.equal(await second, "B");
    // Free again, and a failed build gives its turn back too.
    await assert.rejects(
      gate.run(async () => Promise.reject(new Error("boom"))),
      /boom/,
    );
    assert.equal(await gate.run(async () => "d"), "d");
  });
});

describe("DownloadGate: downloads per client", () => {
  test("a client may start `limit` downloads per window; others are not held back; the window slides", () => {
    const gate = new DownloadGate({ perClient: { limit: 2, windowMs: 1000 } });
    gate.admit("198.51.100.1", 0);
    gate.admit("198.51.100.1", 400);
    assert.throws(
      () => gate.admit("198.51.100.1", 900),
      (err: unknown) =>
        err instanceof SummaError &&
        err.code === "download.rate_limited" &&
        err.details.retryAfterSeconds === 1,
    );
    gate.admit("198.51.100.2", 900);
    gate.admit("198.51.100.1", 1001);
    assert.throws(() => gate.admit("198.51.100.1", 1002), /Too many downloads/);
  });
});

const sqlite = DIALECTS[0]!;
describe("database downloads under load", () => {
  let store: TestStore;
  let site: TestSite;
  before(async () => {
    store = await sqlite.open();
    site = testSite(store);
    await seedDatabase(store);
  });
  after(() => store?.dispose());

  test("six xlsx downloads at once: one builds, two wait, three get 503 server.busy with Retry-After", async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => site.get("/database/download.xlsx")));
    const statuses = responses.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, 503, 503, 503]);
    for (const res of responses) {
      if (res.status === 200) {
        assert.equal(
          res.headers.get("content-type"),
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        );
        assert.ok((await res.arrayBuffer()).byteLength > 1000);
      } else {
        assert.equal(res.headers.get("retry-after"), "5");
        assert.match(await res.text(), /Too many downloads are being prepared; try again in 5 seconds/);
      }
    }
    // Once they are done, a download goes through again ...
    assert.equal((await site.get("/database/download.csv")).status, 200);
    // ... until this client has started ten in a minute (six above, one just now).
    for (let i = 0; i < 3; i++) assert.equal((await site.get("/database/download.csv")).status, 200);
    const limited = await site.get("/database/download.csv");
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.match(await limited.text(), /Too many downloads from your address/);
  });
});

describe("database downloads: a file built once serves the same contents again", () => {
  let store: TestStore;
  let ids: Record<string, number>;
  before(async () => {
    store = await sqlite.open();
    ids = await seedDatabase(store);
  });
  after(() => store?.dispose());

  test("the same contents are not built twice; a changed entry or another query is built anew", async () => {
    const everything = { q: "", filters: {}, sort: undefined } as const;
    const first = await downloadPublished(store, everything, "csv");
    const again = await downloadPublished(store, everything, "csv");
    assert.equal(first.reused, false);
    assert.equal(again.reused, true);
    assert.deepEqual(Buffer.from(again.body), Buffer.from(first.body));
    assert.equal((await downloadPublished(store, everything, "bibtex")).reused, false, "another format");
    assert.equal((await downloadPublished(store, { ...everything, q: "intrinsic" }, "csv")).reused, false);
    await updateEntryColumns(
      store.db,
      ids.intrinsic!,
      { summary: "A corrected summary." },
      new Date().toISOString(),
    );
    const changed = await downloadPublished(store, everything, "csv");
    assert.equal(changed.reused, false, "never a stale file");
    assert.match(Buffer.from(changed.body).toString("utf8"), /A corrected summary\./);
  });
});
