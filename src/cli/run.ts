import { Command, CommanderError } from "commander";
import { COMMANDS, invokedCommand } from "./command-table.ts";
import { loadConfig } from "./config.ts";
import { bindInvocation, globals, type Invocation } from "./context.ts";
import { exitCodeFor, reportError } from "./errors.ts";
import type { CliIo, CliOutput } from "./io.ts";
import { SUMMA_VERSION } from "./version.ts";

/**
 * Runs one `summa` command line (the words after `summa`) and returns its exit code: what
 * bin/summa.js runs with the process's streams, and what tests run in their own process with
 * buffers. Every call builds its own program, so nothing carries over from one call to the next;
 * nothing here exits the process or sets its exit code.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command()
    .name("summa")
    .description("Summa: the database, issues and delivery of a research-summary newsletter")
    .version(SUMMA_VERSION, "-V, --version", "print Summa's version")
    .option(
      "--db <url>",
      "database: a file path, sqlite:PATH or postgres://... (default: $DATABASE_URL, else ./data/summa.db)",
    )
    .option("--json", "print machine-readable JSON instead of tables")
    .option(
      "--create",
      "create the SQLite database if it does not exist (migrate, import and serve always do)",
    )
    .showHelpAfterError();
  const invocation: Invocation = { io, exitCode: 0 };
  bindInvocation(program, invocation);

  // Only the module of the command being run is loaded, onto a scratch program, and its commands
  // moved over; the others are listed by name and summary, so `summa --help` loads no more than
  // commander.
  const invoked = invokedCommand(argv);
  const spec = invoked ? COMMANDS[invoked] : undefined;
  const loaded = new Command();
  if (spec) (await spec.load())(loaded);
  for (const [name, { summary }] of Object.entries(COMMANDS)) {
    const real = loaded.commands.find((c) => c.name() === name);
    if (real) program.addCommand(real.summary(summary));
    // A placeholder never runs: the command line names a different command.
    else program.command(name).summary(summary).allowUnknownOption().helpOption(false);
  }
  routeOutput(program, io);

  // The environment and the global flags are read once, before any action runs, and a bad value
  // stops the command there (help and --version need neither).
  program.hook("preAction", (_program, action) => {
    invocation.config = loadConfig(io.env, globals(action));
  });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (err) {
    // Help, --version and usage errors: commander has printed what it had to say.
    if (err instanceof CommanderError) return err.exitCode;
    reportError(err, Boolean(program.opts().json), io);
    return exitCodeFor(err);
  }
  return invocation.exitCode;
}

/**
 * Points commander's output (help, usage errors, --version) at the run's streams, and makes it
 * throw instead of exiting the process, on every command and subcommand: those loaded from a
 * command module were made on another program and inherited none of these settings.
 */
function routeOutput(cmd: Command, io: CliIo): void {
  cmd.exitOverride().configureOutput({
    writeOut: (text) => void io.stdout.write(text),
    writeErr: (text) => void io.stderr.write(text),
    // Undefined off a terminal, as commander's own default (its types say number): 80 columns.
    getOutHelpWidth: () => (io.stdout.isTTY ? io.stdout.columns : undefined) as number,
    getErrHelpWidth: () => (io.stderr.isTTY ? io.stderr.columns : undefined) as number,
    getOutHasColors: () => hasColors(io.stdout, io.env),
    getErrHasColors: () => hasColors(io.stderr, io.env),
  });
  for (const sub of cmd.commands) routeOutput(sub, io);
}

/** Commander's own rule (NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE, else a colour terminal), on the run's streams. */
function hasColors(out: CliOutput & { hasColors?: () => boolean }, env: CliIo["env"]): boolean {
  if (env.NO_COLOR || env.FORCE_COLOR === "0" || env.FORCE_COLOR === "false") return false;
  if (env.FORCE_COLOR || env.CLICOLOR_FORCE !== undefined) return true;
  return Boolean(out.isTTY && out.hasColors?.());
}
