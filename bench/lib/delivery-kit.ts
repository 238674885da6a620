/**
 * What the delivery benchmarks share (bench/delivery.ts, bench/delivery-dkim.ts): the SMTP sink
 * in its own process, a fresh database with N subscribers, a timed loop of sends with no
 * database, and a timed Summa send (one worker until done).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { type MailTransport, sendProgress, startSend, startWorker } from "../../src/delivery/index.ts";
import { importFrom } from "../../src/entries/index.ts";
import { findSendByIssue, openStore, type Store, setSetting } from "../../src/store/index.ts";
import { OUT_DIR, REAL_XLSX, ROOT, removeDatabase } from "./common.ts";
import { type CpuSplit, cpuMeter } from "./cpu.ts";

/** The sink process: its SMTP URL, and a way to ask how many messages it has accepted. */
export interface SinkProcess {
  url: string;
  accepted(): Promise<number>;
  stop(): void;
  child: ChildProcess;
}

export async function startSink(): Promise<SinkProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench/lib/smtp-sink.ts")], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const next = () =>
    new Promise<Record<string, number>>((resolve) => lines.once("line", (l) => resolve(JSON.parse(l))));
  const { port } = await next();
  return {
    url: `smtp://127.0.0.1:${port}`,
    child,
    async accepted() {
      const answer = next();
      child.stdin!.write("count\n");
      return (await answer).accepted!;
    },
    stop: () => child.stdin!.end(),
  };
}

/**
 * A database with the issue and `size` active subscribers: a fresh SQLite file in bench/out
 * named after `name`, or the PostgreSQL database at `pgUrl` with its sends and subscribers cleared.
 */
export async function freshStore(
  size: number,
  options: { name: string; pgUrl?: string; real: boolean; issueNumber: number },
): Promise<Store> {
  let store: Store;
  if (options.pgUrl) {
    store = await openStore(options.pgUrl);
    await store.db.deleteFrom("sends").execute();
    await store.db.deleteFrom("subscribers").execute();
  } else {
    const path = join(OUT_DIR, `${options.name}-${size}.db`);
    removeDatabase(path);
    store = await openStore(path);
  }
  if (
    !(await store.db
      .selectFrom("issues")
      .select("number")
      .where("number", "=", options.issueNumber)
      .executeTakeFirst())
  )
    await importFrom(store, options.real ? REAL_XLSX : join(ROOT, "examples/sample-sheet.csv"));
  await setSetting(store.db, "newsletter.site_url", "https://news.example.org");
  await setSetting(store.db, "newsletter.from_address", "newsletter@news.example.org");
  await setSetting(store.db, "newsletter.postal_address", "Summa, 1 Main Street, Springfield, IL 62701, USA");
  const now = new Date().toISOString();
  for (let i = 0; i < size; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, size - i) }, (_, j) => ({
      email: `reader-${i + j}@example.org`,
      name: `Reader ${i + j}`,
      status: "active" as const,
      created_at: now,
      updated_at: now,
    }));
    await store.db.insertInto("subscribers").values(rows).execute();
  }
  return store;
}

/** A loop of `size` sends, `connections` in flight, no database: messages/s and CPU. */
export async function sendLoop(
  sink: SinkProcess,
  size: number,
  connections: number,
  send: (to: string) => Promise<unknown>,
): Promise<{ rate: number; cpu: CpuSplit }> {
  let next = 0;
  const cpu = cpuMeter(sink.child.pid);
  const started = performance.now();
  const lane = async () => {
    while (next < size) await send(`reader-${next++}@example.org`);
  };
  await Promise.all(Array.from({ length: connections }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { rate: size / seconds, cpu: cpu() };
}

/**
 * Summa: freeze the audience and let one worker send it all through `transport` (closed at the
 * end); seconds from the send to done.
 */
export async function summaSend(
  store: Store,
  sink: SinkProcess,
  transport: MailTransport,
  options: { size: number; connections: number; issueNumber: number },
): Promise<{ rate: number; seconds: number; freeze: number; cpu: CpuSplit }> {
  const { size, connections, issueNumber } = options;
  const worker = startWorker(store, transport, { concurrency: connections, pollMs: 50 });
  const cpu = cpuMeter(sink.child.pid);
  const started = performance.now();
  await startSend(store, { issueNumber });
  const freeze = (performance.now() - started) / 1000;
  // Only the sends row is polled (one tiny row): counting 100k deliveries ten times a second
  // would be the benchmark measuring itself.
  while ((await findSendByIssue(store.db, issueNumber))?.status !== "done")
    await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - started) / 1000;
  const used = cpu();
  const p = await sendProgress(store, issueNumber, 0);
  if (p.counts.sent !== size) throw new Error(`sent ${p.counts.sent} of ${size}`);
  await worker.stop();
  transport.close();
  return { rate: size / seconds, seconds, freeze, cpu: used };
}

/** CPU microseconds per message of each part: "sender / sink / PostgreSQL". */
export function perMessage(cpu: CpuSplit, size: number): string {
  const us = (s: number | null) => (s === null ? "?" : String(Math.round((s * 1e6) / size)));
  return `${us(cpu.self)} / ${us(cpu.child)} / ${us(cpu.postgres)}`;
}
