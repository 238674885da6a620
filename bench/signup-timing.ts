/**
 * How long `POST /subscribe` takes to answer, by what the address is: new (gets a confirmation
 * email), suppressed (gets nothing), or mailed within the last 10 minutes (gets nothing now).
 * If these differ, the answer's timing tells a stranger which addresses are on the list, which
 * the same redirect for all was meant to hide (issue 13, item 8).
 *
 *   node --import tsx bench/signup-timing.ts [--rounds 40]
 *
 * A fresh SQLite file, the app in-process (app.request, each sign-up from a client address of
 * its own so the per-client limit stays out of the way), and a real SMTP server (smtp-server)
 * in a child process, as `summa serve` would talk to. The three kinds alternate in each round,
 * so noise hits all alike; medians and 90th percentiles in milliseconds. Where the sign-up
 * mailer exists (emails sent from a queue after the answer), it runs as `summa serve` runs it.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { openTransport } from "../src/mail/index.ts";
import { findSubscriber, openStore, setSetting, updateSubscriber } from "../src/store/index.ts";
import * as subscribers from "../src/subscribers/index.ts";
import { createApp } from "../src/web/index.ts";
import {
  ensureOutDir,
  machine,
  median,
  numberFlag,
  OUT_DIR,
  percentile,
  ROOT,
  removeDatabase,
  round,
  table,
} from "./lib/common.ts";

const rounds = numberFlag("rounds", 40);

async function startSink(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench/lib/smtp-sink.ts")], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve) => lines.once("line", resolve));
  const { port } = JSON.parse(first) as { port: number };
  return { url: `smtp://127.0.0.1:${port}`, stop: () => child.stdin!.end() };
}

ensureOutDir();
const db = join(OUT_DIR, "signup-timing.db");
removeDatabase(db);
const store = await openStore(db);
const sink = await startSink();
const mail = openTransport(sink.url, { timeoutMs: 5000 });
await setSetting(store.db, "newsletter.site_url", "https://news.example.org");
await setSetting(store.db, "newsletter.from_address", "newsletter@news.example.org");

// The queue's mailer, where this version has one (before item 8 the request sent the email).
const mailer =
  "startSignupMailer" in subscribers
    ? subscribers.startSignupMailer(store, mail, { log: () => {} })
    : undefined;
const app = createApp(store, { mail, onSignupQueued: mailer?.wake });

let client = 0;
async function signUp(email: string): Promise<number> {
  client++;
  const env = {
    incoming: { socket: { remoteAddress: `10.${client >> 16}.${(client >> 8) & 255}.${client & 255}` } },
  };
  const started = process.hrtime.bigint();
  const res = await app.request(
    "http://127.0.0.1/subscribe",
    {
      method: "POST",
      body: new URLSearchParams({ email }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    },
    env,
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 303) throw new Error(`sign-up of ${email} answered ${res.status}: ${await res.text()}`);
  return ms;
}

// The suppressed address and the recently mailed one exist before the rounds start.
await signUp("bounced@example.org");
const bounced = await findSubscriber(store.db, "bounced@example.org");
await updateSubscriber(store.db, bounced!.id, { status: "suppressed", suppressed_reason: "hard bounce" });
await signUp("recent@example.org");
for (let i = 0; i < 5; i++) await signUp(`warmup-${i}@example.org`);

const times = { new: [] as number[], suppressed: [] as number[], "recently mailed": [] as number[] };
for (let i = 0; i < rounds; i++) {
  times.new.push(await signUp(`reader-${i}@example.org`));
  times.suppressed.push(await signUp("bounced@example.org"));
  times["recently mailed"].push(await signUp("recent@example.org"));
}

await mailer?.stop();
mail.close();
sink.stop();
await store.close();

const rows = Object.entries(times).map(([kind, ms]) => [
  kind,
  round(median(ms), 2),
  round(percentile(ms, 90), 2),
  ms.length,
]);
console.log(table(["address", "median ms", "p90 ms", "sign-ups"], rows));
console.log(
  JSON.stringify({
    bench: "signup-timing",
    queue: Boolean(mailer),
    rounds,
    medianMs: Object.fromEntries(Object.entries(times).map(([k, ms]) => [k, round(median(ms), 2)])),
    p90Ms: Object.fromEntries(Object.entries(times).map(([k, ms]) => [k, round(percentile(ms, 90), 2)])),
    ...machine(),
  }),
);
