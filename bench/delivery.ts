/**
 * Delivery throughput: messages per second for N subscribers to a local SMTP sink, Summa's whole
 * road (freeze the audience, claim under a lease, personalise, send over the pooled transport,
 * record each reply) next to two baselines in the same run, each sending the same pre-rendered
 * message N times in a loop with no database, over as many connections: nodemailer's pooled
 * sendMail (the issue's baseline), and Summa's own transport (what is left is the database,
 * personalisation and the worker).
 *
 *   node --import tsx bench/delivery.ts [--sizes 10k,100k] [--connections 4] [--db postgres://...]
 *
 * The sink (smtp-server, accept and discard) is a separate process. Each size gets a fresh
 * database (SQLite in bench/out unless --db names a PostgreSQL server database to reuse: its
 * sends and subscribers are cleared). The message is AN #53 from the real sheet when
 * ../shared/an-data is present, else the sample sheet's first issue. Each baseline runs before
 * and after Summa (after a short unmeasured warm-up) and each ratio is against its two runs'
 * mean, so drift on a noisy machine hits all of them.
 */
import { existsSync } from "node:fs";
import nodemailer from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool/index.js";
import { openTransport, personaliseMessageBytes, renderEdition } from "../src/delivery/index.ts";
import type { Store } from "../src/store/index.ts";
import { loadLinkConfig, subscriberLinks } from "../src/subscribers/index.ts";
import { ensureOutDir, flag, listFlag, machine, numberFlag, REAL_XLSX, round, table } from "./lib/common.ts";
import { freshStore as makeStore, perMessage, sendLoop, startSink, summaSend } from "./lib/delivery-kit.ts";

const sizes = listFlag("sizes", [10_000, 100_000]);
const connections = numberFlag("connections", 4);
const pgUrl = flag("db");
const real = existsSync(REAL_XLSX);
const issueNumber = real ? 53 : 1;
ensureOutDir();

const freshStore = (size: number) =>
  makeStore(size, { name: "delivery", ...(pgUrl ? { pgUrl } : {}), real, issueNumber });
const loop = (size: number, send: (to: string) => Promise<unknown>) =>
  sendLoop(sink, size, connections, send);
const summa = (store: Store, url: string, size: number) =>
  summaSend(store, sink, openTransport(url, { connections }), { size, connections, issueNumber });

/**
 * The baseline: nodemailer as anyone would use it, its pooled transport and sendMail, the
 * pre-rendered message as `raw`, in a loop with no database.
 */
async function baseline(url: string, raw: Buffer, size: number) {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: connections,
    maxMessages: Number.POSITIVE_INFINITY,
  } as SMTPPool.Options & { url: string });
  try {
    return await loop(size, (to) =>
      transport.sendMail({ envelope: { from: "newsletter@news.example.org", to: [to] }, raw }),
    );
  } finally {
    transport.close();
  }
}

/**
 * The same loop over Summa's own transport (src/mail/smtp.ts: nodemailer's SMTP
 * sessions without its Mailer): what is left between it and Summa is the database, the
 * personalisation and the worker, so Summa's rate over this one is their cost alone.
 */
async function transportOnly(url: string, raw: Buffer, size: number) {
  const transport = openTransport(url, { connections });
  try {
    return await loop(size, (to) => transport.sendRaw({ from: "newsletter@news.example.org", to, raw }));
  } finally {
    transport.close();
  }
}

const sink = await startSink();
const rows: (string | number)[][] = [];
const results: Record<string, unknown>[] = [];
try {
  for (const size of sizes) {
    const store = await freshStore(size);
    const template = await renderEdition(store, issueNumber, "full");
    const links = subscriberLinks(await loadLinkConfig(store), { id: 1, email: "reader-0@example.org" });
    // The baseline's message: one reader's, as the bytes the worker hands to nodemailer.
    const raw = personaliseMessageBytes(template, {
      email: "reader-0@example.org",
      name: "Reader 0",
      ...links,
      messageIdSuffix: "d1",
    });
    // Warm-up (not measured): JIT, connections, the sink's first allocations.
    await baseline(sink.url, raw, Math.min(2000, size));
    await transportOnly(sink.url, raw, Math.min(2000, size));
    const before = await sink.accepted();
    // Each baseline runs before and after Summa, so drift on a noisy machine hits all three.
    const base1 = await baseline(sink.url, raw, size);
    const bare1 = await transportOnly(sink.url, raw, size);
    const ours = await summa(store, sink.url, size);
    const bare2 = await transportOnly(sink.url, raw, size);
    const base2 = await baseline(sink.url, raw, size);
    const accepted = (await sink.accepted()) - before;
    if (accepted !== 5 * size)
      throw new Error(`the sink accepted ${accepted} messages, expected ${5 * size}`);
    const ratio = ours.rate / ((base1.rate + base2.rate) / 2);
    const bareRatio = ours.rate / ((bare1.rate + bare2.rate) / 2);
    rows.push([
      size.toLocaleString("en-US"),
      round(ours.rate, 0),
      round(ours.seconds, 1),
      round(ours.freeze, 2),
      `${round(base1.rate, 0)} / ${round(base2.rate, 0)}`,
      round(ratio, 2),
      ratio >= 0.7 ? "met" : "not met",
      `${round(bare1.rate, 0)} / ${round(bare2.rate, 0)}`,
      round(bareRatio, 2),
      perMessage(base1.cpu, size),
      perMessage(bare1.cpu, size),
      perMessage(ours.cpu, size),
    ]);
    results.push({
      size,
      summa: ours,
      baseline: [base1.rate, base2.rate],
      baselineCpu: base1.cpu,
      transportOnly: [bare1.rate, bare2.rate],
      transportOnlyCpu: bare1.cpu,
      ratio,
      transportOnlyRatio: bareRatio,
      bytes: raw.length,
    });
    await store.close();
  }
} finally {
  sink.stop();
}

console.log(JSON.stringify(machine()));
console.log(
  `${pgUrl ? "PostgreSQL" : "SQLite"}, ${connections} SMTP connections, one worker, message ${real ? "AN #53 (real sheet)" : "sample issue #1"}, sink in its own process\n`,
);
console.log(
  table(
    [
      "subscribers",
      "Summa msg/s",
      "Summa s",
      "freeze s",
      "baseline msg/s (before / after)",
      "ratio",
      "goal ≥ 0.7",
      "transport only msg/s (before / after)",
      "ratio to it",
      "CPU µs/msg (sender / sink / PostgreSQL): baseline",
      "transport only",
      "Summa",
    ],
    rows,
  ),
);
console.log(
  JSON.stringify({ benchmark: "delivery", connections, database: pgUrl ? "postgres" : "sqlite", results }),
);
