import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { simpleParser } from "mailparser";
import { applyBounceEvents, type BounceEvent } from "../../src/bounces/index.ts";
import {
  type MailTransport,
  openTransport,
  type SendSummary,
  sendFigures,
  sendProgress,
  startSend,
  startWorker,
} from "../../src/delivery/index.ts";
import { addSubscriber } from "../../src/subscribers/index.ts";
import { createApp } from "../../src/web/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import {
  addSubscribers,
  configureNewsletter,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
  waitFor,
} from "./helpers.ts";

const SITE = "https://news.example.org";
const noAftermath = { hard: 0, soft: 0, complaints: 0, unsubscribes: 0 };

describe("a send's rates and their thresholds", () => {
  test("complaints warn above 0.1% and alarm at 0.3%; hard bounces warn at 2% and alarm at 5%", () => {
    const levels = (after: Partial<typeof noAftermath>, delivered = 1000) =>
      sendFigures(delivered, 0, { ...noAftermath, ...after }).alerts.map((a) => `${a.figure}:${a.level}`);
    assert.deepEqual(levels({ complaints: 1 }), [], "0.1% is not above 0.1%");
    assert.deepEqual(levels({ complaints: 2 }), ["complaints:warning"]);
    assert.deepEqual(levels({ complaints: 3 }), ["complaints:alarm"]);
    assert.deepEqual(levels({ hard: 19 }), []);
    assert.deepEqual(levels({ hard: 20 }), ["bouncedHard:warning"]);
    assert.deepEqual(levels({ hard: 50, complaints: 2 }), ["bouncedHard:alarm", "complaints:warning"]);
    assert.deepEqual(levels({ soft: 50 }), ["bouncedSoft:warning"]);
    const none = sendFigures(0, 3, { ...noAftermath, complaints: 1 });
    assert.equal(none.rates.complaints, null, "no rate before anything was delivered");
    assert.deepEqual(none.alerts, []);
    assert.match(
      sendFigures(1000, 0, { ...noAftermath, complaints: 3 }).alerts[0]!.message,
      /0\.30% of delivered/,
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`per-send figures: bounces, complaints and unsubscribes attributed to the send (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let sink: SmtpSink;
    let transport: MailTransport;
    let site: TestSite;
    let readers: string[];
    let summary: SendSummary;
    let sendId: number;

    /** The reader's message, and the delivery row that sent it. */
    async function received(email: string) {
      const m = sink.messages.find((x) => x.to === email)!;
      const row = await store.db
        .selectFrom("deliveries")
        .selectAll()
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
      return { mail: await simpleParser(m.raw), row };
    }

    before(async () => {
      store = await dialect.open();
      sink = await startSmtpSink();
      transport = openTransport(sink.url, { connections: 2 });
      await configureNewsletter(store, SITE);
      await publishedIssue(store);
      readers = await addSubscribers(store, 20, { prefix: "fig" });
      const started = await startSend(store, { issueNumber: 7 });
      assert.equal(started.figures.delivered, 0);
      const worker = startWorker(store, transport, { pollMs: 10, leaseMs: 5000 });
      await waitFor(async () => (await sendProgress(store, 7)).status === "done", 20_000, 20, "the send");
      await worker.stop();
      sendId = (await store.db.selectFrom("sends").select("id").executeTakeFirstOrThrow()).id;
      site = testSite(store);
      const app = createApp(store);

      // One-click (RFC 8058) with the List-Unsubscribe link of reader 0's email.
      const list = (await received(readers[0]!)).mail.headerLines.find(
        (h) => h.key === "list-unsubscribe",
      )!.line;
      const oneClick = /<(https:[^>]+)>/.exec(list)![1]!;
      const post = await app.request(oneClick, {
        method: "POST",
        body: "List-Unsubscribe=One-Click",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(post.status, 200);
      // Reader 1 opens the footer's link (GET shows a button) and presses it.
      const footer = /href="(https:\/\/news\.example\.org\/unsubscribe\?t=[^"]+)"/.exec(
        (await received(readers[1]!)).mail.html as string,
      )![1]!;
      const page = await (await app.request(footer)).text();
      const action = /<form[^>]*action="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, "&");
      assert.equal((await app.request(new URL(action, SITE).toString(), { method: "POST" })).status, 200);
      // Reader 2 unsubscribes from the preferences page of the same email.
      const prefs = /href="(https:\/\/news\.example\.org\/preferences\?t=[^"]+)"/.exec(
        (await received(readers[2]!)).mail.html as string,
      )![1]!;
      const token = new URL(prefs.replace(/&amp;/g, "&")).searchParams.get("t")!;
      const res = await app.request(`${SITE}/preferences?t=${token}`, {
        method: "POST",
        body: new URLSearchParams({ action: "unsubscribe" }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(res.status, 303, "the preferences page unsubscribes and shows itself again");
      // The operator unsubscribes reader 3: recorded, but for no send.
      await addSubscriber(store, { email: readers[3]!, status: "unsubscribed" });
      // Twice is once: the second one-click changes nothing and records nothing.
      await app.request(oneClick, { method: "POST", body: "List-Unsubscribe=One-Click" });

      const event = (
        email: string,
        kind: BounceEvent["kind"],
        key: string,
        messageId: string,
      ): BounceEvent => ({
        email,
        kind,
        source: "webhook",
        detail: "",
        at: new Date().toISOString(),
        messageId,
        key,
      });
      const id = async (i: number) => (await received(readers[i]!)).row.message_id;
      await applyBounceEvents(store, [
        event(readers[4]!, "hard", "h1", await id(4)),
        // Two soft bounces of one delivery count once.
        event(readers[5]!, "soft", "s1", await id(5)),
        event(readers[5]!, "soft", "s2", await id(5)),
        event(readers[6]!, "complaint", "c1", await id(6)),
        // Not this send's: another message, and an event that names none.
        event(readers[7]!, "hard", "h2", "an-6.0000@news.example.org"),
        event(readers[8]!, "complaint", "c2", ""),
      ]);
      summary = await sendProgress(store, 7);
    });
    after(async () => {
      transport?.close();
      await sink?.close();
      await store?.dispose();
    });

    test("each unsubscribe is recorded once, with how it came and the send whose link was used", async () => {
      const events = await store.db
        .selectFrom("unsubscribe_events")
        .innerJoin("subscribers", "subscribers.id", "unsubscribe_events.subscriber_id")
        .select(["subscribers.email", "unsubscribe_events.send_id", "unsubscribe_events.via"])
        .orderBy("unsubscribe_events.id")
        .execute();
      assert.deepEqual(events, [
        { email: readers[0], send_id: sendId, via: "link" },
        { email: readers[1], send_id: sendId, via: "link" },
        { email: readers[2], send_id: sendId, via: "preferences" },
        { email: readers[3], send_id: null, via: "operator" },
      ]);
    });

    test("counts and rates of delivered: bounces by the delivery's Message-ID, unsubscribes by the link's send", () => {
      const f = summary.figures;
      assert.deepEqual(
        [f.delivered, f.failed, f.bouncedHard, f.bouncedSoft, f.complaints, f.unsubscribes],
        [20, 0, 1, 1, 1, 3],
      );
      assert.deepEqual(f.rates, {
        failed: 0,
        bouncedHard: 0.05,
        bouncedSoft: 0.05,
        complaints: 0.05,
        unsubscribes: 0.15,
      });
      assert.deepEqual(
        f.alerts.map((a) => `${a.level} ${a.figure}`),
        ["alarm complaints", "alarm bouncedHard", "warning bouncedSoft"],
      );
    });

    test("`summa send status` shows them, and --json carries them", async () => {
      const run = (...args: string[]) => summaInProcess(["--db", store.url, ...args]);
      const text = await run("send", "status", "7");
      assert.equal(text.code, 0, text.stderr);
      assert.match(
        text.stdout,
        /delivered 20 · failed 0 \(0\.0%\) · bounced hard 1 \(5\.0%\), soft 1 \(5\.0%\) · complaints 1 \(5\.0%\) · unsubscribes 3 \(15\.0%\)/,
      );
      assert.match(text.stdout, /ALARM: Complaints: 5\.0% of delivered \(alarm at 0\.30%\)/);
      const json = await run("send", "status", "7", "--json");
      assert.equal(json.code, 0, json.stderr);
      const figures = JSON.parse(json.stdout).figures;
      assert.equal(figures.complaints, 1);
      assert.equal(figures.rates.unsubscribes, 0.15);
      assert.equal(figures.alerts[0].level, "alarm");
    });

    test("the desk's send page shows them, with the alarm", async () => {
      const editor = await site.login("editor", "Rohin");
      const page = await (await site.get("/desk/issues/7/send", editor)).text();
      assert.match(page, /Alarm: Complaints: 5\.0% of delivered/);
      assert.match(page, /<th scope="row">Unsubscribes<\/th><td>3<\/td><td>15\.0%<\/td>/);
      assert.match(page, /<th scope="row">Bounced \(hard\)<\/th><td>1<\/td><td>5\.0%<\/td>/);
    });
  });
}
