import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, test } from "node:test";
import { type DeliveryWorker, sendProgress, startSend, startWorker } from "../../src/delivery/index.ts";
import { type MemoryTransport, type MessageSigner, memoryTransport } from "../../src/mail/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { addSubscribers, configureNewsletter, FAST_RETRY, publishedIssue, waitFor } from "./helpers.ts";

const digest = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A stand-in for DKIM: a header in front that covers the message exactly as personalised. */
const testSigner: MessageSigner = (message) =>
  Buffer.concat([Buffer.from(`X-Test-Signature: ${digest(message)}\r\n`), message]);

for (const dialect of DIALECTS) {
  describe(`the worker's seams: memory transport, signing step (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let transport: MemoryTransport;
    let worker: DeliveryWorker | undefined;

    beforeEach(async () => {
      store = await dialect.open();
      transport = memoryTransport();
      await configureNewsletter(store);
      await publishedIssue(store);
    });
    afterEach(async () => {
      await worker?.stop();
      worker = undefined;
      transport.close();
      await store.dispose();
    });

    test("each message is signed after personalisation, and goes out from the template's envelope sender", async () => {
      const readers = await addSubscribers(store, 12);
      await startSend(store, { issueNumber: 7 });
      worker = startWorker(store, transport, {
        pollMs: 10,
        retry: FAST_RETRY,
        concurrency: 3,
        sign: testSigner,
      });
      await waitFor(async () => (await sendProgress(store, 7)).status === "done", 20_000, 20, "done");
      assert.deepEqual(transport.accepted.map((m) => m.to).sort(), [...readers].sort());
      for (const m of transport.accepted) {
        const raw = m.raw.toString("utf8");
        const [first, ...rest] = raw.split("\r\n");
        const signed = Buffer.from(rest.join("\r\n"));
        assert.equal(
          first,
          `X-Test-Signature: ${digest(signed)}`,
          "the signature covers the personalised bytes",
        );
        assert.ok(raw.includes(`To: "Reader `) || raw.includes("To: Reader "), "personalised before signing");
        assert.ok(raw.includes(m.to), "its own reader's message");
        assert.equal(m.from, "newsletter@news.example.org");
      }
      assert.equal(worker.stats.sent, 12);
    });
  });
}
