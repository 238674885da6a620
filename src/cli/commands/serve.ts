import type { Command } from "commander";
import { startServer } from "../../web/index.ts";
import { nonNegativeInt } from "../args.ts";
import { withStore } from "../context.ts";

/** `summa serve`: the public site, the desk and the API, until Ctrl-C or SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("run the web site, the editor's desk and the JSON API (creates the database on first run)")
    .option(
      "-p, --port <port>",
      "TCP port (0: any free port)",
      nonNegativeInt,
      Number(process.env.PORT ?? 3000),
    )
    .option("--host <host>", "address to listen on", process.env.HOST ?? "127.0.0.1")
    .action(async (opts: { port: number; host: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        const running = await startServer(store, opts);
        process.stdout.write(
          `Summa is serving ${store.location} at ${running.url}/ (desk: ${running.url}/desk)\n`,
        );
        await new Promise<void>((resolve) => {
          process.once("SIGINT", resolve);
          process.once("SIGTERM", resolve);
        });
        await running.close();
      }),
    );
}
