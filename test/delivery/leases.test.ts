import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type DeliveryWorker,
  type MailTransport,
  openTransport,
  sendProgress,
  startSend,
  startWorker,
} from "../../src/delivery/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import {
  addSubscribers,
  configureNewsletter,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
  waitFor,
} from "./helpers.ts";

const LEASE_MS = 400; // the worker looks for expired leases every 100 ms

for (const dialect of DIALECTS) {
  describe(`rows a dead worker left behind (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let sink: SmtpSink;
    let transport: MailTransport;
    let worker: DeliveryWorker;
    let orphans: string[];

    before(async () => {
      store = await dialect.open();
      sink = await startSmtpSink();
      transport = openTransport(sink.url, { connections: 1 });
      await configureNewsletter(store);
      const issue = await publishedIssue(store);
      await addSubscribers(store, 60);
      // 20 messages a second: the send takes about 3 s.
      await startSend(store, { issueNumber: issue, ratePerSecond: 20 });
      worker = startWorker(store, transport, { concurrency: 1, batchSize: 5, pollMs: 20, leaseMs: LEASE_MS });
      await sleep(500);
      // Mid-send, three rows at the end of the queue become rows a dead worker held and lost.
      const last = await store.db
        .selectFrom("deliveries")
        .select(["id", "email"])
        .where("status", "=", "queued")
        .orderBy("id", "desc")
        .limit(3)
        .execute();
      orphans = last.map((r) => r.email);
      await store.db
        .updateTable("deliveries")
        .set({
          status: "sending",
          claimed_by: "dead-worker",
          claimed_until: new Date(Date.now() - 1000).toISOString(),
        })
        .where(
          "id",
          "in",
          last.map((r) => r.id),
        )
        .execute();
      await waitFor(async () => (await sendProgress(store, issue)).status === "done", 20_000, 25, "the send");
    });

    after(async () => {
      await worker?.stop();
      transport?.close();
      await sink?.close();
      await store?.dispose();
    });

    test("are taken back within a fraction of their lease, not after the queue has drained", () => {
      const order = sink.messages.map((m) => m.to);
      assert.equal(order.length, 60, "everyone got it");
      assert.equal(new Set(order).size, 60, "once each");
      const positions = orphans.map((email) => order.indexOf(email));
      // About 10 messages went out before they were orphaned; they come back a sweep later.
      for (const at of positions) assert.ok(at >= 0 && at < 40, `an orphaned row was sent at position ${at}`);
    });
  });
}
