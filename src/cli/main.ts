import { Command } from "commander";
import { registerBounces } from "./commands/bounces.ts";
import { registerBrowse } from "./commands/browse.ts";
import { registerExport } from "./commands/export.ts";
import { registerFeed } from "./commands/feed.ts";
import { registerImport } from "./commands/import.ts";
import { registerIssue } from "./commands/issue.ts";
import { registerSearch } from "./commands/search.ts";
import { registerSend } from "./commands/send.ts";
import { registerServe } from "./commands/serve.ts";
import { registerSettings } from "./commands/settings.ts";
import { registerSubscribers } from "./commands/subscribers.ts";
import { registerUser } from "./commands/user.ts";
import { registerWorker } from "./commands/worker.ts";
import { printJson, withStore } from "./context.ts";

const program = new Command()
  .name("summa")
  .description("Summa: the database, issues and delivery of a research-summary newsletter")
  .option(
    "--db <url>",
    "database: a file path, sqlite:PATH or postgres://... (default: $DATABASE_URL, else ./data/summa.db)",
  )
  .option("--json", "print machine-readable JSON instead of tables")
  .showHelpAfterError();

program
  .command("migrate")
  .description("create the database or bring its schema up to date")
  .action(async (_opts, cmd: Command) =>
    withStore(cmd, async (store, { json }) => {
      if (json) printJson({ database: store.location, dialect: store.dialect.kind, migrated: true });
      else process.stdout.write(`Database ready: ${store.location} (${store.dialect.kind})\n`);
    }),
  );

registerImport(program);
registerExport(program);
registerSearch(program);
registerBrowse(program);
registerIssue(program);
registerSettings(program);
registerFeed(program);
registerServe(program);
registerSend(program);
registerWorker(program);
registerUser(program);
registerSubscribers(program);
registerBounces(program);

await program.parseAsync(process.argv);
