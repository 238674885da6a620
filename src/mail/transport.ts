/**
 * How a finished message leaves Summa: the one thing the worker, test sends and subscription
 * emails know about mail servers. Two implementations pass the same case file
 * (test/mail/transport.case.ts): SMTP (smtp.ts, a pool of sessions over SMTP_URL) and memory
 * (memory.ts, for tests and dry runs). One per process, shared; close it on shutdown.
 */
export interface MailTransport {
  /**
   * Sends a complete RFC 5322 message as is; the envelope is given apart from its headers.
   * With `holdEndUntil`, the envelope and the whole body go out at once, but the end of the
   * data (the lone "." after which the server takes the message) waits for that promise; if it
   * rejects, the message is abandoned unsent, and sendRaw rejects with that error.
   */
  sendRaw(message: {
    from: string;
    to: string;
    raw: string | Buffer;
    holdEndUntil?: Promise<unknown>;
  }): Promise<SmtpAcceptance>;
  close(): void;
}

/** What the server said when it accepted a message. */
export interface SmtpAcceptance {
  /** The whole reply line, e.g. "250 2.0.0 Ok: queued as 4F2A1". */
  response: string;
}

/** An SMTP refusal or a connection problem, with the reply code when the server gave one. */
export interface SmtpFailure {
  /** 4xx: try again later; 5xx: permanent; undefined: no reply (connection, DNS, timeout). */
  code?: number;
  message: string;
}

/**
 * Reads the SMTP reply code and text out of whatever a transport threw: both implementations
 * throw errors shaped as nodemailer's (`responseCode`, `response`), so callers read one shape.
 */
export function smtpFailure(err: unknown): SmtpFailure {
  const e = err as { responseCode?: number; response?: string; message?: string; code?: string };
  return {
    code: typeof e.responseCode === "number" ? e.responseCode : undefined,
    message: e.response ?? e.message ?? String(err),
  };
}
