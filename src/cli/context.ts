import type { Command } from "commander";
import type { Store } from "../store/index.ts";
import { exitCodeFor, reportError } from "./errors.ts";

export interface GlobalOptions {
  db?: string;
  json?: boolean;
  /** Create the SQLite database when it does not exist (commands that only use one refuse to). */
  create?: boolean;
}

/** The global options (--db, --json) wherever they were given on the command line. */
export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/**
 * Runs a command with an open store; maps errors to a message and an exit code. Only commands
 * that make a database (migrate, import, serve) pass `create`; the others refuse a missing
 * one unless --create is given.
 */
export async function withStore(
  cmd: Command,
  run: (store: Store, opts: GlobalOptions) => Promise<void>,
  { create = false }: { create?: boolean } = {},
): Promise<void> {
  const opts = globals(cmd);
  let store: Store | undefined;
  try {
    // Loaded here, not at the top: `summa --help` and argument errors need no database code.
    const { openStore } = await import("../store/connect.ts");
    store = await openStore(opts.db ?? process.env.DATABASE_URL, { create: create || Boolean(opts.create) });
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
