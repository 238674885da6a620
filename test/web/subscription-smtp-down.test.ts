import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type MailTransport, openTransport } from "../../src/mail/index.ts";
import { findSubscriber, listSignupEmails, setSetting } from "../../src/store/index.ts";
import { sendDueSignupEmails } from "../../src/subscribers/index.ts";
import { createApp } from "../../src/web/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { fromClient, type Mailbox, startMailbox } from "../subscribers/helpers.ts";

const ORIGIN = "http://summa.test";

function form(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  };
}

for (const dialect of DIALECTS) {
  describe(`sign-up without a working SMTP server (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let mailbox: Mailbox;
    let mail: MailTransport;
    let app: ReturnType<typeof createApp>;
    const signUp = (fields: Record<string, string>) =>
      app.request(`${ORIGIN}/subscribe`, form(fields), fromClient("198.51.100.1"));

    before(async () => {
      store = await dialect.open();
      mailbox = await startMailbox();
      mail = openTransport(mailbox.url, { timeoutMs: 5000 });
      app = createApp(store, { mail });
      await setSetting(store.db, "newsletter.site_url", "https://news.example.org");
    });
    after(async () => {
      mail?.close();
      await mailbox?.close();
      await store?.dispose();
    });

    test("without SMTP the form still works: the address is pending, its email waits in the queue, the log says so", async () => {
      const bare = createApp(store);
      const lines: string[] = [];
      const write = process.stderr.write;
      process.stderr.write = ((chunk: string) => {
        lines.push(String(chunk));
        return true;
      }) as typeof process.stderr.write;
      let res: Response;
      try {
        res = await bare.request(
          `${ORIGIN}/subscribe`,
          form({ email: "nosmtp@example.org" }),
          fromClient("192.0.2.1"),
        );
      } finally {
        process.stderr.write = write;
      }
      assert.equal(res.status, 303);
      const row = await findSubscriber(store.db, "nosmtp@example.org");
      assert.equal(row?.status, "pending");
      assert.deepEqual(
        (await listSignupEmails(store.db)).map((q) => q.subscriber_id),
        [row!.id],
        "the email is queued",
      );
      assert.ok(lines.some((l) => l.includes("SMTP_URL is not set: a sign-up email waits in the queue")));
      assert.doesNotMatch(lines.join(""), /nosmtp@/, "the log never names the address");
      assert.match(await (await bare.request(`${ORIGIN}/subscribe/thanks`)).text(), /cannot send email yet/);
      await mailbox.expectNothing();
      // Once a process with SMTP runs the mailer, the email goes out.
      const pass = await sendDueSignupEmails(store, mail, { log: () => {} });
      assert.equal(pass.sent, 1);
      assert.deepEqual((await mailbox.next()).envelopeTo, ["nosmtp@example.org"]);
      assert.deepEqual(await listSignupEmails(store.db), []);
    });

    test("an SMTP server that is down: same answer at once; the email is retried with backoff until it goes", async () => {
      const down = openTransport("smtp://127.0.0.1:9", { timeoutMs: 2000 });
      const logged: string[] = [];
      try {
        const res = await signUp({ email: "down@example.org" });
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/subscribe/thanks");
        const now = new Date();
        const failed = await sendDueSignupEmails(store, down, { log: (l) => logged.push(l), now: () => now });
        assert.deepEqual(failed, { claimed: 1, sent: 0, retried: 1, failed: 0, dropped: 0 });
      } finally {
        down.close();
      }
      const [queued] = await listSignupEmails(store.db);
      const row = (await findSubscriber(store.db, "down@example.org"))!;
      assert.equal(queued?.subscriber_id, row.id);
      assert.equal(queued?.attempts, 1);
      assert.notEqual(queued?.last_error, "", "the failure is recorded");
      assert.ok(queued!.next_attempt_at > new Date(Date.now() + 20_000).toISOString(), "retried in 30 s");
      assert.match(logged.join("\n"), new RegExp(`subscriber #${row.id} failed \\(attempt 1\\), retrying`));
      assert.doesNotMatch(logged.join("\n"), /down@/);
      // Not due yet: a working server gets nothing now, and the email 30 s later.
      assert.equal((await sendDueSignupEmails(store, mail, { log: () => {} })).claimed, 0);
      const later = new Date(Date.now() + 31_000);
      const pass = await sendDueSignupEmails(store, mail, { log: () => {}, now: () => later });
      assert.equal(pass.sent, 1);
      assert.deepEqual((await mailbox.next()).envelopeTo, ["down@example.org"]);
      assert.deepEqual(await listSignupEmails(store.db), []);
    });
  });
}
