import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type MailTransport, smtpFailure } from "../../src/mail/index.ts";

/**
 * What every MailTransport must do, run against each implementation (smtp.test.ts,
 * memory.test.ts) as Hono runs one case file against each of its routers. A harness starts a
 * transport with its receiving end: a real SMTP server, or the memory transport's own list.
 */
export interface TransportHarness {
  transport: MailTransport;
  /** How many accepted messages went to `to`. */
  count(to: string): number;
  /** The accepted messages to `to`: envelope sender and the bytes as they arrived. */
  received(to: string): { from: string; raw: string }[];
  close(): Promise<void>;
}

/** Addresses starting with "refused-" are answered 550 by every harness's receiving end. */
export const REFUSED = /^refused-/;

const message = (to: string) =>
  Buffer.from(`From: news@example.org\r\nTo: ${to}\r\nSubject: held\r\n\r\n${"body line\r\n".repeat(2000)}`);

/** A promise and the functions that settle it. */
function gate() {
  let open!: () => void;
  let fail!: (err: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

export function transportCases(name: string, start: () => Promise<TransportHarness>): void {
  describe(`a mail transport (${name})`, () => {
    let h: TransportHarness;
    before(async () => {
      h = await start();
    });
    after(async () => {
      h.transport.close();
      await h.close();
    });

    /** Sends a message to `to` whose end waits for `hold`. */
    const heldSend = (to: string, hold: Promise<void>) =>
      h.transport.sendRaw({ from: "news@example.org", to, raw: message(to), holdEndUntil: hold });

    test("sends the bytes as they are, to the envelope's recipient from the envelope's sender", async () => {
      const raw = "From: news@example.org\r\nTo: someone@example.org\r\nSubject: plain\r\n\r\nHello.\r\n";
      const accepted = await h.transport.sendRaw({
        from: "bounces+d7@example.org",
        to: "envelope@example.org",
        raw,
      });
      assert.match(accepted.response, /^250/);
      const [got] = h.received("envelope@example.org");
      assert.equal(got?.from, "bounces+d7@example.org", "the envelope sender, not the From header");
      assert.match(got!.raw, /Subject: plain\r\n\r\nHello\.\r\n/);
    });

    test("the server takes the message only once the hold settles", async () => {
      const hold = gate();
      const sending = heldSend("held@example.org", hold.promise);
      await sleep(300);
      assert.equal(h.count("held@example.org"), 0, "nothing accepted while held");
      hold.open();
      const accepted = await sending;
      assert.match(accepted.response, /^250/);
      assert.equal(h.count("held@example.org"), 1);
      const received = h.received("held@example.org")[0]!;
      assert.match(received.raw, /Subject: held/);
      assert.equal(received.raw.split("body line").length - 1, 2000, "the whole body arrived");
    });

    test("a hold that fails abandons the message: sendRaw rejects with that error, nothing is delivered", async () => {
      const hold = gate();
      const sending = heldSend("dropped@example.org", hold.promise);
      await sleep(100);
      const cause = new Error("the previous record could not be written");
      hold.fail(cause);
      await assert.rejects(sending, (err) => err === cause);
      // The transport still works afterwards, and the abandoned message never arrives.
      await h.transport.sendRaw({
        from: "news@example.org",
        to: "after@example.org",
        raw: message("after@example.org"),
      });
      await sleep(100);
      assert.equal(h.count("after@example.org"), 1);
      assert.equal(h.count("dropped@example.org"), 0);
    });

    test("a refusal rejects with the server's code, and the transport goes on", async () => {
      const refused = h.transport.sendRaw({
        from: "news@example.org",
        to: "refused-1@example.org",
        raw: message("refused-1@example.org"),
      });
      await assert.rejects(refused, (err) => smtpFailure(err).code === 550);
      await h.transport.sendRaw({ from: "news@example.org", to: "next@example.org", raw: message("next") });
      assert.equal(h.count("next@example.org"), 1);
      assert.equal(h.count("refused-1@example.org"), 0);
    });

    test("a buffer reused once a message was accepted does not change what was delivered", async () => {
      const buffer = Buffer.from(`Subject: first\r\n\r\n${"x".repeat(1000)}\r\n`);
      await h.transport.sendRaw({ from: "news@example.org", to: "reuse@example.org", raw: buffer });
      buffer.write("Subject: other", 0);
      assert.match(h.received("reuse@example.org")[0]!.raw, /^Subject: first/);
    });
  });
}
