import type { MailTransport, SmtpAcceptance } from "./transport.ts";

/** One message a memory transport accepted: the envelope and a copy of the bytes. */
export interface AcceptedMessage {
  from: string;
  to: string;
  raw: Buffer;
  /** When it was accepted (Date.now()). */
  at: number;
}

/** A refusal the memory transport gives instead of accepting: an SMTP code and its text. */
export interface MemoryRefusal {
  code: number;
  message: string;
}

export interface MemoryTransportOptions {
  /** Decides the answer to each message: a refusal, or null to accept. */
  refuse?: (message: { from: string; to: string }) => MemoryRefusal | null;
}

/** A transport that keeps what it accepts, for tests and for a worker run without a server. */
export interface MemoryTransport extends MailTransport {
  /** Every accepted message, in order. */
  readonly accepted: readonly AcceptedMessage[];
}

/**
 * Mail that goes nowhere: it keeps each accepted message and answers as an SMTP server would,
 * including a held end (the message counts only once `holdEndUntil` settles, and never if it
 * rejects) and refusals shaped like nodemailer's errors, so code under test cannot tell it from
 * the SMTP transport. The bytes are copied: a sender may reuse its buffer once a message is in.
 */
export function memoryTransport(options: MemoryTransportOptions = {}): MemoryTransport {
  const accepted: AcceptedMessage[] = [];
  let closed = false;
  let n = 0;
  return {
    accepted,
    async sendRaw({ from, to, raw, holdEndUntil }): Promise<SmtpAcceptance> {
      if (closed) throw new Error("The mail transport is closed");
      const bytes = Buffer.from(raw);
      await holdEndUntil;
      const refusal = options.refuse?.({ from, to }) ?? null;
      if (refusal)
        throw Object.assign(new Error(`${refusal.code} ${refusal.message}`), {
          code: "EMESSAGE",
          responseCode: refusal.code,
          response: `${refusal.code} ${refusal.message}`,
        });
      accepted.push({ from, to, raw: bytes, at: Date.now() });
      return { response: `250 2.0.0 Ok: queued as memory-${++n}` };
    },
    close() {
      closed = true;
    },
  };
}
