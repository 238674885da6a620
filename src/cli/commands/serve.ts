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
    .option("-p, --port <port>", "TCP port, 0 for any free port (default: $PORT, else 3000)", nonNegativeInt)
    .option("--host <host>", "address to listen on (default: $HOST, else 127.0.0.1)")
    .option("--no-worker", "do not run a delivery worker in this process");
  workerOptions(serve).action(
    async (opts: { port?: number; host?: string; worker: boolean } & WorkerCliOptions, cmd: Command) =>
      withStore(
        cmd,
        async (store, ctx) => {
          const { config, out, err } = ctx;
          // Sign-up confirmations go out through SMTP_URL; without it sign-ups stay pending.
          const mail = config.smtpUrl ? openTransport(config.smtpUrl) : undefined;
          if (!mail) err("summa serve: SMTP_URL is not set: sign-ups are kept but no email is sent\n");
          const running = await startServer(store, {
            port: opts.port ?? config.port,
            host: opts.host ?? config.host,
            mail,
          });
          out(`Summa is serving ${store.location} at ${running.url}/ (desk: ${running.url}/desk)\n`);
          // Sending: one worker here unless told otherwise; without SMTP_URL, sends wait in the queue.
          const delivery = opts.worker && config.smtpUrl ? launchWorker(store, opts, ctx) : undefined;
          if (delivery) out(`Delivery worker ${delivery.worker.id} is running\n`);
          else
            err(
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
