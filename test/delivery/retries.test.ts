import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import {
  backoffDelay,
  DEFAULT_RETRY,
  decideFailure,
  openTransport,
  sendProgress,
  startSend,
  startWorker,
} from "../../src/delivery/index.ts";
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

describe("the retry policy", () => {
  test("backs off 30 s, 2 min, 8 min, 32 min, then hourly; 5xx is final, 4xx and no reply are retried", () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((a) => backoffDelay(DEFAULT_RETRY, a) / 1000),
      [30, 120, 480, 1920, 3600, 3600],
    );
    assert.deepEqual(decideFailure(DEFAULT_RETRY, { code: 550, message: "no such user" }, 1), {
      retry: false,
    });
    assert.deepEqual(decideFailure(DEFAULT_RETRY, { code: 451, message: "later" }, 1), {
      retry: true,
      delayMs: 30_000,
    });
    assert.equal(decideFailure(DEFAULT_RETRY, { message: "ECONNREFUSED" }, 2).retry, true);
    assert.equal(
      decideFailure(DEFAULT_RETRY, { code: 421, message: "busy" }, 8).retry,
      false,
      "out of attempts",
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`SMTP refusals (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let sink: SmtpSink | undefined;
    let stopWorker: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      store = await dialect.open();
      await configureNewsletter(store);
      await publishedIssue(store);
    });
    afterEach(async () => {
      await stopWorker?.();
      await sink?.close();
      await store.dispose();
    });

    async function run(s: SmtpSink) {
      sink = s;
      const transport = openTransport(s.url, { connections: 3 });
      const worker = startWorker(store, transport, { pollMs: 10, retry: FAST_RETRY, concurrency: 3 });
      stopWorker = async () => {
        await worker.stop();
        transport.close();
      };
      await startSend(store, { issueNumber: 7 });
      await waitFor(async () => (await sendProgress(store, 7)).status === "done", 30_000, 20, "the send");
      return worker;
    }

    test("a server that answers 451 to a third of messages, then recovers: all delivered, retries recorded", async () => {
      const readers = await addSubscribers(store, 60);
      // A third of the first 60 messages are refused; then the server recovers, and every
      // refused message is retried and delivered.
      const s = await startSmtpSink({
        data: (_to, n) => (n < 60 && n % 3 === 0 ? { code: 451, message: "4.3.0 Try again later" } : null),
      });
      const worker = await run(s);
      assert.deepEqual([...s.counts.keys()].sort(), [...readers].sort());
      assert.ok(
        [...s.counts.values()].every((c) => c === 1),
        "once each",
      );
      assert.equal(s.refused, 20, "a third of the first 60 refused");
      const retries = await store.db
        .selectFrom("delivery_attempts")
        .select(["delivery_id", "reply"])
        .where("outcome", "=", "retry")
        .execute();
      assert.equal(retries.length, s.refused, "every refusal is recorded as a retry");
      assert.ok(
        retries.every((r) => r.reply.startsWith("451 4.3.0 Try again later")),
        retries[0]?.reply,
      );
      const p = await sendProgress(store, 7);
      assert.equal(p.counts.sent, 60);
      assert.equal(p.counts.failed, 0);
      assert.equal(worker.stats.retried, s.refused);
      const retried = await store.db
        .selectFrom("deliveries")
        .select(["attempts", "status"])
        .where("id", "in", [...new Set(retries.map((r) => r.delivery_id))])
        .execute();
      assert.ok(retried.every((r) => r.status === "sent" && r.attempts >= 2));
    });

    test("a message retried hours after its send started is dated when it was sent, not when the send started", async () => {
      const [reader] = await addSubscribers(store, 1);
      let refused = false;
      const s = await startSmtpSink({
        data: () => {
          if (refused) return null;
          refused = true;
          return { code: 451, message: "4.7.1 Greylisted" };
        },
      });
      sink = s;
      const transport = openTransport(s.url, { connections: 1 });
      const worker = startWorker(store, transport, { pollMs: 10, retry: FAST_RETRY });
      stopWorker = async () => {
        await worker.stop();
        transport.close();
      };
      // The send started three hours ago (a slow pace, a long queue); its message goes out now.
      await startSend(store, { issueNumber: 7, at: new Date(Date.now() - 3 * 60 * 60 * 1000) });
      await waitFor(async () => (await sendProgress(store, 7)).status === "done", 20_000, 20, "the send");
      assert.equal(s.refused, 1, "refused once, then retried");
      const m = s.messages.find((x) => x.to === reader)!;
      const date = Date.parse(/^Date: (.*)$/m.exec(m.raw)![1]!);
      // RFC 5322 dates have whole seconds: the Date is within a few seconds of its arrival.
      assert.ok(
        Math.abs(m.at - date) < 5000,
        `Date ${new Date(date).toISOString()}, arrived ${new Date(m.at).toISOString()}`,
      );
    });

    test("a server that answers 550 for some addresses: those fail for good and are reported, the rest delivered", async () => {
      const readers = await addSubscribers(store, 30, { prefix: "ok" });
      const unknown = await addSubscribers(store, 4, { prefix: "nosuchuser" });
      const s = await startSmtpSink({
        rcpt: (address) =>
          address.startsWith("nosuchuser") ? { code: 550, message: "5.1.1 No such user here" } : null,
      });
      await run(s);
      assert.deepEqual([...s.counts.keys()].sort(), [...readers].sort());
      const p = await sendProgress(store, 7);
      assert.equal(p.counts.sent, 30);
      assert.equal(p.counts.failed, 4);
      assert.deepEqual(p.failed.map((f) => f.email).sort(), [...unknown].sort());
      for (const f of p.failed) {
        assert.match(f.lastReply, /^550 5\.1\.1 No such user here/);
        assert.equal(f.attempts, 1, "a 5xx is not retried");
      }
      const failedAttempts = await store.db
        .selectFrom("delivery_attempts")
        .select("outcome")
        .where("outcome", "=", "failed")
        .execute();
      assert.equal(failedAttempts.length, 4);
    });

    test("a server that is down: connection errors are retried until it comes up", async () => {
      const readers = await addSubscribers(store, 10);
      // A port with nothing listening, then a real server on another: the transport is reopened
      // per worker, so run the worker against the dead port first.
      const dead = await startSmtpSink();
      const deadUrl = dead.url;
      await dead.close();
      const transport = openTransport(deadUrl, { connections: 2, timeoutMs: 2000 });
      const worker = startWorker(store, transport, { pollMs: 10, retry: FAST_RETRY });
      await startSend(store, { issueNumber: 7 });
      await waitFor(
        async () =>
          (
            await store.db
              .selectFrom("delivery_attempts")
              .select("id")
              .where("outcome", "=", "retry")
              .execute()
          ).length >= 10,
        20_000,
        20,
        "connection failures to be recorded",
      );
      await worker.stop();
      transport.close();
      const p = await sendProgress(store, 7);
      assert.equal(p.counts.sent, 0);
      assert.equal(p.counts.failed, 0, "not failed: a connection error is retried");
      const reply = await store.db.selectFrom("delivery_attempts").select("reply").executeTakeFirstOrThrow();
      assert.match(reply.reply, /ECONNREFUSED|connect/i);
      // The server comes back: everything goes out.
      const s = await startSmtpSink();
      sink = s;
      const transport2 = openTransport(s.url, { connections: 2 });
      const worker2 = startWorker(store, transport2, { pollMs: 10, retry: FAST_RETRY });
      stopWorker = async () => {
        await worker2.stop();
        transport2.close();
      };
      await waitFor(async () => (await sendProgress(store, 7)).status === "done", 20_000, 20, "the send");
      assert.deepEqual([...s.counts.keys()].sort(), [...readers].sort());
    });
  });
}
