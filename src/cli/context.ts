import type { Command } from "commander";
import { openStore, type Store } from "../store/index.ts";
import { exitCodeFor, reportError } from "./errors.ts";

export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

/** The global options (--db, --json) wherever they were given on the command line. */
export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** Runs a command with an open store; maps errors to a message and an exit code. */
export async function withStore(
  cmd: Command,
  run: (store: Store, opts: GlobalOptions) => Promise<void>,
): Promise<void> {
  const opts = globals(cmd);
  let store: Store | undefined;
  try {
    store = await openStore(opts.db ?? process.env.DATABASE_URL);
    await run(store, opts);
  } catch (err) {
    reportError(err, Boolean(opts.json));
    process.exitCode = exitCodeFor(err);
  } finally {
    await store?.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
