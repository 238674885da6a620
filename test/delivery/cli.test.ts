import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import {
  addSubscribers,
  configureNewsletter,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
} from "./helpers.ts";

const sqlite = DIALECTS.find((d) => d.name === "sqlite")!;

describe("summa send", { skip: sqlite.skip }, () => {
  let store: TestStore;
  let sink: SmtpSink;
  const run = (...args: string[]) => summaInProcess(["--db", store.url, ...args], { SMTP_URL: sink.url });

  before(async () => {
    store = await sqlite.open();
    sink = await startSmtpSink();
    await configureNewsletter(store);
    await publishedIssue(store);
    await addSubscribers(store, 5);
    await addSubscribers(store, 1, { status: "unsubscribed" });
  });
  after(async () => {
    await sink?.close();
    await store?.dispose();
  });

  test("--test sends one copy and queues nothing", async () => {
    const r = await run("send", "AN #7", "--test", "proof@example.org", "--edition", "highlights");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Test copy of #7 sent to proof@example\.org: 250 /);
    assert.equal(sink.counts.get("proof@example.org"), 1);
    assert.equal(await store.db.selectFrom("sends").select("id").executeTakeFirst(), undefined);
  });

  test("queues an issue once, with the rate and time; a second send is a clear error", async () => {
    const r = await run("--json", "send", "7", "--at", "2999-01-01T00:00:00Z", "--rate", "2.5");
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.status, "scheduled");
    assert.equal(s.total, 5);
    assert.equal(s.ratePerSecond, 2.5);
    assert.equal(s.sendAt, "2999-01-01T00:00:00.000Z");
    const again = await run("send", "7");
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Issue #7 already has a send .*: an issue is sent once/);
    const unknown = await run("send", "99");
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /There is no issue #99/);
  });

  test("status (one send, and all), pause and cancel", async () => {
    const paused = await run("send", "pause", "7");
    assert.equal(paused.code, 0, paused.stderr);
    assert.match(
      paused.stdout,
      /^AN #7: paused\n {2}sent 0 of 5 \(0\.0%\) · queued 5 · sending 0 · failed 0/,
    );
    assert.match(paused.stdout, /rate 2\.5\/s/);
    const cancelled = await run("send", "cancel", "7");
    assert.match(cancelled.stdout, /AN #7: cancelled/);
    const list = await run("send", "status");
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /Issue\s+Status\s+Sent\s+Of/);
    assert.match(list.stdout, /AN #7\s+cancelled\s+0\s+5/);
    const resume = await run("send", "resume", "7");
    assert.equal(resume.code, 1);
    assert.match(resume.stderr, /send is cancelled: it cannot be resumed/);
  });
});
