import type { MessageSigner } from "./sign.ts";
import type { MailTransport } from "./transport.ts";

const SIGNING = Symbol("signs every message");

/**
 * A transport that signs every message on its way through `inner`: the one place a process
 * signs, so that issue deliveries, test copies and sign-up emails are all signed the same way
 * without any of them knowing about DKIM. It signs the bytes it is given, which are final
 * (personalised) by the time anything calls sendRaw. Wrapping a signing transport again is
 * refused: a message is signed once (a worker on it keeps its own `sign` option unsigned).
 * A signer that throws makes sendRaw reject, as a failure without an SMTP reply.
 */
export function signingTransport(inner: MailTransport, sign: MessageSigner): MailTransport {
  if (isSigning(inner)) throw new Error("This mail transport already signs its messages");
  const transport: MailTransport & { [SIGNING]: true } = {
    [SIGNING]: true,
    async sendRaw(message) {
      const raw = typeof message.raw === "string" ? Buffer.from(message.raw) : message.raw;
      return inner.sendRaw({ ...message, raw: sign(raw) });
    },
    close: () => inner.close(),
  };
  return transport;
}

/** Whether `transport` is one signingTransport made. */
export function isSigning(transport: MailTransport): boolean {
  return (transport as { [SIGNING]?: true })[SIGNING] === true;
}
