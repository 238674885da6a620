import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, before, describe, test } from "node:test";
import { type MailTransport, openTransport } from "../../src/mail/index.ts";
import {
  claimSignupEmails,
  findSubscriber,
  listSignupEmails,
  openStore,
  setSetting,
  updateSubscriber,
} from "../../src/store/index.ts";
import {
  addSubscriber,
  type SignupMailer,
  sendDueSignupEmails,
  startSignupMailer,
} from "../../src/subscribers/index.ts";
import { createApp, type RunningServer, startServer } from "../../src/web/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { fromClient, type Mailbox, startMailbox } from "../subscribers/helpers.ts";

const SITE = "https://news.example.org/an";
/** Where this test's in-process requests go (the site's pages are served from its root). */
const HOST_ORIGIN = "https://news.example.org";

/** A sign-up as curl sends it: any Host header the client likes, no Origin. */
function postWithHost(url: string, host: string, email: string): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams({ email }).toString();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: "POST",
        headers: {
          host,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          text += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Every http(s) URL in a message's raw text, quoted-printable soft breaks undone. */
function urlsIn(raw: string): string[] {
  const text = raw.replace(/=\r\n/g, "").replace(/=3D/g, "=");
  return [...text.matchAll(/https?:\/\/[^\s"<>]+/g)].map((m) => m[0]);
}

for (const dialect of DIALECTS) {
  describe(`sign-up emails: links on site_url only, sent from a queue (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let mailbox: Mailbox;
    let mail: MailTransport;
    let clients = 0;
    const form = (email: string): RequestInit => ({
      method: "POST",
      body: new URLSearchParams({ email }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });

    before(async () => {
      store = await dialect.open();
      mailbox = await startMailbox();
      mail = openTransport(mailbox.url, { timeoutMs: 5000 });
    });
    after(async () => {
      mail?.close();
      await mailbox?.close();
      await store?.dispose();
    });

    test("a Host header of evil.example never reaches a mailed link: refused without site_url, ignored with it", async () => {
      const mailer = startSignupMailer(store, mail, { log: () => {} });
      const server: RunningServer = await startServer(store, {
        port: 0,
        host: "127.0.0.1",
        mail,
        onSignupQueued: mailer.wake,
      });
      try {
        // Before the operator sets the address, no sign-up is taken: nothing to build links on.
        const early = await postWithHost(`${server.url}/subscribe`, "evil.example", "victim@example.org");
        assert.equal(early.status, 503);
        assert.match(early.body, /newsletter\.site_url is not set/);
        assert.equal(await findSubscriber(store.db, "victim@example.org"), undefined);

        await setSetting(store.db, "newsletter.site_url", `${SITE}/`);
        const first = await postWithHost(`${server.url}/subscribe`, "evil.example", "victim@example.org");
        assert.equal(first.status, 303);
        const confirm = await mailbox.next();
        // An address already on the list is mailed its lasting preferences link: the prize.
        await addSubscriber(store, { email: "reader@example.org", status: "active" });
        const again = await postWithHost(`${server.url}/subscribe`, "evil.example:443", "reader@example.org");
        assert.equal(again.status, 303);
        const prefs = await mailbox.next();
        assert.match(prefs.mail.subject ?? "", /^You are already subscribed/);

        for (const got of [confirm, prefs]) {
          assert.doesNotMatch(got.raw, /evil\.example/i);
          const urls = urlsIn(got.raw);
          assert.ok(urls.length > 0);
          for (const url of urls) assert.ok(url.startsWith(`${SITE}/`), url);
        }
        assert.ok(urlsIn(confirm.raw).some((u) => u.startsWith(`${SITE}/subscribe/confirm?t=`)));
        assert.ok(urlsIn(prefs.raw).some((u) => u.startsWith(`${SITE}/preferences?t=`)));
      } finally {
        await server.close();
        await mailer.stop();
      }
    });

    test("the request only queues: with no mailer running nothing is sent, and the row waits", async () => {
      await setSetting(store.db, "newsletter.site_url", SITE);
      const app = createApp(store, { mail });
      const res = await app.request(
        `${HOST_ORIGIN}/subscribe`,
        form("queued@example.org"),
        fromClient(`192.0.2.${++clients}`),
      );
      assert.equal(res.status, 303);
      await mailbox.expectNothing();
      const row = (await findSubscriber(store.db, "queued@example.org"))!;
      const queued = await listSignupEmails(store.db);
      assert.deepEqual(
        queued.map((q) => [q.subscriber_id, q.attempts]),
        [[row.id, 0]],
      );
      assert.ok(row.last_confirmation_at, "the address's 10-minute slot is taken with the queueing");
    });

    test("the mailer drains the queue, woken by the sign-up; a suppressed address is dropped unsent", async () => {
      const mailer = startSignupMailer(store, mail, { log: () => {}, pollMs: 60_000 });
      try {
        // The row left by the previous test goes first, with no wake-up needed at start.
        assert.deepEqual((await mailbox.next()).envelopeTo, ["queued@example.org"]);
        const app = createApp(store, { mail, onSignupQueued: mailer.wake });
        // A row queued for an address suppressed before the mailer reaches it: nothing is sent.
        // It is queued through an app that does not wake the mailer, or the mailer could send it
        // before the suppression below lands.
        const quiet = createApp(store, { mail });
        await quiet.request(
          `${HOST_ORIGIN}/subscribe`,
          form("bounced@example.org"),
          fromClient(`192.0.2.${++clients}`),
        );
        const bounced = (await findSubscriber(store.db, "bounced@example.org"))!;
        await updateSubscriber(store.db, bounced.id, {
          status: "suppressed",
          suppressed_reason: "hard bounce",
        });
        await app.request(
          `${HOST_ORIGIN}/subscribe`,
          form("woken@example.org"),
          fromClient(`192.0.2.${++clients}`),
        );
        // pollMs is a minute: only the wake-up can make this arrive within next()'s 5 s.
        const got = await mailbox.next();
        assert.deepEqual(got.envelopeTo, ["woken@example.org"]);
      } finally {
        await mailer.stop();
      }
      await mailbox.expectNothing();
      assert.deepEqual(await listSignupEmails(store.db), [], "sent and dropped rows are gone");
    });

    test("the queue survives a restart: what a dead process claimed or failed is sent by the next one", async () => {
      const app = createApp(store, { mail });
      await app.request(
        `${HOST_ORIGIN}/subscribe`,
        form("crash@example.org"),
        fromClient(`192.0.2.${++clients}`),
      );
      await app.request(
        `${HOST_ORIGIN}/subscribe`,
        form("retry@example.org"),
        fromClient(`192.0.2.${++clients}`),
      );
      const now = Date.now();
      // One process claims the first and dies before sending (its lease is a minute) ...
      const [claimed] = await claimSignupEmails(store.db, store.dialect, {
        now: new Date(now).toISOString(),
        leaseUntil: new Date(now + 60_000).toISOString(),
        limit: 1,
      });
      assert.equal(claimed?.subscriber_id, (await findSubscriber(store.db, "crash@example.org"))!.id);
      // ... another finds its SMTP server down, and is stopped.
      const down = openTransport("smtp://127.0.0.1:9", { timeoutMs: 2000 });
      try {
        const pass = await sendDueSignupEmails(store, down, { log: () => {} });
        assert.equal(pass.retried, 1);
      } finally {
        down.close();
      }
      assert.equal((await listSignupEmails(store.db)).length, 2, "both rows stay");

      // A new process: its own connection to the same database, nothing shared in memory.
      const restarted = await openStore(store.url);
      let mailer: SignupMailer | undefined;
      try {
        const later = new Date(now + 61_000);
        mailer = startSignupMailer(restarted, mail, { log: () => {}, now: () => later });
        const arrived = [(await mailbox.next()).envelopeTo[0], (await mailbox.next()).envelopeTo[0]].sort();
        assert.deepEqual(arrived, ["crash@example.org", "retry@example.org"]);
        await mailer.stop();
        assert.deepEqual(await listSignupEmails(restarted.db), []);
      } finally {
        await mailer?.stop();
        await restarted.close();
      }
      await mailbox.expectNothing();
    });
  });
}
