import type { Command } from "commander";
import { withStore } from "../context.ts";

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("create the database or bring its schema up to date")
    .action(async (_opts, cmd: Command) =>
      withStore(
        cmd,
        async (store, { json, out, printJson }) => {
          if (json) printJson({ database: store.location, dialect: store.dialect.kind, migrated: true });
          else out(`Database ready: ${store.location} (${store.dialect.kind})\n`);
        },
        { create: true },
      ),
    );
}
