import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { SummaError } from "../../domain/errors.ts";
import { type InboundListener, loadInboundAddresses, startInboundListener } from "../../inbound/index.ts";
import type { Store } from "../../store/index.ts";
import { type ListenAddress, parseListenAddress } from "../config.ts";
import { type CommandContext, withStore } from "../context.ts";
import { untilSignal } from "./worker.ts";

/** Reads a PEM file named by a variable; an unreadable one is a configuration error naming both. */
function pemFile(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new SummaError(
      "config.invalid",
      `${variable}: cannot read "${path}" (${err instanceof Error ? err.message : err})`,
    );
  }
}

/**
 * Starts the inbound SMTP listener on `listen` for `summa inbound` and `summa serve`, saying
 * on stderr where it listens and for which addresses (and when no bounce address is set).
 */
export async function launchInbound(
  store: Store,
  listen: ListenAddress,
  { config, err }: Pick<CommandContext, "config" | "err">,
  who: string,
): Promise<InboundListener> {
  const tls = config.inboundTls
    ? {
        key: pemFile("INBOUND_TLS_KEY", config.inboundTls.keyFile),
        cert: pemFile("INBOUND_TLS_CERT", config.inboundTls.certFile),
      }
    : undefined;
  const listener = await startInboundListener(store, {
    host: listen.host,
    port: listen.port,
    ...(tls ? { tls } : {}),
    log: (line) => err(`${who}: inbound: ${line}\n`),
  });
  const addresses = await loadInboundAddresses(store);
  const bounces = addresses.bounces
    ? `bounces to ${addresses.bounces.address} (and its per-delivery forms)`
    : "no bounces (mail.bounce_address is not set)";
  err(
    `${who}: inbound SMTP on ${listen.host}:${listener.port}${tls ? " with STARTTLS" : ""}: ${bounces}; unsubscribe requests to ${addresses.unsubscribe}\n`,
  );
  return listener;
}

/** `summa inbound`: the bounce domain's MX, until SIGTERM. */
export function registerInbound(program: Command): void {
  program
    .command("inbound")
    .description(
      "receive bounces, complaints and mailto unsubscribe requests over SMTP (the bounce domain's MX) until SIGTERM",
    )
    .option("--listen <host:port>", "where to listen (default: $INBOUND_SMTP, else 127.0.0.1:2525)")
    .action(async (opts: { listen?: string }, cmd: Command) =>
      withStore(cmd, async (store, ctx) => {
        const given = opts.listen === undefined ? undefined : parseListenAddress(opts.listen);
        if (given === null)
          throw new SummaError(
            "input.invalid",
            `--listen must be host:port (127.0.0.1:2525, [::1]:25), got "${opts.listen}"`,
          );
        const listen = given ?? ctx.config.inboundSmtp ?? { host: "127.0.0.1", port: 2525 };
        const listener = await launchInbound(store, listen, ctx, "summa inbound");
        await untilSignal();
        await listener.close();
      }),
    );
}
