import { Command } from "commander";
import { COMMANDS, invokedCommand } from "./command-table.ts";
import { SUMMA_VERSION } from "./version.ts";

const program = new Command()
  .name("summa")
  .description("Summa: the database, issues and delivery of a research-summary newsletter")
  .version(SUMMA_VERSION, "-V, --version", "print Summa's version")
  .option(
    "--db <url>",
    "database: a file path, sqlite:PATH or postgres://... (default: $DATABASE_URL, else ./data/summa.db)",
  )
  .option("--json", "print machine-readable JSON instead of tables")
  .option("--create", "create the SQLite database if it does not exist (migrate, import and serve always do)")
  .showHelpAfterError();

// Only the module of the command being run is loaded, onto a scratch program, and its commands
// moved over; the others are listed by name and summary, so `summa --help` loads no more than
// commander.
const invoked = invokedCommand(process.argv.slice(2));
const spec = invoked ? COMMANDS[invoked] : undefined;
const loaded = new Command();
if (spec) (await spec.load())(loaded);
for (const [name, { summary }] of Object.entries(COMMANDS)) {
  const real = loaded.commands.find((c) => c.name() === name);
  if (real) program.addCommand(real.summary(summary));
  // A placeholder never runs: the command line names a different command.
  else program.command(name).summary(summary).allowUnknownOption().helpOption(false);
}

await program.parseAsync(process.argv);
