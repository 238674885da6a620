import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { simpleParser } from "mailparser";
import { type MailTransport, openTransport, sendTestCopies, startSend } from "../../src/delivery/index.ts";
import { SummaError } from "../../src/domain/errors.ts";
import { changeSetting, clearSetting } from "../../src/newsletter/index.ts";
import { setSetting } from "../../src/store/index.ts";
import { changeTesters, listTesters } from "../../src/subscribers/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import {
  addSubscribers,
  configureNewsletter,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
} from "./helpers.ts";

const code = (c: string, setting?: string) => (err: unknown) => {
  assert.ok(err instanceof SummaError, String(err));
  assert.equal(err.code, c, err.message);
  if (setting) assert.equal(err.details.setting, setting);
  return true;
};

for (const dialect of DIALECTS) {
  describe(`postal address, test list and https (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let sink: SmtpSink;
    let transport: MailTransport;
    let testers: string[];

    before(async () => {
      store = await dialect.open();
      sink = await startSmtpSink();
      transport = openTransport(sink.url, { connections: 1 });
      await publishedIssue(store);
    });
    beforeEach(async () => {
      // Each test starts from nobody, no send, and the full configuration.
      await store.db.deleteFrom("deliveries").execute();
      await store.db.deleteFrom("sends").execute();
      await store.db.deleteFrom("subscribers").execute();
      await configureNewsletter(store);
      sink.messages.length = 0;
      sink.counts.clear();
      testers = [
        ...(await addSubscribers(store, 1, { prefix: "tester-full" })),
        ...(await addSubscribers(store, 1, { prefix: "tester-hl", edition: "highlights" })),
        ...(await addSubscribers(store, 1, { prefix: "tester-paused", status: "paused" })),
        ...(await addSubscribers(store, 1, { prefix: "tester-gone", status: "unsubscribed" })),
        ...(await addSubscribers(store, 1, { prefix: "tester-bounced", status: "suppressed" })),
      ];
      await changeTesters(store, testers, true);
    });
    after(async () => {
      transport?.close();
      await sink?.close();
      await store?.dispose();
    });

    test("the postal address is a setting of one line, shown in both parts of every issue email", async () => {
      await assert.rejects(
        changeSetting(store, "newsletter.postal_address", "1 Main St\nSpringfield"),
        code("config.invalid"),
      );
      await assert.rejects(
        changeSetting(store, "newsletter.postal_address", "1 Main St\u202eevil"),
        code("config.invalid"),
      );
      await assert.rejects(
        changeSetting(store, "newsletter.postal_address", "x".repeat(301)),
        code("config.invalid"),
      );
      assert.equal(
        await changeSetting(store, "newsletter.postal_address", "  Summa & Co, 1 <Main> St, Springfield  "),
        "Summa & Co, 1 <Main> St, Springfield",
      );
      await sendTestCopies(store, transport, { issueNumber: 7 });
      assert.equal(sink.messages.length, 3);
      for (const m of sink.messages) {
        const mail = await simpleParser(m.raw);
        assert.ok(mail.text?.includes("Our postal address: Summa & Co, 1 <Main> St, Springfield"), mail.text);
        assert.ok(
          (mail.html as string).includes(
            "Our postal address: Summa &amp; Co, 1 &lt;Main&gt; St, Springfield",
          ),
          "escaped in the HTML part",
        );
      }
    });

    test("List-Unsubscribe offers mailto only when something reads it: summa inbound, or a mailbox the operator named", async () => {
      const uris = async () => {
        sink.messages.length = 0;
        await sendTestCopies(store, transport, { issueNumber: 7 });
        const mail = await simpleParser(sink.messages[0]!.raw);
        const line = mail.headerLines.find((h) => h.key === "list-unsubscribe")!.line;
        return [...line.matchAll(/<([^>]+)>/g)].map((m) => m[1]!.replace(/\?.*$/, ""));
      };
      // Nothing reads newsletter+unsubscribe@: the https one-click link alone.
      assert.deepEqual(await uris(), ["https://news.example.org/unsubscribe"]);
      await changeSetting(store, "mail.bounce_address", "bounces@bounce.news.example.org");
      assert.deepEqual(await uris(), [
        "mailto:bounces+unsubscribe@bounce.news.example.org",
        "https://news.example.org/unsubscribe",
      ]);
      await clearSetting(store, "mail.bounce_address");
      await changeSetting(store, "subscribers.unsubscribe_address", "leave@news.example.org");
      assert.deepEqual(await uris(), [
        "mailto:leave@news.example.org",
        "https://news.example.org/unsubscribe",
      ]);
      await clearSetting(store, "subscribers.unsubscribe_address");
    });

    test("a send reaching anyone but testers needs the postal address; one to testers alone does not", async () => {
      await clearSetting(store, "newsletter.postal_address");
      const outsider = (await addSubscribers(store, 1, { prefix: "reader" }))[0]!;
      await assert.rejects(
        startSend(store, { issueNumber: 7 }),
        (err: unknown) =>
          code("config.incomplete", "newsletter.postal_address")(err) &&
          /summa settings set newsletter\.postal_address/.test((err as Error).message),
      );
      assert.equal(await store.db.selectFrom("sends").select("id").executeTakeFirst(), undefined);
      // The only outsider leaves the list: everyone the send would reach is a tester.
      await changeTesters(store, [outsider], true);
      const s = await startSend(store, { issueNumber: 7 });
      assert.equal(s.total, 3, "the active testers (the real send's audience is active subscribers)");
      assert.deepEqual(s.warnings, []);
    });

    test("an http site refuses a send to more than testers, unless allowHttp, which warns", async () => {
      await setSetting(store.db, "newsletter.site_url", "http://127.0.0.1:3000");
      await addSubscribers(store, 2, { prefix: "reader" });
      await assert.rejects(
        startSend(store, { issueNumber: 7 }),
        (err: unknown) =>
          code("config.incomplete", "newsletter.site_url")(err) &&
          /needs https/.test((err as Error).message) &&
          /--allow-http/.test((err as Error).message),
      );
      assert.equal(await store.db.selectFrom("sends").select("id").executeTakeFirst(), undefined);
      const s = await startSend(store, { issueNumber: 7, allowHttp: true, at: new Date("2999-01-01") });
      assert.equal(s.total, 4, "2 active testers and 2 readers");
      assert.equal(s.warnings.length, 1);
      assert.match(s.warnings[0]!, /^WARNING: sending from an http site \(http:\/\/127\.0\.0\.1:3000\)/);
    });

    test("test copies on an http site are allowed, and the test list's copies are sent to testers only", async () => {
      await setSetting(store.db, "newsletter.site_url", "http://127.0.0.1:3000");
      await clearSetting(store, "newsletter.postal_address");
      await addSubscribers(store, 2, { prefix: "reader" });
      const results = await sendTestCopies(store, transport, { issueNumber: 7 });
      assert.deepEqual(
        results.map((r) => r.to),
        testers.slice(0, 3),
        "active and paused testers; not the unsubscribed nor the suppressed one, nor readers",
      );
      for (const r of results) assert.ok("response" in r && r.response.startsWith("250 "));
      assert.deepEqual([...sink.counts.keys()].sort(), testers.slice(0, 3).sort());
      // Each in their own edition, with their own (working) links.
      const hl = await simpleParser(sink.messages.find((m) => m.to === testers[1])!.raw);
      assert.ok(hl.text?.includes("This is the highlights edition"));
      const full = await simpleParser(sink.messages.find((m) => m.to === testers[0])!.raw);
      assert.ok(!full.text?.includes("This is the highlights edition"));
      assert.match(full.text ?? "", /http:\/\/127\.0\.0\.1:3000\/unsubscribe\?t=/);
      assert.match(String(full.messageId), /\.test-[0-9a-f]{12}@news\.example\.org>$/);
      // Nothing recorded: the real send later still reaches the testers.
      assert.equal(await store.db.selectFrom("sends").select("id").executeTakeFirst(), undefined);
      await configureNewsletter(store);
      const s = await startSend(store, { issueNumber: 7, at: new Date("2999-01-01") });
      const audience = await store.db
        .selectFrom("deliveries")
        .select("email")
        .where("issue_number", "=", 7)
        .execute();
      assert.ok(
        audience.some((d) => d.email === testers[0]),
        "the tester is in the real send's audience",
      );
      assert.equal(s.total, 4);
    });

    test("an edition given applies to every tester; an empty test list is a clear error", async () => {
      await sendTestCopies(store, transport, { issueNumber: 7, edition: "highlights" });
      for (const m of sink.messages)
        assert.ok((await simpleParser(m.raw)).text?.includes("This is the highlights edition"), m.to);
      await changeTesters(store, testers, false);
      await assert.rejects(
        sendTestCopies(store, transport, { issueNumber: 7 }),
        (err: unknown) =>
          code("config.incomplete")(err) && /summa subscribers tester add/.test((err as Error).message),
      );
      await assert.rejects(sendTestCopies(store, transport, { issueNumber: 99 }), code("not_found"));
    });

    test("testers: marking is all or none, unknown addresses are named, repeats are reported", async () => {
      await changeTesters(store, testers, false);
      await assert.rejects(
        changeTesters(store, [testers[0]!, "Nobody@Example.org", "ghost@example.org"], true),
        (err: unknown) =>
          code("not_found")(err) &&
          /Not a subscriber: nobody@example\.org, ghost@example\.org\. Add an address first with: summa subscribers add/.test(
            (err as Error).message,
          ),
      );
      assert.deepEqual(await listTesters(store), [], "nothing changed");
      assert.deepEqual(await changeTesters(store, [testers[0]!.toUpperCase(), testers[1]!], true), {
        changed: [testers[0], testers[1]],
        unchanged: [],
      });
      assert.deepEqual(await changeTesters(store, [testers[1]!], true), {
        changed: [],
        unchanged: [testers[1]],
      });
      assert.deepEqual(
        (await listTesters(store)).map((t) => t.email),
        testers.slice(0, 2),
      );
      await assert.rejects(changeTesters(store, ["not an address"], true), code("input.invalid"));
    });
  });
}
