import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { importFrom } from "../../src/entries/index.ts";
import { type Edition, type Store, type SubscriberStatus, setSetting } from "../../src/store/index.ts";
import { sheetCsv } from "../helpers/factories.ts";
import { tempFile } from "../helpers/import.ts";

/** One message as the SMTP server received it. */
export interface Received {
  to: string;
  from: string;
  raw: string;
  /** When it was accepted (Date.now()). */
  at: number;
}

/** A refusal the sink gives instead of "250 OK": the SMTP code and its text. */
export interface Refusal {
  code: number;
  message: string;
}

export interface SmtpSink {
  url: string;
  /** Every accepted message, in order. */
  messages: Received[];
  /** How many accepted messages each recipient got. */
  counts: Map<string, number>;
  /** Refused messages (after DATA) and recipients (at RCPT TO). */
  refused: number;
  close(): Promise<void>;
}

export interface SinkOptions {
  /** Decides the answer to a recipient (RCPT TO): a Refusal, or null to accept. */
  rcpt?: (address: string) => Refusal | null;
  /** Decides the answer to a whole message (after DATA): a Refusal, or null to accept. */
  data?: (to: string, n: number) => Refusal | null;
  /** Keep each message's text (the crash test only counts recipients). Default true. */
  keepRaw?: boolean;
}

function refusal(r: Refusal): Error {
  return Object.assign(new Error(r.message), { responseCode: r.code });
}

/**
 * A real SMTP server on 127.0.0.1 (a free port) that accepts everything unless told otherwise,
 * recording what arrives by recipient. A message counts once its final "." has arrived and
 * been answered; one cut off mid-way is not received, as with any real server.
 */
export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const messages: Received[] = [];
  const counts = new Map<string, number>();
  let refused = 0;
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    banner: "summa test sink",
    onRcptTo(address, _session, callback) {
      const r = options.rcpt?.(address.address.toLowerCase()) ?? null;
      if (r) refused++;
      callback(r ? refusal(r) : undefined);
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => {
        if (options.keepRaw !== false) chunks.push(c);
      });
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase()).join(",");
        const r = options.data?.(to, n++) ?? null;
        if (r) {
          refused++;
          return callback(refusal(r));
        }
        messages.push({
          to,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          raw: Buffer.concat(chunks).toString("utf8"),
          at: Date.now(),
        });
        counts.set(to, (counts.get(to) ?? 0) + 1);
        callback();
      });
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    counts,
    get refused() {
      return refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The postal address configureNewsletter sets (every issue's footer shows it). */
export const POSTAL_ADDRESS = "Alignment Newsletter, 1 Main Street, Springfield, IL 62701, USA";

/** The newsletter's settings a send needs: sender, site (for links), name, prefix and postal address. */
export async function configureNewsletter(store: Store, siteUrl = "https://news.example.org"): Promise<void> {
  await setSetting(store.db, "newsletter.site_url", siteUrl);
  await setSetting(store.db, "newsletter.from_address", "newsletter@news.example.org");
  await setSetting(store.db, "newsletter.postal_address", POSTAL_ADDRESS);
  await setSetting(store.db, "newsletter.name", "Alignment Newsletter");
  await setSetting(store.db, "newsletter.issue_prefix", "AN");
}

/** Issue AN #7 (or `number`), published (imported): one highlight and two other entries. Returns its number. */
export async function publishedIssue(store: Store, number = 7): Promise<number> {
  const row = (category: string, highlight: boolean, title: string, summary: string) => [
    category,
    highlight ? "Highlight" : "",
    title,
    "Ada Lovelace, Alan Turing",
    "arXiv",
    "2019",
    "",
    `AN #${number}`,
    "Rohin",
    summary,
    "Worth reading.",
    "",
    "",
  ];
  await importFrom(
    store,
    tempFile(
      "issue.csv",
      sheetCsv([
        row("Learning human intent", true, "The highlighted paper", "A summary with “quotes” and ϵ > 0."),
        row("Learning human intent", false, "A sectioned paper", "Only in the full edition."),
        row("Interpretability", false, "Another sectioned paper", "Also only in the full edition."),
      ]),
    ),
  );
  return number;
}

let made = 0;

/**
 * `count` subscribers with this status and edition (bulk inserted), addresses
 * `PREFIX-N@example.org`. Returns their addresses.
 */
export async function addSubscribers(
  store: Store,
  count: number,
  options: {
    status?: SubscriberStatus;
    edition?: Edition;
    prefix?: string;
    name?: (i: number) => string;
  } = {},
): Promise<string[]> {
  const prefix = options.prefix ?? `reader${++made}`;
  const now = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => ({
    email: `${prefix}-${i}@example.org`,
    name: options.name?.(i) ?? `Reader ${i}`,
    status: options.status ?? "active",
    edition: options.edition ?? "full",
    source: "test",
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await store.db
      .insertInto("subscribers")
      .values(rows.slice(i, i + 500))
      .execute();
  return rows.map((r) => r.email);
}

/** Waits until `check` is true, polling every `everyMs`; fails after `timeoutMs`. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
  everyMs = 25,
  what = "the condition",
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Retry delays short enough for a test. */
export const FAST_RETRY = { baseDelayMs: 20, factor: 2, maxDelayMs: 200, maxAttempts: 8 };
