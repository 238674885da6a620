import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import {
  allUsers,
  createApiToken,
  createUser,
  normalizeEmail,
  setPassword,
  USER_ROLES,
} from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import { withStore } from "../context.ts";
import { renderTable } from "../table.ts";

/** `summa user add|password|list` and `summa token add`: desk accounts and API tokens. */
export function registerUser(program: Command): void {
  const user = program.command("user").description("desk accounts (admin, editor, summarizer)");
  user
    .command("add")
    .description("create a desk account; prints a generated password unless --password-stdin")
    .argument("<email>")
    .option("--role <role>", USER_ROLES.join(" | "), "summarizer")
    .option("--name <name>", "the name shown on the desk and in credits")
    .option("--password-stdin", "read the password from the first line of standard input")
    .action(
      async (email: string, opts: { role: string; name?: string; passwordStdin?: boolean }, cmd: Command) =>
        withStore(cmd, async (store, { json, io, out, printJson }) => {
          const generated = opts.passwordStdin ? null : randomBytes(12).toString("base64url");
          const password = generated ?? (await io.readStdin()).split(/\r?\n/)[0] ?? "";
          const created = await createUser(store, { email, role: opts.role, name: opts.name, password });
          if (json) return printJson({ ...created, ...(generated ? { password: generated } : {}) });
          out(`Created ${created.role} ${created.email} (${created.name}).\n`);
          if (generated) out(`Password (shown once): ${generated}\n`);
        }),
    );
  user
    .command("password")
    .description(
      "set a new password for a desk account (ends its sessions); prints a generated one unless --password-stdin",
    )
    .argument("<email>")
    .option("--password-stdin", "read the password from the first line of standard input")
    .action(async (email: string, opts: { passwordStdin?: boolean }, cmd: Command) =>
      withStore(cmd, async (store, { json, io, out, printJson }) => {
        const generated = opts.passwordStdin ? null : randomBytes(12).toString("base64url");
        const password = generated ?? (await io.readStdin()).split(/\r?\n/)[0] ?? "";
        const changed = await setPassword(store, { email, password });
        if (json) return printJson({ ...changed, ...(generated ? { password: generated } : {}) });
        out(`New password set for ${changed.email}; their sessions have ended.\n`);
        if (generated) out(`Password (shown once): ${generated}\n`);
      }),
    );
  user
    .command("list")
    .description("list desk accounts")
    .action(async (_opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, width }) => {
        const users = await allUsers(store);
        if (json) return printJson(users);
        out(
          `${renderTable(
            users,
            [
              { header: "ID", value: (u) => String(u.id), align: "right" },
              { header: "Email", value: (u) => u.email },
              { header: "Name", value: (u) => u.name, flex: true },
              { header: "Role", value: (u) => u.role },
            ],
            width,
          )}\n`,
        );
      }),
    );

  program
    .command("token")
    .description("API tokens for the write endpoints")
    .command("add")
    .argument("<email>", "the desk user the token acts as")
    .option("--name <name>", "what the token is for", "")
    .action(async (email: string, opts: { name: string }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const owner = (await allUsers(store)).find((u) => u.email === normalizeEmail(email));
        if (!owner) throw new SummaError("not_found", `No desk user has the email ${email}`);
        const token = await createApiToken(store, owner, opts.name);
        if (json) return printJson({ user: owner.email, token });
        out(`API token for ${owner.email} (shown once): ${token}\n`);
      }),
    );
}
