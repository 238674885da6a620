import { type Command, CommanderError } from "commander";
import { SummaError } from "../domain/errors.ts";
import type { Store } from "../store/index.ts";
import type { Config, GlobalFlags } from "./config.ts";
import { exitCodeFor, reportError } from "./errors.ts";
import type { CliIo } from "./io.ts";

export type GlobalOptions = GlobalFlags;

/** One run of the command line: its streams, its configuration, the exit code it will return. */
export interface Invocation {
  io: CliIo;
  /** Read and validated before the command's action runs (run.ts, a preAction hook). */
  config?: Config;
  exitCode: number;
}

// Keyed by the run's own root Command, made fresh for every run: nothing outlives the run.
const invocations = new WeakMap<Command, Invocation>();

export function bindInvocation(program: Command, invocation: Invocation): void {
  invocations.set(program, invocation);
}

/** The run a command belongs to, found from any of its (sub)commands. */
export function invocationOf(cmd: Command): Invocation {
  let root = cmd;
  while (root.parent) root = root.parent;
  const found = invocations.get(root);
  if (!found) throw new Error(`summa: "${cmd.name()}" runs outside runCli`);
  return found;
}

/** The global options (--db, --json) wherever they were given on the command line. */
export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** What a command's action works with: its flags, configuration and output. */
export interface CommandContext extends GlobalOptions {
  config: Config;
  io: CliIo;
  /** The terminal's width, for tables (undefined off a terminal). */
  width: number | undefined;
  /** Writes to this run's standard output. */
  out(text: string): void;
  /** Writes to this run's standard error. */
  err(text: string): void;
  /** Prints a value as indented JSON on standard output. */
  printJson(value: unknown): void;
  /** The exit code the run ends with, when the command itself decides it (1: nothing found). */
  setExitCode(code: number): void;
}

export function commandContext(cmd: Command): CommandContext {
  const invocation = invocationOf(cmd);
  const { io } = invocation;
  if (!invocation.config) throw new Error("summa: the configuration was not read before the command ran");
  return {
    ...globals(cmd),
    config: invocation.config,
    io,
    width: io.stdout.isTTY ? io.stdout.columns : undefined,
    out: (text) => void io.stdout.write(text),
    err: (text) => void io.stderr.write(text),
    printJson: (value) => void io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    setExitCode: (code) => {
      invocation.exitCode = code;
    },
  };
}

/**
 * Runs a command with an open store; maps errors to a message and an exit code. Only commands
 * that make a database (migrate, import, serve) pass `create`; the others refuse a missing
 * one unless --create is given. `ifMissing` runs instead of `run` when there is no database
 * (`summa doctor` reports it among its checks rather than stopping there).
 */
export async function withStore(
  cmd: Command,
  run: (store: Store, ctx: CommandContext) => Promise<void>,
  {
    create = false,
    ifMissing,
  }: { create?: boolean; ifMissing?: (why: SummaError, ctx: CommandContext) => Promise<void> } = {},
): Promise<void> {
  const invocation = invocationOf(cmd);
  const ctx = commandContext(cmd);
  let store: Store | undefined;
  try {
    // Loaded here, not at the top: `summa --help` and argument errors need no database code.
    const { openStore } = await import("../store/connect.ts");
    try {
      store = await openStore(ctx.config.database, { create: create || ctx.config.create });
    } catch (err) {
      if (!(ifMissing && err instanceof SummaError && err.code === "config.missing_database")) throw err;
      return await ifMissing(err, ctx);
    }
    await run(store, ctx);
  } catch (err) {
    // Commander's own exits (a subcommand's help) end the run the way commander ends it.
    if (err instanceof CommanderError) throw err;
    reportError(err, ctx.config.json, invocation.io);
    invocation.exitCode = exitCodeFor(err);
  } finally {
    await store?.close();
  }
}
