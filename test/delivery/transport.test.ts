import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type MailTransport, openTransport } from "../../src/delivery/index.ts";
import { type SmtpSink, startSmtpSink } from "./helpers.ts";

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

describe("the SMTP transport holds a message's end", () => {
  let sink: SmtpSink;
  let transport: MailTransport;

  before(async () => {
    sink = await startSmtpSink();
    transport = openTransport(sink.url, { connections: 1 });
  });
  after(async () => {
    transport.close();
    await sink.close();
  });

  /** Sends a message to `to` whose end waits for `hold`. */
  const heldSend = (to: string, hold: Promise<void>) =>
    transport.sendRaw({ from: "news@example.org", to, raw: message(to), holdEndUntil: hold });

  test("the server takes the message only once the hold settles", async () => {
    const hold = gate();
    const sending = heldSend("held@example.org", hold.promise);
    await sleep(300);
    assert.equal(sink.counts.get("held@example.org"), undefined, "nothing accepted while held");
    hold.open();
    const accepted = await sending;
    assert.match(accepted.response, /^250/);
    assert.equal(sink.counts.get("held@example.org"), 1);
    const received = sink.messages.find((m) => m.to === "held@example.org")!;
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
    // The pool still works afterwards, and the abandoned message never arrives.
    await transport.sendRaw({
      from: "news@example.org",
      to: "after@example.org",
      raw: message("after@example.org"),
    });
    await sleep(100);
    assert.equal(sink.counts.get("after@example.org"), 1);
    assert.equal(sink.counts.get("dropped@example.org"), undefined);
  });
});
