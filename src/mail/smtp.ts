import { Readable } from "node:stream";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import { SummaError } from "../domain/errors.ts";
import { SmtpPool } from "./smtp-pool.ts";
import type { MailTransport } from "./transport.ts";

export interface TransportOptions {
  /** Simultaneous SMTP sessions (the pool's size, smtp-pool.ts). Default 2. */
  connections?: number;
  /** Per-connection timeouts in ms (connect, greeting, socket idle). */
  timeoutMs?: number;
}

/**
 * Opens the pooled transport for an smtp:// or smtps:// URL; a clear error for anything else.
 * The URL reads as nodemailer reads it (user and password, port, options in the query string).
 */
export function openTransport(url: string | undefined, options: TransportOptions = {}): MailTransport {
  if (!url || !/^smtps?:\/\//i.test(url))
    throw new SummaError(
      "config.invalid",
      `SMTP_URL must be smtp://[user:pass@]host:port or smtps://... (got ${url ? `"${url.replace(/\/\/[^@/]*@/, "//***@")}"` : "nothing"})`,
    );
  const timeout = options.timeoutMs ?? 30_000;
  const { auth, ...rest } = parseConnectionUrl(url);
  const pool = new SmtpPool(
    {
      ...rest,
      ...(auth?.user || auth?.pass ? { auth: { user: auth.user ?? "", pass: auth.pass ?? "" } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    },
    options.connections ?? 2,
  );
  return {
    async sendRaw({ from, to, raw, holdEndUntil }) {
      // One chunk: nodemailer writes each chunk to the socket on its own, and a message in pieces
      // costs both ends a system call and a read per piece (bench/README.md).
      const bytes = typeof raw === "string" ? Buffer.from(raw) : raw;
      let held: { error: unknown } | undefined;
      try {
        return await pool.send({ from, to: [to] }, () =>
          heldBack(bytes, holdEndUntil ?? Promise.resolve(), (error) => (held = { error })),
        );
      } catch (err) {
        // The hold failed: the message was abandoned by us, not refused by the server.
        throw held ? held.error : err;
      }
    },
    close: () => pool.close(),
  };
}

/**
 * The message as a stream that ends only once `until` settles: nodemailer writes the
 * end-of-data mark when its source ends, so until then the server holds an unfinished message
 * it will discard if the connection drops. If `until` rejects, the stream fails instead of
 * ending, and the message is never completed.
 */
function heldBack(raw: Buffer, until: Promise<unknown>, onFail: (error: unknown) => void): Readable {
  const stream = new Readable({ read() {} });
  stream.push(raw);
  until.then(
    () => stream.push(null),
    (error: unknown) => {
      onFail(error);
      stream.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return stream;
}
