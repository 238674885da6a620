import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type MailTransport, openTransport } from "../../src/mail/index.ts";
import { findSubscriber, listSignupEmails, setSetting } from "../../src/store/index.ts";
import { loadWelcomeTemplate, type SignupMailer, startSignupMailer } from "../../src/subscribers/index.ts";
import { createApp } from "../../src/web/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type LoggedIn, type TestSite, testSite } from "../helpers/web.ts";
import { fromClient, linkIn, type Mailbox, startMailbox } from "../subscribers/helpers.ts";

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
  describe(`welcome email and edition at sign-up (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let mailbox: Mailbox;
    let mail: MailTransport;
    let mailer: SignupMailer;
    let app: ReturnType<typeof createApp>;
    let desk: TestSite;
    let editor: LoggedIn;
    let clients = 0;
    const signUp = (fields: Record<string, string>) =>
      app.request(`${ORIGIN}/subscribe`, form(fields), fromClient(`198.51.100.${++clients}`));
    /** Signs up, takes the confirmation email, and confirms with its link (POST, as the page does). */
    const signUpAndConfirm = async (email: string) => {
      assert.equal((await signUp({ email })).status, 303);
      const link = linkIn((await mailbox.next()).mail.text ?? "", `${ORIGIN}/subscribe/confirm?t=`);
      const res = await app.request(link, form({}));
      assert.match(await res.text(), /You are subscribed/);
      return link;
    };

    before(async () => {
      store = await dialect.open();
      mailbox = await startMailbox();
      mail = openTransport(mailbox.url, { timeoutMs: 5000 });
      await setSetting(store.db, "newsletter.site_url", ORIGIN);
      mailer = startSignupMailer(store, mail, { log: () => {}, pollMs: 60_000 });
      app = createApp(store, { mail, onSignupQueued: mailer.wake });
      desk = testSite(store);
      editor = await desk.login("editor", "Rohin");
    });
    after(async () => {
      await mailer?.stop();
      mail?.close();
      await mailbox?.close();
      await store?.dispose();
    });

    test("off by default: confirming sends nothing more; the desk shows the built-in text, off", async () => {
      await signUpAndConfirm("first@example.org");
      await mailbox.expectNothing();
      assert.deepEqual(await listSignupEmails(store.db), []);
      const page = await (await desk.get("/desk/subscribers/welcome", editor)).text();
      assert.match(page, /<input type="checkbox" name="enabled" value="on"\/> Send the welcome email/);
      assert.match(page, /value="Welcome to \{newsletter\}"/);
      assert.match(page, /nobody has saved it yet/);
    });

    test("the editor switches it on with their text; checked on save (CSRF, empty subject)", async () => {
      const fields = {
        enabled: "on",
        subject: "Welcome to {newsletter}, reader",
        body: "**Thank you** for joining.\r\n\r\nRead the [archive](https://an.example.org/issues) <script>x</script>",
      };
      assert.equal(
        (await desk.post("/desk/subscribers/welcome", fields, editor, { csrf: false })).status,
        403,
      );
      const empty = await desk.post("/desk/subscribers/welcome", { ...fields, subject: " " }, editor);
      assert.equal(empty.status, 422);
      assert.match(await empty.text(), /The subject needs 1 to 200 characters/);
      assert.equal((await loadWelcomeTemplate(store)).enabled, false);
      const saved = await desk.post("/desk/subscribers/welcome", fields, editor);
      assert.equal(saved.status, 303);
      const template = await loadWelcomeTemplate(store);
      assert.equal(template.enabled, true);
      assert.equal(template.updatedBy, editor.user.email);
      assert.match(await (await desk.get("/desk/subscribers/welcome?saved=1", editor)).text(), /checked=""/);
    });

    test("on: confirming sends the welcome once, with the editor's text and the reader's own links", async () => {
      const link = await signUpAndConfirm("second@example.org");
      const got = await mailbox.next();
      assert.deepEqual(got.envelopeTo, ["second@example.org"]);
      assert.equal(got.mail.subject, "Welcome to Alignment Newsletter, reader");
      const html = String(got.mail.html);
      assert.match(html, /<strong>Thank you<\/strong> for joining\./);
      assert.match(html, /<a href="https:\/\/an\.example\.org\/issues">archive<\/a>/);
      assert.doesNotMatch(html, /<script>/, "raw HTML in the editor's Markdown is shown as text");
      assert.match(got.mail.text ?? "", /Thank you for joining\./);
      linkIn(got.mail.text ?? "", `${ORIGIN}/preferences?t=`);
      linkIn(got.mail.text ?? "", `${ORIGIN}/unsubscribe?t=`);
      // Confirming again changes nothing and welcomes no one twice.
      assert.match(await (await app.request(link, form({}))).text(), /already/i);
      await mailbox.expectNothing();
    });

    test("switched off again: the next confirmation gets no welcome", async () => {
      const off = await desk.post(
        "/desk/subscribers/welcome",
        { subject: "Welcome", body: "Hello." },
        editor,
      );
      assert.equal(off.status, 303);
      await signUpAndConfirm("third@example.org");
      await mailbox.expectNothing();
    });

    test("sign-up offers the edition; the choice is stored on the pending subscriber", async () => {
      for (const path of ["/subscribe", "/"]) {
        const page = await (await app.request(`${ORIGIN}${path}`)).text();
        assert.match(
          page,
          /<input type="radio" id="[\w-]+-edition-full" name="edition" value="full" checked=""\/> The full issue/,
        );
        assert.match(
          page,
          /<input type="radio" id="[\w-]+-edition-highlights" name="edition" value="highlights"\/> The highlights only/,
        );
      }
      assert.equal((await signUp({ email: "short@example.org", edition: "highlights" })).status, 303);
      const row = (await findSubscriber(store.db, "short@example.org"))!;
      assert.equal(row.status, "pending");
      assert.equal(row.edition, "highlights");
      assert.equal((await signUp({ email: "plain@example.org" })).status, 303);
      assert.equal((await findSubscriber(store.db, "plain@example.org"))!.edition, "full");
      const bad = await signUp({ email: "odd@example.org", edition: "everything" });
      assert.equal(bad.status, 422);
      assert.match(await bad.text(), /Choose the full issue or the highlights only/);
      assert.equal(await findSubscriber(store.db, "odd@example.org"), undefined);
      await mailbox.next();
      await mailbox.next();
    });
  });
}
