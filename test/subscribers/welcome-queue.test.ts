import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type MailTransport, openTransport } from "../../src/mail/index.ts";
import {
  claimSignupEmails,
  deleteSignupEmail,
  enqueueSignupEmail,
  listSignupEmails,
  setSetting,
  updateSubscriber,
} from "../../src/store/index.ts";
import {
  addSubscriber,
  queueWelcomeEmail,
  saveWelcomeTemplate,
  sendDueSignupEmails,
} from "../../src/subscribers/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type Mailbox, startMailbox } from "./helpers.ts";

for (const dialect of DIALECTS) {
  describe(`the welcome email in the sign-up queue (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let mailbox: Mailbox;
    let mail: MailTransport;

    before(async () => {
      store = await dialect.open();
      mailbox = await startMailbox();
      mail = openTransport(mailbox.url, { timeoutMs: 5000 });
      await setSetting(store.db, "newsletter.site_url", "https://an.example.org");
      await setSetting(store.db, "newsletter.postal_address", "1 Main St, Springfield");
    });
    after(async () => {
      mail?.close();
      await mailbox?.close();
      await store?.dispose();
    });

    test("queued only when switched on", async () => {
      const { subscriber } = await addSubscriber(store, { email: "off@example.org" });
      assert.equal(await queueWelcomeEmail(store, subscriber.id), false);
      assert.deepEqual(await listSignupEmails(store.db), []);
    });

    test("replaces a sign-up email still waiting, even one a mailer holds; that mailer's delete keeps it", async () => {
      await saveWelcomeTemplate(
        store,
        { enabled: true, subject: "Hi", body: "Welcome." },
        "editor@example.org",
      );
      const { subscriber } = await addSubscriber(store, { email: "held@example.org" });
      const t0 = new Date().toISOString();
      assert.ok(await enqueueSignupEmail(store.db, subscriber.id, t0));
      const [held] = await claimSignupEmails(store.db, store.dialect, {
        now: t0,
        leaseUntil: new Date(Date.now() + 60_000).toISOString(),
        limit: 5,
      });
      assert.equal(held?.kind, "signup");
      assert.equal(await queueWelcomeEmail(store, subscriber.id), true);
      // The mailer that held the old row finishes and deletes "its" row: the welcome stays.
      await deleteSignupEmail(store.db, held!.id, "signup");
      const rows = await listSignupEmails(store.db);
      assert.deepEqual(
        rows.map((r) => [r.subscriber_id, r.kind, r.attempts, r.claimed_until]),
        [[subscriber.id, "welcome", 0, null]],
      );
      const pass = await sendDueSignupEmails(store, mail, { log: () => {} });
      assert.equal(pass.sent, 1);
      const got = await mailbox.next();
      assert.equal(got.mail.subject, "Hi");
      // The footer carries the postal address, as every issue's does.
      assert.match(got.mail.text ?? "", /Our postal address: 1 Main St, Springfield/);
      assert.match(String(got.mail.html), /Our postal address: 1 Main St, Springfield/);
      assert.deepEqual(await listSignupEmails(store.db), []);
    });

    test("a welcome for someone no longer active is dropped unsent", async () => {
      const { subscriber } = await addSubscriber(store, { email: "left@example.org" });
      assert.equal(await queueWelcomeEmail(store, subscriber.id), true);
      await updateSubscriber(store.db, subscriber.id, { status: "unsubscribed" });
      const pass = await sendDueSignupEmails(store, mail, { log: () => {} });
      assert.deepEqual([pass.sent, pass.dropped], [0, 1]);
      await mailbox.expectNothing();
    });
  });
}
