import type { Command } from "commander";
import { openTransport } from "../../mail/index.ts";
import { startServer } from "../../web/index.ts";
import { nonNegativeInt } from "../args.ts";
import { withStore } from "../context.ts";
import { launchWorker, untilSignal, type WorkerCliOptions, workerOptions } from "./worker.ts";

/**
 * `summa serve`: the public site, the desk and the API, until Ctrl-C or SIGTERM; with SMTP_URL
 * also one delivery worker (--no-worker leaves sending to `summa worker` processes).
 */
export function registerServe(program: Command): void {
  const serve = program
    .command("serve")
    .description(
      "run the web site, the editor's desk and the JSON API (creates the database on first run), and a delivery worker when SMTP_URL is set",
    )
    .option(
      "-p, --port <port>",
      "TCP port (0: any free port)",
      nonNegativeInt,
      Number(process.env.PORT ?? 3000),
    )
    .option("--host <host>", "address to listen on", process.env.HOST ?? "127.0.0.1")
    .option("--no-worker", "do not run a delivery worker in this process");
  workerOptions(serve).action(
    async (opts: { port: number; host: string; worker: boolean } & WorkerCliOptions, cmd: Command) =>
      withStore(
        cmd,
        async (store) => {
          // Sign-up confirmations go out through SMTP_URL; without it sign-ups stay pending.
          const mail = process.env.SMTP_URL ? openTransport(process.env.SMTP_URL) : undefined;
          if (!mail)
            process.stderr.write(
              "summa serve: SMTP_URL is not set: sign-ups are kept but no email is sent\n",
            );
          const running = await startServer(store, { port: opts.port, host: opts.host, mail });
          process.stdout.write(
            `Summa is serving ${store.location} at ${running.url}/ (desk: ${running.url}/desk)\n`,
          );
          // Sending: one worker here unless told otherwise; without SMTP_URL, sends wait in the queue.
          const delivery =
            opts.worker && process.env.SMTP_URL ? launchWorker(store, process.env.SMTP_URL, opts) : undefined;
          if (delivery) process.stdout.write(`Delivery worker ${delivery.worker.id} is running\n`);
          else
            process.stderr.write(
              opts.worker
                ? "summa serve: SMTP_URL is not set: no delivery worker; queued issues wait for one\n"
                : "summa serve: --no-worker: queued issues are sent by `summa worker` processes\n",
            );
          await untilSignal();
          await delivery?.stop();
          await running.close();
          mail?.close();
        },
        { create: true },
      ),
  );
}
