import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type MailTransport, openTransport } from "../../src/mail/index.ts";
import { findSubscriber } from "../../src/store/index.ts";
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
    });
    after(async () => {
      mail?.close();
      await mailbox?.close();
      await store?.dispose();
    });

    test("without SMTP the form still works: the address is pending and the operator's log says why", async () => {
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
      assert.equal(row?.last_confirmation_at, null);
      assert.ok(
        lines.some((l) =>
          l.includes(`SMTP_URL is not set: no confirmation email sent to subscriber #${row!.id}`),
        ),
      );
      assert.doesNotMatch(lines.join(""), /nosmtp@/, "the log names the row, not the address");
      assert.match(await (await bare.request(`${ORIGIN}/subscribe/thanks`)).text(), /cannot send email yet/);
      await mailbox.expectNothing();
    });

    test("an SMTP server that is down: same answer, and the address may try again at once", async () => {
      const down = openTransport("smtp://127.0.0.1:9", { timeoutMs: 2000 });
      const broken = createApp(store, { mail: down });
      const write = process.stderr.write;
      process.stderr.write = (() => true) as typeof process.stderr.write;
      try {
        const res = await broken.request(
          `${ORIGIN}/subscribe`,
          form({ email: "down@example.org" }),
          fromClient("192.0.2.2"),
        );
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), "/subscribe/thanks");
      } finally {
        process.stderr.write = write;
        down.close();
      }
      const row = await findSubscriber(store.db, "down@example.org");
      assert.equal(row?.status, "pending");
      assert.equal(row?.last_confirmation_at, null, "the claim was given back");
      await signUp({ email: "down@example.org" });
      assert.equal((await mailbox.next()).envelopeTo[0], "down@example.org");
    });
  });
}
