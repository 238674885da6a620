import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { simpleParser } from "mailparser";
import {
  type DeliveryWorker,
  type MailTransport,
  openTransport,
  sendProgress,
  sendTestMessage,
  startSend,
  startWorker,
} from "../../src/delivery/index.ts";
import { changeSetting } from "../../src/newsletter/index.ts";
import { createApp } from "../../src/web/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import {
  addSubscribers,
  configureNewsletter,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
  waitFor,
} from "./helpers.ts";

const SITE = "http://summa.test";

for (const dialect of DIALECTS) {
  describe(`an issue sent over real SMTP (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let sink: SmtpSink;
    let transport: MailTransport;
    let worker: DeliveryWorker;
    let issue: number;
    let full: string;
    let highlights: string;

    before(async () => {
      store = await dialect.open();
      sink = await startSmtpSink();
      transport = openTransport(sink.url, { connections: 2 });
      await configureNewsletter(store, SITE);
      await changeSetting(store, "mail.feedback_id_sender", "an-test");
      issue = await publishedIssue(store);
      full = (await addSubscribers(store, 1, { prefix: "full", name: () => 'Zoë "Q" <Ω>, Esq.' }))[0]!;
      highlights = (await addSubscribers(store, 1, { prefix: "hl", edition: "highlights" }))[0]!;
      for (const status of ["paused", "pending", "unsubscribed", "suppressed"] as const)
        await addSubscribers(store, 1, { prefix: status, status });
      // The site is http (links are followed in-process): a local trial, hence allowHttp.
      await startSend(store, { issueNumber: issue, createdBy: "test", allowHttp: true });
      worker = startWorker(store, transport, { pollMs: 20, leaseMs: 5000 });
      await waitFor(async () => (await sendProgress(store, issue)).status === "done", 20_000, 25, "the send");
    });

    after(async () => {
      await worker?.stop();
      transport?.close();
      await sink?.close();
      await store?.dispose();
    });

    test("only active subscribers get it, once each, and every reply is recorded", async () => {
      assert.deepEqual([...sink.counts.entries()].sort(), [
        [full, 1],
        [highlights, 1],
      ]);
      const rows = await store.db.selectFrom("deliveries").selectAll().orderBy("id").execute();
      assert.deepEqual(
        rows.map((r) => [r.email, r.status]),
        [
          [full, "sent"],
          [highlights, "sent"],
        ],
      );
      for (const r of rows) {
        assert.match(r.last_reply, /^250 /);
        assert.ok(r.sent_at);
        assert.equal(r.attempts, 1);
        const received = sink.messages.find((m) => m.to === r.email)!;
        assert.ok(r.message_id && received.raw.includes(r.message_id), "the row names the message sent");
      }
      // An accepted message's record is its delivery row; delivery_attempts holds refusals only.
      assert.deepEqual(await store.db.selectFrom("delivery_attempts").selectAll().execute(), []);
      assert.equal(sink.messages[0]!.from, "newsletter@news.example.org");
    });

    test("headers: To with the reader's name, List-Unsubscribe (https; no mailto nobody reads), one-click, a Message-ID per message", async () => {
      const ids = new Set<string>();
      for (const m of sink.messages) {
        const mail = await simpleParser(m.raw);
        const row = await store.db
          .selectFrom("deliveries")
          .selectAll()
          .where("email", "=", m.to)
          .executeTakeFirstOrThrow();
        assert.equal(mail.messageId, `<${row.message_id}>`);
        assert.match(row.message_id, new RegExp(`^an-7\\.[0-9a-f]{24}\\.d${row.id}@news\\.example\\.org$`));
        ids.add(row.message_id);
        const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
        assert.equal(to?.value[0]?.address, m.to);
        if (m.to === full) assert.equal(to?.value[0]?.name, 'Zoë "Q" <Ω>, Esq.');
        const list = mail.headerLines.find((h) => h.key === "list-unsubscribe")!.line;
        const uris = [...list.matchAll(/<([^>]+)>/g)].map((x) => x[1]!);
        // No mailto: without a bounce address or a named mailbox nothing would read it (the
        // mailto form, read by summa inbound, is tested in test/inbound and compliance.test.ts).
        assert.equal(uris.length, 1, list);
        assert.match(uris[0]!, /^http:\/\/summa\.test\/unsubscribe\?t=[\w.-]+$/);
        const post = mail.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line;
        assert.equal(post, "List-Unsubscribe-Post: List-Unsubscribe=One-Click");
        // No subject: the highlights' titles name it (domain/issue-subject.ts).
        assert.equal(mail.subject, "[AN #7]: The highlighted paper");
        // RFC 2919, from the name and the From domain; Gmail's Feedback-ID per issue and edition.
        const header = (name: string) => mail.headerLines.filter((h) => h.key === name).map((h) => h.line);
        assert.deepEqual(header("list-id"), [
          "List-Id: Alignment Newsletter <alignment-newsletter.news.example.org>",
        ]);
        const edition = m.to === highlights ? "highlights" : "full";
        assert.deepEqual(header("feedback-id"), [`Feedback-ID: 7:${edition}:alignment-newsletter:an-test`]);
        for (const line of m.raw.split("\r\n")) assert.ok(line.length <= 998);
      }
      assert.equal(ids.size, 2, "each message has its own Message-ID");
    });

    test("both parts, per edition: the highlights edition leaves the sections out", async () => {
      for (const m of sink.messages) {
        const mail = await simpleParser(m.raw);
        const html = mail.html as string;
        const text = mail.text ?? "";
        for (const part of [html, text]) {
          assert.ok(part.includes("The highlighted paper"));
          assert.equal(part.includes("A sectioned paper"), m.to === full, `${m.to}: sections`);
          assert.ok(part.includes(m.to), "the footer names the address");
          assert.ok(!part.includes("{{"), "no token is left");
        }
        if (m.to === highlights) assert.ok(text.includes("This is the highlights edition"));
        // QP lines stay within 76 characters after personalisation, links included.
        const body = m.raw.slice(m.raw.indexOf("\r\n\r\n"));
        for (const line of body.split("\r\n")) assert.ok(line.length <= 76, `${line.length}: ${line}`);
      }
    });

    test("the personal links work against the running site: preferences page, then one-click unsubscribe", async () => {
      const app = createApp(store);
      const mail = await simpleParser(sink.messages.find((m) => m.to === full)!.raw);
      const html = mail.html as string;
      const prefs = /href="(http:\/\/summa\.test\/preferences\?t=[^"]+)"/.exec(html)?.[1];
      assert.ok(prefs, "a preferences link in the HTML part");
      const page = await app.request(prefs!.replace(/&amp;/g, "&"));
      assert.equal(page.status, 200);
      assert.ok((await page.text()).includes(full));
      assert.ok(mail.text?.includes(prefs!.replace(/&amp;/g, "&")), "the same link in the text part");

      const list = mail.headerLines.find((h) => h.key === "list-unsubscribe")!.line;
      const https = /<(http:[^>]+)>/.exec(list)![1]!;
      // RFC 8058: a POST of exactly this body, no cookies.
      const post = () =>
        app.request(https, {
          method: "POST",
          body: "List-Unsubscribe=One-Click",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        });
      assert.equal((await post()).status, 200);
      assert.equal((await post()).status, 200, "idempotent");
      const row = await store.db
        .selectFrom("subscribers")
        .select("status")
        .where("email", "=", full)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "unsubscribed");
    });

    test("a test send goes to one address and touches no send or delivery", async () => {
      const before = await store.db.selectFrom("deliveries").select("id").execute();
      const result = await sendTestMessage(store, transport, {
        issueNumber: issue,
        to: "Editor@Example.org",
        edition: "highlights",
      });
      assert.equal(result.to, "editor@example.org");
      assert.match(result.response, /^250 /);
      assert.equal(sink.counts.get("editor@example.org"), 1);
      const mail = await simpleParser(sink.messages.at(-1)!.raw);
      assert.equal(mail.messageId, `<${result.messageId}>`);
      assert.ok(!(mail.text ?? "").includes("A sectioned paper"));
      assert.equal((await store.db.selectFrom("deliveries").select("id").execute()).length, before.length);
    });
  });
}
