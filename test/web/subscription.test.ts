import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type MailTransport, openTransport } from "../../src/mail/index.ts";
import { findSubscriber, setSetting, updateSubscriber } from "../../src/store/index.ts";
import { linkSecret, type SignupMailer, signLink, startSignupMailer } from "../../src/subscribers/index.ts";
import { createApp, type RunningServer, startServer } from "../../src/web/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { fromClient, linkIn, type Mailbox, startMailbox } from "../subscribers/helpers.ts";

const ORIGIN = "http://summa.test";
const FROM = "rohin@an.example.org";

/** A form POST with urlencoded fields. */
function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    redirect: "manual",
  };
}

/** The action of the page's first POST form. */
function formAction(html: string): string {
  const m = /<form method="post" action="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no POST form in:\n${html}`);
  return m[1]!.replace(/&amp;/g, "&");
}

for (const dialect of DIALECTS) {
  describe(`sign-up with double opt-in over real SMTP (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let mailbox: Mailbox;
    let mail: MailTransport;
    let server: RunningServer;
    let app: ReturnType<typeof createApp>;
    let mailer: SignupMailer;
    let clients = 0;
    /** A sign-up through the in-process app, from a client of its own (rate limits aside). */
    const signUp = (fields: Record<string, string>, client = `198.51.100.${++clients}`) =>
      app.request(`${ORIGIN}/subscribe`, form(fields), fromClient(client));

    before(async () => {
      store = await dialect.open();
      mailbox = await startMailbox();
      mail = openTransport(mailbox.url, { timeoutMs: 5000 });
      await setSetting(store.db, "newsletter.from_address", FROM);
      // Sign-ups queue their email; the mailer sends it, woken by the request as in `summa serve`.
      mailer = startSignupMailer(store, mail, { log: () => {} });
      server = await startServer(store, { port: 0, host: "127.0.0.1", mail, onSignupQueued: mailer.wake });
      app = createApp(store, { mail, onSignupQueued: mailer.wake });
      // Mailed links are built on the site's address (here the running server), never the request's.
      await setSetting(store.db, "newsletter.site_url", server.url);
    });
    after(async () => {
      await mailer?.stop();
      await server?.close();
      mail?.close();
      await mailbox?.close();
      await store?.dispose();
    });

    test("the confirmation email: headers, both parts, a link that confirms on POST only", async () => {
      // A name that needs encoding and holds what would be an address in a header.
      const name = 'Ada "Countess" Lövelace <eve@evil.example>, Bcc: eve@evil.example';
      const res = await fetch(`${server.url}/subscribe`, form({ email: "Ada@Example.org", name }));
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/subscribe/thanks");
      assert.match(await (await fetch(`${server.url}/subscribe/thanks`)).text(), /Please check your inbox/);

      const got = await mailbox.next();
      assert.deepEqual(got.envelopeTo, ["ada@example.org"]);
      assert.equal(got.envelopeFrom, FROM);
      const m = got.mail;
      assert.deepEqual(m.from?.value, [{ name: "Alignment Newsletter", address: FROM }]);
      const to = Array.isArray(m.to) ? m.to : [m.to!];
      assert.equal(to.length, 1);
      assert.deepEqual(
        to[0]!.value,
        [{ name, address: "ada@example.org" }],
        "one recipient, the name intact",
      );
      assert.equal(m.subject, "Confirm your subscription to Alignment Newsletter");
      assert.equal(m.headers.get("bcc"), undefined);
      assert.equal(m.headers.get("auto-submitted"), "auto-generated");
      assert.doesNotMatch(got.raw, /^Bcc:/im);
      assert.ok(got.raw.split("\r\n").every((line) => line.length <= 998));

      const link = linkIn(m.text ?? "", `${server.url}/subscribe/confirm?t=`);
      assert.match(
        m.text ?? "",
        /Hello Ada "Countess" Lövelace <eve@evil\.example>, Bcc: eve@evil\.example,/,
      );
      assert.ok(String(m.html).includes(`href="${link}"`), "the HTML part has the same link");
      assert.ok(String(m.html).includes("Hello Ada &quot;Countess&quot; Lövelace &lt;eve@evil.example&gt;"));
      assert.doesNotMatch(String(m.html), /<eve@/);

      // A scanner fetching the link confirms nothing.
      const page = await fetch(link);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get("cache-control"), "no-store");
      const html = await page.text();
      assert.match(html, /<button type="submit">Confirm my subscription<\/button>/);
      assert.equal((await findSubscriber(store.db, "ada@example.org"))?.status, "pending");

      const confirmed = await fetch(`${server.url}${formAction(html)}`, form({}));
      assert.equal(confirmed.status, 200);
      const done = await confirmed.text();
      assert.match(done, /<h1>You are subscribed<\/h1>/);
      const row = await findSubscriber(store.db, "ada@example.org");
      assert.equal(row?.status, "active");
      assert.ok(row?.confirmed_at && row.consent_at, "confirmed_at and consent_at are set");

      // The page links to the preferences, which work; confirming again changes nothing.
      const prefs = /href="([^"]*\/preferences\?t=[^"]+)"/.exec(done)![1]!;
      assert.match(await (await fetch(prefs)).text(), /Status: Subscribed/);
      const again = await fetch(`${server.url}${formAction(html)}`, form({}));
      assert.match(await again.text(), /You are already subscribed/);
      assert.equal((await findSubscriber(store.db, "ada@example.org"))?.confirmed_at, row?.confirmed_at);
    });

    test("every address gets the same answer; an active one is mailed its preferences, a suppressed one nothing", async () => {
      await updateSubscriber(store.db, (await findSubscriber(store.db, "ada@example.org"))!.id, {
        last_confirmation_at: null,
      });
      const fresh = await signUp({ email: "grace@example.org", name: "Grace" });
      const freshMail = await mailbox.next();
      assert.equal(freshMail.mail.subject, "Confirm your subscription to Alignment Newsletter");

      const active = await signUp({ email: "ADA@example.org", name: "Someone else" });
      const activeMail = await mailbox.next();
      assert.deepEqual(activeMail.envelopeTo, ["ada@example.org"]);
      assert.equal(activeMail.mail.subject, "You are already subscribed to Alignment Newsletter");
      const prefs = linkIn(activeMail.mail.text ?? "", `${server.url}/preferences?t=`);
      assert.match(await (await app.request(prefs)).text(), /ada@example\.org/);
      assert.doesNotMatch(activeMail.mail.text ?? "", /confirm\?t=/);

      await store.db
        .insertInto("subscribers")
        .values({
          email: "gone@example.org",
          name: "",
          status: "suppressed",
          suppressed_reason: "hard bounce",
          created_at: "2020-01-01T00:00:00.000Z",
          updated_at: "2020-01-01T00:00:00.000Z",
        })
        .execute();
      const suppressed = await signUp({ email: "gone@example.org" });
      await mailbox.expectNothing();

      for (const res of [active, suppressed]) {
        assert.equal(res.status, fresh.status);
        assert.equal(res.headers.get("location"), fresh.headers.get("location"));
        assert.equal(await res.clone().text(), await fresh.clone().text());
      }
      const ada = await findSubscriber(store.db, "ada@example.org");
      assert.equal(ada?.status, "active", "never downgraded");
      assert.equal(ada?.name.includes("Someone"), false, "never renamed by the form");
      assert.equal((await findSubscriber(store.db, "gone@example.org"))?.status, "suppressed");
    });

    test("one email per address per 10 minutes, however many sign-ups", async () => {
      await signUp({ email: "lin@example.org" });
      await mailbox.next();
      const second = await signUp({ email: "lin@example.org" });
      assert.equal(second.status, 303);
      await mailbox.expectNothing();
      // Eleven minutes later, another sign-up gets another (new) link.
      const row = (await findSubscriber(store.db, "lin@example.org"))!;
      const earlier = new Date(Date.parse(row.last_confirmation_at!) - 11 * 60 * 1000).toISOString();
      await updateSubscriber(store.db, row.id, { last_confirmation_at: earlier });
      await signUp({ email: "lin@example.org" });
      assert.equal((await mailbox.next()).envelopeTo[0], "lin@example.org");
    });

    test("five sign-ups per client per hour: the sixth is refused with 429 and Retry-After", async () => {
      const client = "203.0.113.77";
      for (let i = 0; i < 5; i++) {
        const res = await signUp({ email: `flood${i}@example.org` }, client);
        assert.equal(res.status, 303, `sign-up ${i + 1}`);
        await mailbox.next();
      }
      const refused = await signUp({ email: "flood5@example.org" }, client);
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get("retry-after"), "3600");
      assert.match(await refused.text(), /Too many sign-ups from your network/);
      assert.equal(await findSubscriber(store.db, "flood5@example.org"), undefined);
      await mailbox.expectNothing();
      // Another client is not affected; invalid input does not use up a client's sign-ups.
      assert.equal((await signUp({ email: "flood5@example.org" }, "203.0.113.78")).status, 303);
      await mailbox.next();
      const other = "203.0.113.79";
      for (let i = 0; i < 6; i++) assert.equal((await signUp({ email: "nope" }, other)).status, 422);
      assert.equal((await signUp({ email: "flood6@example.org" }, other)).status, 303);
      await mailbox.next();
    });

    test("blocked domains (and their subdomains) are refused with 422; nothing is stored or sent", async () => {
      await setSetting(store.db, "subscribers.blocked_domains", "mailinator.com, spam.example");
      try {
        for (const email of ["x@mailinator.com", "x@eu.mailinator.com", "x@SPAM.example"]) {
          const res = await signUp({ email });
          assert.equal(res.status, 422, email);
          assert.match(await res.text(), /cannot subscribe to this newsletter/);
          assert.equal(await findSubscriber(store.db, email.toLowerCase()), undefined);
        }
        await mailbox.expectNothing();
        assert.equal((await signUp({ email: "x@notmailinator.com" })).status, 303);
        await mailbox.next();
      } finally {
        await setSetting(store.db, "subscribers.blocked_domains", "");
      }
    });

    test("a tampered, expired, wrong-purpose or outdated link gets a clear 400 page and changes nothing", async () => {
      await signUp({ email: "tam@example.org" });
      const link = linkIn((await mailbox.next()).mail.text ?? "", `${server.url}/subscribe/confirm?t=`);
      const token = new URL(link).searchParams.get("t")!;
      const row = (await findSubscriber(store.db, "tam@example.org"))!;
      const secret = await linkSecret(store);
      const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
      const expired = signLink(secret, {
        purpose: "confirm",
        subscriberId: row.id,
        email: row.email,
        expires: Date.now() - 1000,
      });
      const wrongPurpose = signLink(secret, {
        purpose: "unsubscribe",
        subscriberId: row.id,
        email: row.email,
        expires: 0,
      });
      const otherAddress = signLink(secret, {
        purpose: "confirm",
        subscriberId: row.id,
        email: "someone@example.org",
        expires: Date.now() + 60_000,
      });
      for (const t of [tampered, expired, wrongPurpose, otherAddress, "", "x.y.z"]) {
        for (const init of [undefined, form({})]) {
          const res = await app.request(`${ORIGIN}/subscribe/confirm?t=${encodeURIComponent(t)}`, init);
          assert.equal(res.status, 400, `${t} ${init ? "POST" : "GET"}`);
          const page = await res.text();
          assert.match(page, /<h1>This link does not work<\/h1>/);
          assert.match(page, /expired \(they work for 7 days\)/);
          assert.match(page, /<a href="\/subscribe">subscribe again<\/a>/);
        }
      }
      assert.equal((await findSubscriber(store.db, "tam@example.org"))?.status, "pending");
      // The genuine link still works.
      const ok = await app.request(`${ORIGIN}/subscribe/confirm?t=${token}`, form({}));
      assert.match(await ok.text(), /You are subscribed/);
    });

    test("a confirmation link sent before an unsubscribe does not undo it", async () => {
      await signUp({ email: "stale@example.org" });
      const link = linkIn((await mailbox.next()).mail.text ?? "", `${server.url}/subscribe/confirm?t=`);
      const row = (await findSubscriber(store.db, "stale@example.org"))!;
      await updateSubscriber(store.db, row.id, {
        status: "unsubscribed",
        unsubscribed_at: new Date(Date.now() + 1000).toISOString(),
      });
      const res = await app.request(link, form({}));
      assert.equal(res.status, 200);
      assert.match(await res.text(), /older than your unsubscribe/);
      assert.equal((await findSubscriber(store.db, "stale@example.org"))?.status, "unsubscribed");
    });
  });
}
