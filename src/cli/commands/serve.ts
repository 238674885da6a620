import type { Command } from "commander";
import { SET_SITE_URL_HINT } from "../../domain/site-url.ts";
import { type InboxJobs, inboxJobs, scheduleInboxFetches } from "../../inbox/index.ts";
import { loadNewsletterSettings } from "../../newsletter/index.ts";
import { startSignupMailer } from "../../subscribers/index.ts";
import { startServer } from "../../web/index.ts";
import { nonNegativeInt, positiveInt } from "../args.ts";
import { withStore } from "../context.ts";
import { describeSigning, openMailTransport } from "../mail.ts";
import { launchWorker, untilSignal, type WorkerCliOptions, workerOptions } from "./worker.ts";

/**
 * `summa serve`: the public site, the desk and the API, until Ctrl-C or SIGTERM; with SMTP_URL
 * also the sign-up mailer and one delivery worker (--no-worker leaves sending issues to
 * `summa worker` processes); with INBOUND_SMTP also the inbound listener (`summa inbound`). It
 * With --fetch-inbox-every, it also reads the inbox's sources on a schedule. It
 * starts without newsletter.site_url (so a first run works) and
 * says how to set it: until then sign-ups answer 503, since their emails' links need it.
 */
export function registerServe(program: Command): void {
  const serve = program
    .command("serve")
    .description(
      "run the web site, the editor's desk and the JSON API (creates the database on first run), and a delivery worker when SMTP_URL is set",
    )
    .option("-p, --port <port>", "TCP port, 0 for any free port (default: $PORT, else 3000)", nonNegativeInt)
    .option("--host <host>", "address to listen on (default: $HOST, else 127.0.0.1)")
    .option("--no-worker", "do not run a delivery worker in this process")
    .option(
      "--fetch-inbox-every <minutes>",
      "also read the inbox's sources now and then every MINUTES after each run ends (one process only)",
      positiveInt,
    );
  workerOptions(serve).action(
    async (
      opts: { port?: number; host?: string; worker: boolean; fetchInboxEvery?: number } & WorkerCliOptions,
      cmd: Command,
    ) =>
      withStore(
        cmd,
        async (store, ctx) => {
          const { config, out, err } = ctx;
          // Sign-up confirmations go out through SMTP_URL; without it sign-ups stay pending.
          const mail = config.smtpUrl ? openMailTransport(config) : undefined;
          if (!mail) err("summa serve: SMTP_URL is not set: sign-ups are kept but no email is sent\n");
          else err(`summa serve: ${describeSigning(config)}\n`);
          if (!(await loadNewsletterSettings(store)).siteUrl)
            err(
              `summa serve: newsletter.site_url is not set: sign-ups are refused (503) until it is, because their emails' links need the site's public address. Set it with: ${SET_SITE_URL_HINT}\n`,
            );
          const signups = mail
            ? startSignupMailer(store, mail, { log: (line) => err(`summa serve: ${line}\n`) })
            : undefined;
          // The inbox's background work (retraining, lookups, fetching the sources), one set for
          // the desk and the schedule, so a scheduled fetch and "Fetch now" never run at once.
          const jobs = inboxJobs(store, { log: (line) => err(`${line}\n`) });
          const running = await startServer(store, {
            port: opts.port ?? config.port,
            host: opts.host ?? config.host,
            mail,
            onSignupQueued: signups?.wake,
            inbox: { jobs },
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
          // Bounces and mailto unsubscribes, when this machine is the bounce domain's MX. Loaded
          // only then: smtp-server stays out of a serve that does not need it.
          const inbound = config.inboundSmtp
            ? await (await import("./inbound.ts")).launchInbound(
                store,
                config.inboundSmtp,
                ctx,
                "summa serve",
              )
            : undefined;
          const inboxFetches = opts.fetchInboxEvery
            ? startInboxFetches(jobs, opts.fetchInboxEvery, (line) => err(`summa serve: ${line}\n`))
            : undefined;
          await untilSignal();
          // No new fetch starts; one under way finishes (its items reach the inbox) before the
          // store closes: the server's close waits for the inbox's jobs.
          inboxFetches?.stop();
          await inbound?.close();
          await delivery?.stop();
          await running.close();
          await signups?.stop();
          mail?.close();
        },
        { create: true },
      ),
  );
}

/**
 * The inbox's sources on a schedule, through the process's inbox jobs. Each run's failures are
 * logged by source, and a run that failed as a whole (the database gone) too; the schedule goes on.
 */
function startInboxFetches(jobs: InboxJobs, minutes: number, log: (line: string) => void) {
  log(`reading the inbox's sources every ${minutes} min`);
  return scheduleInboxFetches(jobs, {
    everyMs: minutes * 60_000,
    onFetched: ({ report, error }) => {
      if (error) log(`inbox fetch failed: ${error}`);
      for (const r of report)
        if (r.error) log(`inbox source ${r.source}: ${r.error.message} (${r.error.code})`);
        else if (r.added) log(`inbox source ${r.source}: ${r.added} added`);
    },
  });
}
