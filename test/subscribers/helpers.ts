import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One message as it arrived: the envelope, the raw text, and mailparser's reading of it. */
export interface Delivered {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  mail: ParsedMail;
}

/** A real SMTP server on 127.0.0.1 that keeps what it is sent. */
export interface Mailbox {
  url: string;
  messages: Delivered[];
  /** The next message not yet taken (waits up to 5 s for it to arrive). */
  next(): Promise<Delivered>;
  /** Fails if a message arrives within `ms` (the default 300 ms) that was not taken. */
  expectNothing(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const messages: Delivered[] = [];
  let taken = 0;
  const waiting: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        messages.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw,
          mail: await simpleParser(raw),
        });
        for (const wake of waiting.splice(0)) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const arrived = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async next() {
      const deadline = Date.now() + 5000;
      while (messages.length <= taken) {
        if (Date.now() > deadline) throw new Error("no email arrived within 5 s");
        await arrived(deadline - Date.now());
      }
      return messages[taken++]!;
    },
    async expectNothing(ms = 300) {
      if (messages.length === taken) await arrived(ms);
      if (messages.length > taken)
        throw new Error(
          `an unexpected email arrived: ${messages[taken]!.mail.subject} to ${messages[taken]!.envelopeTo}`,
        );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a text part that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const m = new RegExp(`${escaped}[^\\s<>"]*`).exec(text);
  if (!m) throw new Error(`no link starting ${prefix} in:\n${text}`);
  return m[0];
}

/** Hono's `env` for app.request, as @hono/node-server gives it: the client's socket address. */
export function fromClient(address: string) {
  return { incoming: { socket: { remoteAddress: address } } };
}
