import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerOptions } from "smtp-server";
import type { Store } from "../store/index.ts";
import { receiveInboundMessage } from "./receive.ts";
import { classifyRecipient, type InboundAddresses, loadInboundAddresses } from "./recipients.ts";

/**
 * `summa inbound`: an SMTP server that is the MX of the bounce domain. It takes mail for the
 * bounce address, its genuine VERP forms and the unsubscribe address only (550 for anyone
 * else: no relay, no mailbox), up to a size (552 beyond) and a number of connections, and
 * handles each message before answering its DATA: "250" means committed; a store error
 * answers 451, so the sending server keeps the message and tries again. No AUTH: senders
 * of bounces are any server on the Internet, as for any MX. STARTTLS when given a key and a
 * certificate.
 */
export interface InboundOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  /** Largest message taken, in bytes (552 beyond). Bounces and requests are small. */
  maxBytes?: number;
  /** Connections at once; more are turned away (421). */
  maxClients?: number;
  /** Recipients per message. */
  maxRecipients?: number;
  /** PEM key and certificate: STARTTLS is offered with them. */
  tls?: { key: Buffer; cert: Buffer };
  /** The name in the greeting; the machine's host name by default. */
  name?: string;
  /** One line per message handled or refused (row ids, no addresses). */
  log(line: string): void;
}

export interface InboundListener {
  host: string;
  port: number;
  close(): Promise<void>;
}

export const INBOUND_MAX_BYTES = 1024 * 1024;
const MAX_CLIENTS = 50;
const MAX_RECIPIENTS = 10;
/** Settings are read again at most this often, so a change reaches a running listener. */
const ADDRESSES_TTL_MS = 5_000;

/** An SMTP reply to a command, as smtp-server takes it from an error. */
function reply(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Starts listening; resolves once the port is bound. */
export async function startInboundListener(store: Store, options: InboundOptions): Promise<InboundListener> {
  const maxBytes = options.maxBytes ?? INBOUND_MAX_BYTES;
  const maxRecipients = options.maxRecipients ?? MAX_RECIPIENTS;
  let cached: { at: number; addresses: Promise<InboundAddresses> } | null = null;
  const addresses = (): Promise<InboundAddresses> => {
    if (!cached || Date.now() - cached.at > ADDRESSES_TTL_MS) {
      const loading = loadInboundAddresses(store);
      loading.catch(() => {
        if (cached?.addresses === loading) cached = null;
      });
      cached = { at: Date.now(), addresses: loading };
    }
    return cached.addresses;
  };

  const serverOptions: SMTPServerOptions = {
    name: options.name ?? hostname(),
    banner: "Summa inbound (bounces and unsubscribe requests only)",
    authOptional: true,
    disabledCommands: options.tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    size: maxBytes,
    maxClients: options.maxClients ?? MAX_CLIENTS,
    logger: false,
    // Nothing here reads the client's host name: no DNS query per connection.
    disableReverseLookup: true,
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= maxRecipients)
        return callback(reply(452, "4.5.3 Too many recipients"));
      addresses().then(
        (known) => {
          const recipient = classifyRecipient(known, address.address);
          if (!("refused" in recipient)) return callback();
          if (recipient.refused === "forged") options.log("refused a bounce address with a forged tag");
          callback(reply(550, "5.1.1 No such recipient here"));
        },
        (err) => {
          options.log(`could not read the settings: ${messageOf(err)}`);
          callback(reply(451, "4.3.0 Temporary failure, try again later"));
        },
      );
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        // Past the limit nothing more is kept: the answer is 552 anyway.
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on("end", () => {
        if (stream.sizeExceeded || size > maxBytes)
          return callback(reply(552, `5.3.4 Message too big: at most ${maxBytes} bytes`));
        const message = Buffer.concat(chunks).toString("utf8");
        const rcpts = session.envelope.rcptTo.map((r) => r.address);
        handle(message, rcpts).then(
          () => callback(null, "2.0.0 Received"),
          (err) => {
            options.log(`could not store a message, the sender will retry: ${messageOf(err)}`);
            callback(reply(451, "4.3.0 Temporary failure, try again later"));
          },
        );
      });
    },
  };

  /** Each accepted recipient's share, one after the other; any store error fails them all (451). */
  async function handle(message: string, rcpts: readonly string[]): Promise<void> {
    const known = await addresses();
    const now = new Date();
    for (const rcpt of rcpts) {
      const recipient = classifyRecipient(known, rcpt);
      if ("refused" in recipient) continue;
      options.log(await receiveInboundMessage(store, known, recipient, message, now));
    }
  }

  const server = new SMTPServer(serverOptions);
  server.on("error", (err) => options.log(`SMTP error: ${messageOf(err)}`));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const bound = server.server.address() as AddressInfo;
  return {
    host: options.host,
    port: bound.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
