import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { launchWorker } from "../../src/cli/commands/worker.ts";
import { loadConfig } from "../../src/cli/config.ts";
import { openMailTransport } from "../../src/cli/mail.ts";
import { sendProgress, startSend } from "../../src/delivery/index.ts";
import type { MailTransport } from "../../src/mail/index.ts";
import { addSubscriber, sendDueSignupEmails } from "../../src/subscribers/index.ts";
import { createApp } from "../../src/web/index.ts";
import { addSubscribers, configureNewsletter, publishedIssue, waitFor } from "../delivery/helpers.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type Delivered, fromClient, type Mailbox, startMailbox } from "../subscribers/helpers.ts";
import { DOMAIN, makeTestKeys, verifyDkim, withHeaderOnTop } from "./dkim-helpers.ts";

const keys = makeTestKeys();
const both = [keys.rsa, keys.ed];

/**
 * Every kind of message Summa sends, through the transports the commands open (cli/mail.ts,
 * with DKIM_KEYS naming an RSA-2048 and an Ed25519 key), into a real SMTP server, and the
 * bytes it received checked by mailauth: an issue delivered by the worker, a `send --test`
 * copy, a sign-up confirmation and an "already subscribed" email.
 */
for (const dialect of DIALECTS) {
  describe(`every message Summa sends is DKIM-signed, once, with each key (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let mailbox: Mailbox;
    let mail: MailTransport;
    const env = () => ({ SMTP_URL: mailbox.url, DKIM_KEYS: keys.dkimKeys });

    before(async () => {
      store = await dialect.open();
      mailbox = await startMailbox();
      await configureNewsletter(store);
      await publishedIssue(store);
      // What `summa serve` opens for sign-up emails (and the desk's test copies).
      mail = openMailTransport(loadConfig(env()), { timeoutMs: 5000 });
    });
    after(async () => {
      mail?.close();
      await mailbox?.close();
      await store?.dispose();
    });

    /** Both signatures pass, d= is the From domain, and there are exactly two (signed once). */
    async function assertSigned(got: Delivered, what: string): Promise<void> {
      assert.equal(got.raw.match(/^DKIM-Signature:/gm)?.length, 2, `${what}: one signature per key`);
      const verdicts = await verifyDkim(got.raw, both);
      assert.deepEqual(
        verdicts.map((v) => [v.selector, v.domain, v.result]),
        [
          ["rsa2048", DOMAIN, "pass"],
          ["ed", DOMAIN, "pass"],
        ],
        `${what}: ${verdicts.map((v) => v.comment).join("; ")}`,
      );
    }

    test("issue deliveries by the worker (`summa worker`'s launch) verify; tampering fails", async () => {
      const readers = await addSubscribers(store, 2, { prefix: "dkim" });
      const logged: string[] = [];
      const running = launchWorker(
        store,
        { concurrency: 2, batch: 10, pollMs: 20 },
        { config: loadConfig(env()), err: (line) => logged.push(line) },
      );
      try {
        await startSend(store, { issueNumber: 7, createdBy: "test" });
        await waitFor(async () => (await sendProgress(store, 7)).status === "done", 20_000, 25, "the send");
      } finally {
        await running.stop();
      }
      const got = [await mailbox.next(), await mailbox.next()];
      assert.deepEqual(got.map((m) => m.envelopeTo[0]).sort(), readers);
      for (const m of got) await assertSigned(m, `delivery to ${m.envelopeTo[0]}`);
      // One-click unsubscribe is only honoured when the signature covers both of its headers;
      // List-Id (which providers group a list's mail by) is covered too.
      assert.match(
        got[0]!.raw.replace(/\r\n\s/g, ""),
        /h=From:From:To:Subject:Subject:.*List-Unsubscribe:List-Unsubscribe:List-Unsubscribe-Post:List-Unsubscribe-Post:List-Id;/,
      );

      const raw = got[0]!.raw;
      const body = raw.indexOf("\r\n\r\n");
      const tampered = {
        body: raw.slice(0, body) + raw.slice(body).replace("The highlighted paper", "The highlighted scam"),
        subject: raw.replace(/^Subject: /m, "Subject: Re: "),
        "an added From": withHeaderOnTop(raw, "From: <billing@evil.example>"),
        "an added Subject": withHeaderOnTop(raw, "Subject: Your account is suspended"),
      };
      for (const [what, text] of Object.entries(tampered)) {
        const verdicts = await verifyDkim(text, both);
        assert.equal(verdicts.length, 2, what);
        for (const v of verdicts) assert.notEqual(v.result, "pass", `${what}: ${v.selector} still passes`);
      }
      assert.deepEqual(logged, []);
    });

    test("`summa send N --test` copies verify", async () => {
      const result = await summaInProcess(
        ["--db", store.url, "send", "7", "--test", "editor@example.org", "--edition", "highlights"],
        env(),
      );
      assert.equal(result.code, 0, result.stderr);
      const got = await mailbox.next();
      assert.deepEqual(got.envelopeTo, ["editor@example.org"]);
      await assertSigned(got, "test copy");
    });

    test("sign-up emails verify: a confirmation and an 'already subscribed'", async () => {
      const app = createApp(store, { mail });
      await addSubscriber(store, { email: "member@example.org", status: "active" });
      for (const [i, email] of ["newcomer@example.org", "member@example.org"].entries()) {
        const res = await app.request(
          "https://news.example.org/subscribe",
          {
            method: "POST",
            body: new URLSearchParams({ email }),
            headers: { "content-type": "application/x-www-form-urlencoded" },
            redirect: "manual",
          },
          fromClient(`192.0.2.${i + 1}`),
        );
        assert.equal(res.status, 303);
      }
      const pass = await sendDueSignupEmails(store, mail, { log: () => {} });
      assert.equal(pass.sent, 2);
      const got = [await mailbox.next(), await mailbox.next()];
      const bySubject = new Map(got.map((m) => [m.envelopeTo[0], m]));
      const confirm = bySubject.get("newcomer@example.org")!;
      const already = bySubject.get("member@example.org")!;
      assert.match(already.mail.subject ?? "", /^You are already subscribed/);
      assert.doesNotMatch(confirm.mail.subject ?? "", /already/);
      await assertSigned(confirm, "confirmation");
      await assertSigned(already, "already subscribed");
    });

    test("a bad key stops the command that would send, naming the variable", async () => {
      const result = await summaInProcess(["--db", store.url, "send", "7", "--test", "editor@example.org"], {
        SMTP_URL: mailbox.url,
        DKIM_KEYS: `s1:${keys.rsaPath}.missing`,
      });
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /DKIM_KEYS entry 1 .*cannot read .*rsa\.pem\.missing/);
      await mailbox.expectNothing();
    });
  });
}
