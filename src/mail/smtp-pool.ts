import type { Readable } from "node:stream";
import SMTPConnection from "nodemailer/lib/smtp-connection";

/** How to reach the server: nodemailer's SMTPConnection options, and credentials if any. */
export interface PoolOptions extends SMTPConnection.Options {
  auth?: { user: string; pass: string };
}

/** What a send was answered with. */
export interface PoolSendInfo {
  /** The server's reply to the end of the data, e.g. "250 2.0.0 Ok: queued as 4F2A1". */
  response: string;
}

/** One SMTP session: its connection, and whether it has already carried a message. */
interface Link {
  conn: SMTPConnection;
  used: boolean;
  dead: boolean;
}

type Waiter = { resolve(link: Link): void; reject(err: unknown): void };

/**
 * A pool of up to `max` SMTP sessions, each one nodemailer's SMTPConnection, handed to one
 * message at a time. It is what nodemailer's pooled transport does, without the per-message
 * work of its Mailer, which a worker does not need: composing a MIME tree around an already
 * rendered message, parsing the envelope's addresses again, generating a Message-ID for the
 * result (about 180 µs of CPU per message, a third of the sending process's time on a
 * newsletter, measured in bench/delivery.ts). A session whose server refused one message
 * (a 4xx or 5xx reply to the envelope or the data) is reset with RSET and used again; any other
 * error closes it, and the next message opens a new one.
 */
export class SmtpPool {
  readonly #idle: Link[] = [];
  readonly #waiting: Waiter[] = [];
  #open = 0;
  #closed = false;

  constructor(
    private readonly options: PoolOptions,
    private readonly max: number,
  ) {}

  /**
   * Sends one message. `message` makes the message's stream (called again for a second try).
   * A session that the server had closed while it sat idle fails as soon as it is used; when
   * that happens before any of the message was read, nothing was sent, and the message goes
   * once more over a new session instead of failing. Any other failure (a refusal, the message's
   * own stream failing) is the caller's.
   */
  async send(envelope: { from: string; to: string[] }, message: () => Readable): Promise<PoolSendInfo> {
    for (let attempt = 1; ; attempt++) {
      const link = await this.#acquire();
      const reused = link.used;
      const stream = message();
      try {
        // A fresh envelope each time: SMTPConnection keeps the session's state on it (its errors too).
        const info = await sendOn(link, { from: envelope.from, to: [...envelope.to] }, stream);
        this.#release(link);
        return { response: String(info.response ?? "") };
      } catch (err) {
        if (isRefusal(err) && !link.conn.destroyed) this.#reset(link);
        else this.#discard(link);
        if (reused && attempt === 1 && !stream.readableDidRead && sessionGone(err) && !this.#closed) continue;
        throw err;
      }
    }
  }

  /** Ends every session (idle ones at once with QUIT, busy ones when their message is done). */
  close(): void {
    this.#closed = true;
    for (const link of this.#idle.splice(0)) quit(link);
    for (const w of this.#waiting.splice(0)) w.reject(new Error("The SMTP transport was closed"));
  }

  async #acquire(): Promise<Link> {
    if (this.#closed) throw new Error("The SMTP transport is closed");
    for (let link = this.#idle.pop(); link; link = this.#idle.pop()) {
      if (!link.dead && !link.conn.destroyed) return link;
      this.#open--;
    }
    if (this.#open >= this.max)
      return new Promise<Link>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.#open++;
    try {
      return await connect(this.options);
    } catch (err) {
      this.#open--;
      this.#wake();
      throw err;
    }
  }

  /** A session free again: to the longest waiter, else to the idle list. */
  #release(link: Link): void {
    link.used = true;
    if (link.dead || link.conn.destroyed) {
      this.#discard(link);
      return;
    }
    if (this.#closed) {
      this.#open--;
      quit(link);
      return;
    }
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve(link);
    else this.#idle.push(link);
  }

  #reset(link: Link): void {
    link.conn.reset((err) => (err ? this.#discard(link) : this.#release(link)));
  }

  /** A session closed: a waiter, if any, gets a new one. */
  #discard(link: Link): void {
    link.dead = true;
    link.conn.close();
    this.#open--;
    this.#wake();
  }

  #wake(): void {
    const waiter = this.#waiting.shift();
    if (waiter) this.#acquire().then(waiter.resolve, waiter.reject);
  }
}

/** A 4xx or 5xx reply to this message alone: the session itself is sound (421 means it is closing). */
function isRefusal(err: unknown): boolean {
  const e = err as { code?: string; responseCode?: number };
  return (e.code === "EENVELOPE" || e.code === "EMESSAGE") && !!e.responseCode && e.responseCode !== 421;
}

/** The session ended under the message (closed, reset, timed out, or the server said 421). */
function sessionGone(err: unknown): boolean {
  const e = err as { code?: string; responseCode?: number };
  return e.code === "ECONNECTION" || e.code === "ESOCKET" || e.code === "ETIMEDOUT" || e.responseCode === 421;
}

/** Opens a session: connection, greeting, EHLO (and STARTTLS when offered), then AUTH if configured. */
async function connect(options: PoolOptions): Promise<Link> {
  const { auth, ...connection } = options;
  const conn = new SMTPConnection({ ...connection, logger: false });
  const link: Link = { conn, used: false, dead: false };
  // A session's errors while it sits idle (the server's timeout, a reset) come as events; with
  // no listener one would end the process. Errors during a send also reach its callback.
  conn.on("error", () => {
    link.dead = true;
  });
  conn.once("end", () => {
    link.dead = true;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      conn.once("error", reject);
      conn.connect((err?: Error | null) => {
        conn.removeListener("error", reject);
        if (err) reject(err);
        else resolve();
      });
    });
    if (auth && conn.allowsAuth)
      await new Promise<void>((resolve, reject) =>
        conn.login({ user: auth.user, pass: auth.pass }, (err) => (err ? reject(err) : resolve())),
      );
  } catch (err) {
    conn.close();
    throw err;
  }
  return link;
}

function sendOn(link: Link, envelope: { from: string; to: string[] }, stream: Readable) {
  return new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
    link.conn.send(envelope, stream, (err, info) => (err ? reject(err) : resolve(info))),
  );
}

function quit(link: Link): void {
  link.dead = true;
  if (link.conn.destroyed) return;
  link.conn.quit();
}
