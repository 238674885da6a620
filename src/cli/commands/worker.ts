import type { Command } from "commander";
import { type DeliveryWorker, type MailTransport, startWorker } from "../../delivery/index.ts";
import type { Store } from "../../store/index.ts";
import { positiveInt } from "../args.ts";
import { type CommandContext, withStore } from "../context.ts";
import { describeSigning, openMailTransport } from "../mail.ts";

/** What `summa worker` and `summa serve` take to run a delivery worker. */
export interface WorkerCliOptions {
  concurrency: number;
  batch: number;
  /** --lease-ms, else the configuration's (SUMMA_LEASE_MS). */
  leaseMs?: number;
  pollMs: number;
}

/** The SMTP URL without its password, for messages. */
export function redactSmtp(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

/**
 * Opens the pooled transport (one connection per concurrent message; DKIM-signing with keys
 * configured, cli/mail.ts, so the worker's own `sign` stays off) and starts a worker;
 * stop() stops the worker, then closes the transport. Problems go to stderr.
 */
export function launchWorker(
  store: Store,
  opts: WorkerCliOptions,
  { config, err }: Pick<CommandContext, "config" | "err">,
): { worker: DeliveryWorker; transport: MailTransport; stop(): Promise<void> } {
  const transport = openMailTransport(config, { connections: opts.concurrency });
  const worker = startWorker(store, transport, {
    concurrency: opts.concurrency,
    batchSize: opts.batch,
    leaseMs: opts.leaseMs ?? config.leaseMs,
    pollMs: opts.pollMs,
    log: (line) => err(`summa worker: ${line}\n`),
  });
  return {
    worker,
    transport,
    async stop() {
      await worker.stop();
      transport.close();
    },
  };
}

/** Adds the worker's tuning options to a command. */
export function workerOptions(command: Command): Command {
  return command
    .option("--concurrency <n>", "messages in flight at once (SMTP connections)", positiveInt, 4)
    .option("--batch <n>", "deliveries claimed at a time", positiveInt, 100)
    .option(
      "--lease-ms <ms>",
      "how long a claim lasts without a heartbeat: a dead worker's messages go out again after it (default: $SUMMA_LEASE_MS, else 60000)",
      positiveInt,
    )
    .option("--poll-ms <ms>", "how often to look for due messages when idle", positiveInt, 1000);
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}

/** `summa worker`: sends due deliveries until SIGTERM; run as many as you like, anywhere the database is. */
export function registerWorker(program: Command): void {
  workerOptions(
    program
      .command("worker")
      .description(
        "send queued issues through SMTP_URL until SIGTERM; several workers (any machine, one PostgreSQL) share the work",
      ),
  ).action(async (opts: WorkerCliOptions, cmd: Command) =>
    withStore(cmd, async (store, ctx) => {
      const { json, config, err, printJson } = ctx;
      const running = launchWorker(store, opts, ctx);
      // On stderr even with --json: stdout carries only the final JSON.
      err(
        `summa worker ${running.worker.id}: sending through ${redactSmtp(config.smtpUrl ?? "")} from ${store.location} (concurrency ${opts.concurrency})\n`,
      );
      err(`summa worker: ${describeSigning(config)}\n`);
      await untilSignal();
      await running.stop();
      const { stats } = running.worker;
      if (json) printJson({ worker: running.worker.id, ...stats });
      else
        err(
          `summa worker ${running.worker.id}: stopped; sent ${stats.sent}, retries ${stats.retried}, failed ${stats.failed}, skipped ${stats.skipped}\n`,
        );
    }),
  );
}
