import type { HeaderSigner } from "./sign.ts";
import type { MailTransport } from "./transport.ts";

const SIGNING = Symbol("signs every message");

/**
 * A transport that signs every message on its way through `inner`: the one place a process
 * signs, so that issue deliveries, test copies and sign-up emails are all signed the same way
 * without any of them knowing about DKIM. It signs the bytes it is given, which are final
 * (personalised) by the time anything calls sendRaw, and sends the signature headers and the
 * message as one buffer (one chunk on the socket). Those buffers are reused: a new 56 KB one per
 * message has V8 run full collections over a large heap (bench/README.md); one goes back for
 * reuse once the server has taken its message, and one whose send failed is left behind, since
 * a socket may still be writing it. Wrapping a signing transport again is refused: a message is
 * signed once (a worker on it keeps its own `sign` option unsigned). A signer that throws makes
 * sendRaw reject, as a failure without an SMTP reply.
 */
export function signingTransport(inner: MailTransport, signatures: HeaderSigner): MailTransport {
  if (isSigning(inner)) throw new Error("This mail transport already signs its messages");
  const free: Buffer[] = [];
  const transport: MailTransport & { [SIGNING]: true } = {
    [SIGNING]: true,
    async sendRaw(message) {
      const raw = typeof message.raw === "string" ? Buffer.from(message.raw) : message.raw;
      const head = signatures(raw);
      const size = head.length + raw.length;
      let memory = free.pop();
      if (!memory || memory.length < size) memory = Buffer.allocUnsafe(size + (size >> 3));
      raw.copy(memory, memory.write(head, 0, "latin1"));
      const accepted = await inner.sendRaw({ ...message, raw: memory.subarray(0, size) });
      free.push(memory);
      return accepted;
    },
    close: () => inner.close(),
  };
  return transport;
}

/** Whether `transport` is one signingTransport made. */
export function isSigning(transport: MailTransport): boolean {
  return (transport as { [SIGNING]?: true })[SIGNING] === true;
}
