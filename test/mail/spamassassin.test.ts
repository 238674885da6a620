import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  type DeliveryWorker,
  type MailTransport,
  openTransport,
  sendProgress,
  sendTestMessage,
  startSend,
  startWorker,
} from "../../src/delivery/index.ts";
import { importFrom } from "../../src/entries/index.ts";
import { requestSubscription, sendDueSignupEmails } from "../../src/subscribers/index.ts";
import {
  addSubscribers,
  configureNewsletter,
  FAST_RETRY,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
  waitFor,
} from "../delivery/helpers.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { anDataFile, needAnData } from "../helpers/env.ts";
import { receivedHeader, scoreMessages, spamAssassinSkip } from "../helpers/spamassassin.ts";

const sqlite = DIALECTS.find((d) => d.name === "sqlite")!;
const HOUR = 60 * 60 * 1000;

/**
 * Every kind of message Summa sends, as the SMTP server received it, scored by SpamAssassin
 * after a realistic relay's Received header: none may score above 0.0. The bytes are the
 * message's, so this is about what Summa writes (dates, HTML, headers), not about the content.
 */
describe("SpamAssassin scores every kind of message Summa sends at most 0.0", {
  skip: spamAssassinSkip(),
}, () => {
  let store: TestStore;
  let sink: SmtpSink;
  let transport: MailTransport;
  let worker: DeliveryWorker | undefined;
  let real: TestStore | undefined;
  const kinds: { kind: string; to: string }[] = [];

  before(async () => {
    store = await sqlite.open();
    let refusedOnce = false;
    sink = await startSmtpSink({
      // The retried message: the server turns it away once (greylisting), it goes out later.
      data: (to) => {
        if (to.startsWith("retried-") && !refusedOnce) {
          refusedOnce = true;
          return { code: 451, message: "4.7.1 Greylisted, try again later" };
        }
        return null;
      },
    });
    transport = openTransport(sink.url, { connections: 1 });
    await configureNewsletter(store);
    const now = await publishedIssue(store, 7);
    const late = await publishedIssue(store, 8);

    const [reader] = await addSubscribers(store, 1, { prefix: "reader" });
    await startSend(store, { issueNumber: now });
    worker = startWorker(store, transport, { pollMs: 20, leaseMs: 5000, retry: FAST_RETRY });
    await waitFor(async () => (await sendProgress(store, now)).status === "done", 20_000, 25, "the send");
    kinds.push({ kind: "issue delivery", to: reader! });

    // A send that started four hours ago, whose message is only now taken (a slow pace or retries).
    const [retried] = await addSubscribers(store, 1, { prefix: "retried" });
    await startSend(store, { issueNumber: late, at: new Date(Date.now() - 4 * HOUR) });
    await waitFor(
      async () => (await sendProgress(store, late)).status === "done",
      20_000,
      25,
      "the late send",
    );
    kinds.push({ kind: "delivery retried 4 hours after its send started", to: retried! });
    await worker.stop();
    worker = undefined;

    await sendTestMessage(store, transport, { issueNumber: now, to: "editor@example.net" });
    kinds.push({ kind: "test copy", to: "editor@example.net" });

    await requestSubscription(store, { email: "new-reader@example.net" }, { client: "203.0.113.9" });
    await requestSubscription(store, { email: reader! }, { client: "203.0.113.9" });
    await sendDueSignupEmails(store, transport, { log: () => {} });
    kinds.push({ kind: "sign-up confirmation", to: "new-reader@example.net" });
    kinds.push({ kind: "already subscribed", to: reader! });

    // A real issue, AN #53 from the real sheet, when it is on this machine.
    if (!needAnData()) {
      real = await sqlite.open();
      await importFrom(real, anDataFile("an-database-2022.xlsx"));
      await configureNewsletter(real);
      const [an53] = await addSubscribers(real, 1, { prefix: "an53" });
      await startSend(real, { issueNumber: 53 });
      const w = startWorker(real, transport, { pollMs: 20, leaseMs: 5000 });
      await waitFor(async () => (await sendProgress(real!, 53)).status === "done", 20_000, 25, "AN #53");
      await w.stop();
      kinds.push({ kind: "AN #53 (the real issue)", to: an53! });
    }
  });

  after(async () => {
    await worker?.stop();
    transport?.close();
    await sink?.close();
    await store?.dispose();
    await real?.dispose();
  });

  test("each message scores <= 0.0 with a realistic Received header", async () => {
    const messages = kinds.map(({ kind, to }) => {
      const received = sink.messages.filter((m) => m.to === to);
      // The reader also gets the "already subscribed" email: the issue is the first, it the last.
      const m = kind === "already subscribed" ? received.at(-1) : received[0];
      assert.ok(m, `${kind}: nothing reached ${to}`);
      return `${receivedHeader(to, new Date(m!.at))}\r\n${m!.raw}`;
    });
    // The issue again through a relay without reverse DNS, where text in a tiny font counts.
    const issue = sink.messages.find((m) => m.to === kinds[0]!.to)!;
    messages.push(`${receivedHeader(issue.to, new Date(issue.at), { reverseDns: false })}\r\n${issue.raw}`);
    const all = await scoreMessages(messages);
    const noRdns = all.pop()!;
    console.log(`issue delivery, relay without reverse DNS: ${noRdns.score} ${noRdns.rules.join(",")}`);
    assert.deepEqual(
      noRdns.rules.filter((r) => /FONT|TINY/.test(r)),
      [],
      "no text in a tiny font (HTML_FONT_TINY_NORDNS)",
    );
    const verdicts = all;
    const report = kinds.map((k, i) => `${k.kind}: ${verdicts[i]!.score} ${verdicts[i]!.rules.join(",")}`);
    console.log(report.join("\n"));
    for (const [i, v] of verdicts.entries())
      assert.ok(v.score <= 0, `${kinds[i]!.kind} scored ${v.score}: ${v.rules.join(", ")}`);
  });
});
