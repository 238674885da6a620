/**
 * Delivery with DKIM signing: what signing costs, and whether Summa still keeps up with
 * nodemailer doing the same. In one run, against the same local SMTP sink (its own process):
 *
 * - CPU per message of Summa's signer (src/mail/dkim.ts: the DKIM-Signature headers, as the
 *   signing transport makes them) on the issue's message: RSA-2048, Ed25519, and both at once;
 * - signing off: Summa's send (one worker, unsigned, as `summa worker` runs without keys) against
 *   the delivery bench's baseline, nodemailer's pooled sendMail of the pre-rendered message;
 * - signing on: Summa's send through the signing transport the commands open with DKIM_KEYS
 *   (RSA-2048) against nodemailer's pooled sendMail with its `dkim` option and the same key.
 *
 *   node --import tsx bench/delivery-dkim.ts [--sizes 10k] [--connections 4] [--signatures 2000] [--db postgres://...]
 *
 * Each Summa run sits between two runs of its baseline and is compared with their mean, so
 * drift on a busy machine hits both sides. Goal: >= 0.9 in both comparisons.
 */
import { existsSync } from "node:fs";
import nodemailer from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool/index.js";
import { openTransport, personaliseMessageBytes, renderEdition } from "../src/delivery/index.ts";
import {
  type DkimKey,
  dkimKey,
  dkimSignatures,
  generateDkimKey,
  type HeaderSigner,
  signingTransport,
} from "../src/mail/index.ts";
import { loadLinkConfig, subscriberLinks } from "../src/subscribers/index.ts";
import {
  ensureOutDir,
  flag,
  listFlag,
  machine,
  median,
  numberFlag,
  REAL_XLSX,
  round,
  table,
} from "./lib/common.ts";
import { freshStore, perMessage, sendLoop, startSink, summaSend } from "./lib/delivery-kit.ts";

const sizes = listFlag("sizes", [10_000]);
const connections = numberFlag("connections", 4);
const signatures = numberFlag("signatures", 2000);
const pgUrl = flag("db");
const real = existsSync(REAL_XLSX);
const issueNumber = real ? 53 : 1;
const FROM = "newsletter@news.example.org";
ensureOutDir();

const rsaPem = generateDkimKey("rsa", 2048);
const rsa = dkimKey(rsaPem, "rsa2048", "bench");
const ed = dkimKey(generateDkimKey("ed25519"), "ed", "bench");

/**
 * CPU µs per call of each signer on `raw`: three rounds of `n` calls each, the signers taking
 * turns (after a warm-up of 500 calls each, so the JIT has settled), the median round.
 */
function cpuPerSignature(
  signers: Record<string, HeaderSigner>,
  raw: Buffer,
  n: number,
): Record<string, number> {
  const rounds: Record<string, number[]> = {};
  for (const sign of Object.values(signers)) for (let i = 0; i < 500; i++) sign(raw);
  for (let round = 0; round < 3; round++)
    for (const [name, sign] of Object.entries(signers)) {
      const before = process.cpuUsage();
      for (let i = 0; i < n; i++) sign(raw);
      const used = process.cpuUsage(before);
      rounds[name] = [...(rounds[name] ?? []), (used.user + used.system) / n];
    }
  return Object.fromEntries(Object.entries(rounds).map(([name, us]) => [name, median(us)]));
}

/** nodemailer's pooled sendMail of `raw`, with its DKIM signing when `key` is given. */
async function nodemailerLoop(
  sink: Awaited<ReturnType<typeof startSink>>,
  raw: Buffer,
  size: number,
  key?: DkimKey,
) {
  const transport = nodemailer.createTransport({
    url: sink.url,
    pool: true,
    maxConnections: connections,
    maxMessages: Number.POSITIVE_INFINITY,
    ...(key
      ? { dkim: { domainName: "news.example.org", keySelector: key.selector, privateKey: rsaPem } }
      : {}),
  } as SMTPPool.Options & { url: string });
  try {
    return await sendLoop(sink, size, connections, (to) =>
      transport.sendMail({ envelope: { from: FROM, to: [to] }, raw }),
    );
  } finally {
    transport.close();
  }
}

const sink = await startSink();
const rows: (string | number)[][] = [];
const results: Record<string, unknown>[] = [];
let perSignature: Record<string, number> = {};
let messageBytes = 0;
try {
  for (const size of sizes) {
    const base = { ...(pgUrl ? { pgUrl } : {}), real, issueNumber };
    const offStore = await freshStore(size, { name: "delivery-dkim-off", ...base });
    const template = await renderEdition(offStore, issueNumber, "full");
    const links = subscriberLinks(await loadLinkConfig(offStore), { id: 1, email: "reader-0@example.org" });
    const raw = personaliseMessageBytes(template, {
      email: "reader-0@example.org",
      name: "Reader 0",
      ...links,
      messageIdSuffix: "d1",
    });
    messageBytes = raw.length;
    if (!Object.keys(perSignature).length)
      perSignature = cpuPerSignature(
        {
          "rsa-2048": dkimSignatures([rsa]),
          ed25519: dkimSignatures([ed]),
          "rsa-2048 + ed25519": dkimSignatures([rsa, ed]),
        },
        raw,
        signatures,
      );
    const signed = () => signingTransport(openTransport(sink.url, { connections }), dkimSignatures([rsa]));
    const options = { size, connections, issueNumber };

    // Warm-up (not measured): JIT, connections, the sink's first allocations.
    const warm = Math.min(2000, size);
    await nodemailerLoop(sink, raw, warm);
    await nodemailerLoop(sink, raw, warm, rsa);
    const warmSigned = signed();
    await sendLoop(sink, warm, connections, (to) => warmSigned.sendRaw({ from: FROM, to, raw }));
    warmSigned.close();
    const before = await sink.accepted();

    const base1 = await nodemailerLoop(sink, raw, size);
    const off = await summaSend(offStore, sink, openTransport(sink.url, { connections }), options);
    const base2 = await nodemailerLoop(sink, raw, size);
    await offStore.close();
    const onStore = await freshStore(size, { name: "delivery-dkim-on", ...base });
    const dkim1 = await nodemailerLoop(sink, raw, size, rsa);
    const on = await summaSend(onStore, sink, signed(), options);
    const dkim2 = await nodemailerLoop(sink, raw, size, rsa);
    await onStore.close();

    const accepted = (await sink.accepted()) - before;
    if (accepted !== 6 * size)
      throw new Error(`the sink accepted ${accepted} messages, expected ${6 * size}`);
    const offRatio = off.rate / ((base1.rate + base2.rate) / 2);
    const onRatio = on.rate / ((dkim1.rate + dkim2.rate) / 2);
    const met = (r: number) => (r >= 0.9 ? "met" : "not met");
    rows.push(
      [
        size.toLocaleString("en-US"),
        "off",
        round(off.rate, 0),
        `${round(base1.rate, 0)} / ${round(base2.rate, 0)}`,
        round(offRatio, 2),
        met(offRatio),
        perMessage(base1.cpu, size),
        perMessage(off.cpu, size),
      ],
      [
        size.toLocaleString("en-US"),
        "on (RSA-2048)",
        round(on.rate, 0),
        `${round(dkim1.rate, 0)} / ${round(dkim2.rate, 0)}`,
        round(onRatio, 2),
        met(onRatio),
        perMessage(dkim1.cpu, size),
        perMessage(on.cpu, size),
      ],
    );
    results.push({
      size,
      off: { summa: off, baseline: [base1.rate, base2.rate], ratio: offRatio, baselineCpu: base1.cpu },
      on: { summa: on, baseline: [dkim1.rate, dkim2.rate], ratio: onRatio, baselineCpu: dkim1.cpu },
      bytes: raw.length,
    });
  }
} finally {
  sink.stop();
}

console.log(JSON.stringify(machine()));
console.log(
  `CPU per signed message (µs, median of 3 rounds of ${signatures} signings of the ${real ? "AN #53" : "sample issue #1"} message, ${messageBytes} bytes): ` +
    Object.entries(perSignature)
      .map(([k, us]) => `${k} ${round(us, 0)}`)
      .join(", "),
);
console.log(
  `${pgUrl ? "PostgreSQL" : "SQLite"}, ${connections} SMTP connections, one worker; baseline: nodemailer's pooled sendMail (with its dkim option and the same key when signing)\n`,
);
console.log(
  table(
    [
      "subscribers",
      "signing",
      "Summa msg/s",
      "baseline msg/s (before / after)",
      "ratio",
      "goal ≥ 0.9",
      "CPU µs/msg (sender / sink / PostgreSQL): baseline",
      "Summa",
    ],
    rows,
  ),
);
console.log(
  JSON.stringify({
    benchmark: "delivery-dkim",
    connections,
    database: pgUrl ? "postgres" : "sqlite",
    perSignature,
    results,
  }),
);
