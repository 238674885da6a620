import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { loadBounceAddressing, verpAddress } from "../../src/bounces/index.ts";
import {
  type DeliveryWorker,
  type MailTransport,
  openTransport,
  sendProgress,
  sendTestMessage,
  startSend,
  startWorker,
} from "../../src/delivery/index.ts";
import { type InboundListener, startInboundListener } from "../../src/inbound/index.ts";
import { changeSetting } from "../../src/newsletter/index.ts";
import { addSentDelivery, addSubscriber, june } from "../bounces/helpers.ts";
import {
  addSubscribers,
  configureNewsletter,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
  waitFor,
} from "../delivery/helpers.ts";
import { POSTFIX_DELAYED, POSTFIX_USER_UNKNOWN } from "../formats/dsn-samples.ts";
import { ARF_ABUSE } from "../formats/mail-samples.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { deliverTo, outOfOffice, unsubscribeRequest } from "./helpers.ts";

const VERP = /^bounces\+d(\d+)-[0-9a-f]{16}@bounce\.example\.org$/;

for (const dialect of DIALECTS) {
  describe(`bounce address (VERP) and inbound mail (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let sink: SmtpSink;
    let transport: MailTransport;
    let worker: DeliveryWorker;
    let listener: InboundListener;
    let readers: string[];
    const log: string[] = [];

    /** What the sink got for a reader: its envelope sender and its bytes. */
    const received = (email: string) => sink.messages.find((m) => m.to === email)!;
    const state = (email: string) =>
      store.db
        .selectFrom("subscribers")
        .select(["id", "status", "suppressed_reason", "soft_bounces"])
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
    const events = (subscriberId: number) =>
      store.db.selectFrom("bounce_events").selectAll().where("subscriber_id", "=", subscriberId).execute();
    const delivery = (email: string) =>
      store.db.selectFrom("deliveries").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
    const send = (to: string, raw: string, from = "") => deliverTo(listener.port, to, raw, from);

    before(async () => {
      store = await dialect.open();
      sink = await startSmtpSink();
      transport = openTransport(sink.url, { connections: 2 });
      await configureNewsletter(store, "https://news.example.org");
      // Mixed case, as an operator may type it: kept lowercase, since some servers lowercase.
      assert.equal(
        await changeSetting(store, "mail.bounce_address", "Bounces@Bounce.Example.org"),
        "bounces@bounce.example.org",
      );
      const issue = await publishedIssue(store);
      readers = await addSubscribers(store, 10, { prefix: "verp" });
      await startSend(store, { issueNumber: issue, createdBy: "test" });
      worker = startWorker(store, transport, { pollMs: 20, leaseMs: 5000 });
      await waitFor(async () => (await sendProgress(store, issue)).status === "done", 20_000, 25, "the send");
      listener = await startInboundListener(store, { host: "127.0.0.1", port: 0, log: (l) => log.push(l) });
    });

    after(async () => {
      await listener?.close();
      await worker?.stop();
      transport?.close();
      await sink?.close();
      await store?.dispose();
    });

    test("each delivery goes out with its own signed bounce address as the envelope sender", async () => {
      const addressing = (await loadBounceAddressing(store))!;
      const senders = new Set<string>();
      for (const email of readers) {
        const row = await delivery(email);
        const from = received(email).from;
        assert.match(from, VERP);
        assert.equal(Number(VERP.exec(from)![1]), row.id, "the tag names the delivery");
        assert.equal(from, verpAddress(addressing, row.id));
        assert.ok(from.split("@")[0]!.length <= 64, "RFC 5321: 64 characters before the @");
        senders.add(from);
      }
      assert.equal(senders.size, readers.length);
      // The mailto unsubscribe goes to the bounce domain too, where `summa inbound` reads it.
      assert.match(
        received(readers[0]!).raw.replace(/\r\n[ \t]+/g, " "),
        /<mailto:bounces\+unsubscribe@bounce\.example\.org\?subject=unsubscribe%20/,
      );
    });

    test("a test copy goes out with the plain bounce address", async () => {
      await sendTestMessage(store, transport, { issueNumber: 7, to: "editor@example.org" });
      assert.equal(received("editor@example.org").from, "bounces@bounce.example.org");
    });

    test("a hard DSN to a delivery's address suppresses its reader, whoever the report names", async () => {
      const email = readers[0]!;
      // The sample names bob@example.com: a forwarding address, say. The envelope decides.
      const reply = await send(received(email).from, POSTFIX_USER_UNKNOWN);
      assert.equal(reply.code, 250, reply.response);
      const s = await state(email);
      assert.equal(s.status, "suppressed");
      assert.match(s.suppressed_reason, /^hard bounce: 5\.1\.1 550 5\.1\.1/);
      const [event, ...more] = await events(s.id);
      assert.equal(more.length, 0);
      assert.equal(event!.kind, "hard");
      assert.equal(event!.email, email);
      // Per-send figures join bounce_events.message_id to deliveries.message_id.
      assert.equal(event!.message_id, (await delivery(email)).message_id);
    });

    test("a soft DSN that names no recipient counts once for the delivery's reader, however often it comes", async () => {
      const email = readers[1]!;
      const anonymous = POSTFIX_DELAYED.replace("Final-Recipient: rfc822; slow@example.net\n", "");
      assert.notEqual(anonymous, POSTFIX_DELAYED);
      for (let i = 0; i < 2; i++) assert.equal((await send(received(email).from, anonymous)).code, 250);
      const s = await state(email);
      assert.deepEqual([s.status, s.soft_bounces], ["active", 1]);
      const list = await events(s.id);
      assert.deepEqual(
        list.map((e) => [e.kind, e.message_id]),
        [["soft", (await delivery(email)).message_id]],
      );
    });

    test("a complaint (ARF) to a delivery's address suppresses its reader", async () => {
      const email = readers[2]!;
      assert.equal((await send(received(email).from, ARF_ABUSE)).code, 250);
      const s = await state(email);
      assert.deepEqual([s.status, s.suppressed_reason], ["suppressed", "complaint"]);
    });

    test("a complaint to the plain bounce address counts when it quotes a delivery's bounce address", async () => {
      const email = readers[3]!;
      const quoting = ARF_ABUSE.replace("<arf.7d1e.1718272800@", "<arf.second@").replace(
        "From: Alignment Newsletter <newsletter@example.org>\nTo: erin@yahoo.example",
        `Return-Path: <${received(email).from}>\nFrom: Alignment Newsletter <newsletter@example.org>\nTo: someone`,
      );
      assert.notEqual(quoting.indexOf("Return-Path: <bounces+"), -1);
      assert.equal((await send("bounces@bounce.example.org", quoting)).code, 250);
      assert.equal((await state(email)).status, "suppressed");
    });

    test("a DSN to the plain bounce address that only names a reader changes nothing (anyone can write one)", async () => {
      const email = readers[4]!;
      const forged = POSTFIX_USER_UNKNOWN.replace(/bob@example\.com/gi, email).replace(
        "<20240610091244.3F1A21C0123@",
        "<forged.1@",
      );
      const before = log.length;
      assert.equal((await send("bounces@bounce.example.org", forged)).code, 250);
      const s = await state(email);
      assert.equal(s.status, "active");
      assert.deepEqual(await events(s.id), []);
      assert.match(
        log.slice(before).join("\n"),
        /ignored: sent to the plain bounce address and quotes no delivery/,
      );
    });

    test("an out-of-office reply to a delivery's address is ignored and logged", async () => {
      const email = readers[5]!;
      const before = log.length;
      assert.equal((await send(received(email).from, outOfOffice(received(email).from))).code, 250);
      const s = await state(email);
      assert.deepEqual([s.status, s.soft_bounces], ["active", 0]);
      assert.deepEqual(await events(s.id), []);
      assert.match(
        log.slice(before).join("\n"),
        /bounce mail ignored: delivery \d+: not a bounce or complaint report/,
      );
    });

    test("forged tags and other recipients are refused with 550; nothing is recorded", async () => {
      const id = (await delivery(readers[6]!)).id;
      const other = received(readers[7]!).from;
      const forged = [
        `bounces+d${id}-0123456789abcdef@bounce.example.org`,
        // A genuine tag moved to another delivery.
        other.replace(/\+d\d+-/, `+d${id}-`),
        `bounces+d${id}@bounce.example.org`,
        "postmaster@bounce.example.org",
        "anyone@example.net",
        "newsletter@news.example.org",
      ];
      const count = async () => (await store.db.selectFrom("bounce_events").select("id").execute()).length;
      const before = await count();
      for (const to of forged) {
        const reply = await send(to, POSTFIX_USER_UNKNOWN.replace("<2024", "<forge"));
        assert.equal(reply.code, 550, `${to}: ${reply.response}`);
      }
      assert.equal(await count(), before);
      assert.equal((await state(readers[6]!)).status, "active");
      // Case does not matter: some servers lowercase (or uppercase) the address they bounce to.
      assert.equal((await send(other.toUpperCase(), outOfOffice("x"))).code, 250);
    });

    test("a message over the size limit is refused with 552", async () => {
      const big = `${outOfOffice("x")}${"0123456789abcdef".repeat(70_000)}\n`;
      const reply = await send(received(readers[8]!).from, big);
      assert.equal(reply.code, 552, reply.response);
    });

    test("a mailto unsubscribe with the reader's token unsubscribes them; an encoded Subject too", async () => {
      for (const [email, encode] of [
        [readers[8]!, false],
        [readers[9]!, true],
      ] as const) {
        const header = received(email).raw.replace(/\r\n[ \t]+/g, " ");
        const [, to, subject] = /<mailto:([^?>]+)\?subject=([^>]+)>/.exec(header)!;
        const text = decodeURIComponent(subject!);
        const written = encode
          ? `=?UTF-8?Q?${text.replace(/[ _=?]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase()}`)}?=`
          : text;
        assert.equal((await send(to!, unsubscribeRequest(to!, written))).code, 250);
        assert.equal((await state(email)).status, "unsubscribed");
        // Counted as a mailto unsubscribe, for the send whose email carried the token.
        const delivered = await delivery(email);
        const recorded = await store.db
          .selectFrom("unsubscribe_events")
          .innerJoin("subscribers", "subscribers.id", "unsubscribe_events.subscriber_id")
          .select(["unsubscribe_events.send_id", "unsubscribe_events.via"])
          .where("subscribers.email", "=", email)
          .execute();
        assert.deepEqual(recorded, [{ send_id: delivered.send_id, via: "mailto" }]);
      }
    });

    test("an unsubscribe request without a genuine token changes nothing, whatever its From", async () => {
      const email = readers[7]!;
      const header = received(email).raw.replace(/\r\n[ \t]+/g, " ");
      const [, to, subject] = /<mailto:([^?>]+)\?subject=([^>]+)>/.exec(header)!;
      const token = decodeURIComponent(subject!).replace(/^unsubscribe /, "");
      const altered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
      const before = log.length;
      for (const subj of [`unsubscribe ${altered}`, "unsubscribe", "please remove me"])
        assert.equal((await send(to!, unsubscribeRequest(to!, subj, email), email)).code, 250);
      assert.equal((await state(email)).status, "active");
      const lines = log.slice(before);
      assert.equal(lines.length, 3);
      for (const line of lines) assert.match(line, /^unsubscribe request ignored: /);
    });
  });

  describe(`inbound mail when the store fails (${dialect.name})`, { skip: dialect.skip }, () => {
    test("a store error answers 451, so the sender keeps the message and retries", async () => {
      const store = await dialect.open();
      const listener = await startInboundListener(store, { host: "127.0.0.1", port: 0, log: () => {} });
      try {
        await changeSetting(store, "mail.bounce_address", "bounces@bounce.example.org");
        const id = await addSubscriber(store, "reader@example.org");
        await addSentDelivery(store, id, "reader@example.org", june(3), "an-1.x.d1@news.example.org");
        const row = await store.db.selectFrom("deliveries").select("id").executeTakeFirstOrThrow();
        const to = verpAddress((await loadBounceAddressing(store))!, row.id);
        // The policy's table gone: the event cannot be committed.
        await store.db.schema.dropTable("bounce_events").execute();
        const reply = await deliverTo(listener.port, to, POSTFIX_USER_UNKNOWN);
        assert.equal(reply.code, 451, reply.response);
      } finally {
        await listener.close();
        await store.dispose();
      }
    });
  });
}
