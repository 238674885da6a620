import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import {
  cancelSend,
  type DeliveryWorker,
  type MailTransport,
  openTransport,
  pauseSend,
  resumeSend,
  sendProgress,
  startSend,
  startWorker,
  type WorkerOptions,
} from "../../src/delivery/index.ts";
import { SummaError } from "../../src/domain/errors.ts";
import { createDraftIssue } from "../../src/issues/index.ts";
import { setSetting } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import {
  addSubscribers,
  configureNewsletter,
  FAST_RETRY,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
  waitFor,
} from "./helpers.ts";

const code = (c: string) => (err: unknown) => err instanceof SummaError && err.code === c;

for (const dialect of DIALECTS) {
  describe(`sends: the frozen audience and its lifecycle (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let sink: SmtpSink;
    let transport: MailTransport;
    let worker: DeliveryWorker | undefined;

    beforeEach(async () => {
      store = await dialect.open();
      sink = await startSmtpSink();
      transport = openTransport(sink.url, { connections: 2 });
      await configureNewsletter(store);
      await publishedIssue(store);
    });
    afterEach(async () => {
      await worker?.stop();
      worker = undefined;
      transport.close();
      await sink.close();
      await store.dispose();
    });

    const work = (options: WorkerOptions = {}) => {
      worker = startWorker(store, transport, { pollMs: 10, retry: FAST_RETRY, concurrency: 2, ...options });
      return worker;
    };
    const done = () =>
      waitFor(async () => (await sendProgress(store, 7)).status === "done", 20_000, 20, "done");
    /** Resolves once the running worker has looked for due rows `n` more times and found none. */
    const idleFor = async (n: number) => {
      const from = worker!.idleRounds;
      await waitFor(() => worker!.idleRounds >= from + n, 10_000, 5, `${n} idle rounds of the worker`);
    };
    /** Resolves once the worker has handed back (or recorded) every row it held. */
    const handedBack = () =>
      waitFor(
        async () => (await sendProgress(store, 7)).counts.sending === 0,
        10_000,
        10,
        "rows handed back",
      );

    test("freezes the active audience once, with each reader's edition; a second send is refused", async () => {
      await addSubscribers(store, 3, { prefix: "full" });
      await addSubscribers(store, 2, { prefix: "hl", edition: "highlights" });
      for (const status of ["pending", "paused", "unsubscribed", "suppressed"] as const)
        await addSubscribers(store, 1, { prefix: status, status });
      const s = await startSend(store, { issueNumber: 7, ratePerSecond: 25, createdBy: "rohin@example.org" });
      assert.equal(s.status, "sending");
      assert.equal(s.total, 5);
      assert.equal(s.counts.queued, 5);
      assert.equal(s.ratePerSecond, 25);
      const editions = await store.db
        .selectFrom("deliveries")
        .select(["email", "edition"])
        .orderBy("id")
        .execute();
      assert.deepEqual(
        editions.map((e) => e.edition),
        ["full", "full", "full", "highlights", "highlights"],
      );
      await assert.rejects(startSend(store, { issueNumber: 7 }), code("conflict"));
      assert.equal((await store.db.selectFrom("deliveries").select("id").execute()).length, 5);
      // Who subscribes afterwards is not in this issue's audience.
      const [late] = await addSubscribers(store, 1, { prefix: "late" });
      work();
      await done();
      assert.equal(sink.counts.size, 5);
      assert.ok(!sink.counts.has(late!));
    });

    test("refuses drafts, unknown issues, bad rates and a site without its address", async () => {
      const draft = await createDraftIssue(store);
      await assert.rejects(startSend(store, { issueNumber: draft }), code("conflict"));
      await assert.rejects(startSend(store, { issueNumber: 999 }), code("not_found"));
      await assert.rejects(startSend(store, { issueNumber: 7, ratePerSecond: 0 }), code("input.invalid"));
      await setSetting(store.db, "newsletter.site_url", "");
      await assert.rejects(startSend(store, { issueNumber: 7 }), code("config.incomplete"));
      assert.equal((await store.db.selectFrom("sends").select("id").execute()).length, 0);
    });

    test("readers who leave after the audience froze are never sent to: re-checked at claim time", async () => {
      const [stays, leaves, bounced, pauses] = await addSubscribers(store, 4);
      await startSend(store, { issueNumber: 7 });
      const set = (email: string, status: "unsubscribed" | "suppressed" | "paused") =>
        store.db.updateTable("subscribers").set({ status }).where("email", "=", email).execute();
      await set(leaves!, "unsubscribed");
      await set(bounced!, "suppressed");
      await set(pauses!, "paused");
      work();
      await done();
      assert.deepEqual([...sink.counts.keys()], [stays]);
      const rows = await store.db
        .selectFrom("deliveries")
        .select(["email", "status"])
        .orderBy("id")
        .execute();
      assert.deepEqual(
        rows.map((r) => r.status),
        ["sent", "cancelled", "suppressed", "cancelled"],
      );
      assert.equal(worker!.stats.skipped, 3);
    });

    test("a scheduled send waits for its time, then goes out", async () => {
      await addSubscribers(store, 3);
      const at = new Date(Date.now() + 1200);
      const s = await startSend(store, { issueNumber: 7, at });
      assert.equal(s.status, "scheduled");
      work();
      await idleFor(5);
      assert.equal(sink.messages.length, 0, "nothing before its time");
      assert.equal((await sendProgress(store, 7)).status, "scheduled");
      await done();
      assert.equal(sink.messages.length, 3);
      assert.ok(sink.messages.every((m) => m.at >= at.getTime()));
    });

    test("the rate limit spaces messages out", async () => {
      await addSubscribers(store, 21);
      work({ concurrency: 4 });
      const started = Date.now();
      await startSend(store, { issueNumber: 7, ratePerSecond: 40 });
      await done();
      const times = sink.messages.map((m) => m.at).sort((a, b) => a - b);
      // 21 messages at 40/s start 25 ms apart: the last starts at least 500 ms after the send;
      // and no burst: 16 intervals from the 5th on take 400 ms, less one message's latency at
      // most (an acceptance is its start plus a latency that varies on a busy machine).
      assert.ok(times[20]! - started >= 500, `21 messages took ${times[20]! - started} ms at 40/s`);
      assert.ok(times[20]! - times[4]! >= 250, `16 intervals in ${times[20]! - times[4]!} ms at 40/s`);
    });

    test("pause stops a batch mid-way, resume finishes it; cancel stops it for good", async () => {
      await addSubscribers(store, 60);
      // One batch holds every row; the pace makes it last about three seconds.
      work({ batchSize: 100, refreshMs: 100 });
      await startSend(store, { issueNumber: 7, ratePerSecond: 20 });
      await waitFor(() => sink.messages.length >= 5, 10_000, 10, "a few messages");
      await pauseSend(store, 7);
      await handedBack();
      const atPause = sink.messages.length;
      await idleFor(5);
      assert.equal(sink.messages.length, atPause, "nothing more goes out while paused");
      const paused = await sendProgress(store, 7);
      assert.equal(paused.status, "paused");
      assert.equal(paused.counts.sending, 0, "the batch's rows were handed back");
      assert.ok(paused.counts.queued > 0 && paused.counts.sent === atPause);
      await assert.rejects(resumeSend(store, 8), code("not_found"));

      await resumeSend(store, 7);
      await waitFor(() => sink.messages.length >= atPause + 5, 10_000, 10, "sending again");
      const cancelled = await cancelSend(store, 7);
      assert.equal(cancelled.status, "cancelled");
      await handedBack();
      const atCancel = sink.messages.length;
      await idleFor(5);
      assert.equal(sink.messages.length, atCancel, "nothing more goes out once cancelled");
      const p = await sendProgress(store, 7);
      assert.equal(p.counts.sent, atCancel);
      assert.equal(p.counts.cancelled, 60 - atCancel);
      assert.equal(p.counts.queued + p.counts.sending, 0);
      assert.equal(sink.counts.size, atCancel, "nobody twice");
      await assert.rejects(resumeSend(store, 7), code("conflict"));
      await assert.rejects(startSend(store, { issueNumber: 7 }), code("conflict"), "it reached people");
    });

    test("a send cancelled before anything went out can be scheduled again", async () => {
      await addSubscribers(store, 2);
      await startSend(store, { issueNumber: 7, at: new Date(Date.now() + 3_600_000) });
      await cancelSend(store, 7);
      const again = await startSend(store, { issueNumber: 7 });
      assert.equal(again.status, "sending");
      assert.equal(again.total, 2);
      work();
      await done();
      assert.equal(sink.messages.length, 2);
    });
  });
}
