import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import {
  allApiTokens,
  allUsers,
  changeMemberRole,
  createApiToken,
  createUser,
  memberIdByEmail,
  normalizeEmail,
  revokeApiToken,
  setMemberDisabled,
  setPassword,
  USER_ROLES,
} from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import { withStore } from "../context.ts";
import { renderTable } from "../table.ts";

/**
 * `summa user add|password|list|role|disable|enable` and `summa token add|list|revoke`: desk
 * accounts and API tokens (the same services as the desk's Team page).
 */
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

  user
    .command("role")
    .description("give a desk account another role (the last enabled admin keeps theirs)")
    .argument("<email>")
    .argument("<role>", USER_ROLES.join(" | "))
    .action(async (email: string, role: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const changed = await changeMemberRole(store, await memberIdByEmail(store, email), role);
        if (json) return printJson(changed);
        out(`${changed.email} is now ${changed.role}.\n`);
      }),
    );
  for (const action of ["disable", "enable"] as const)
    user
      .command(action)
      .description(
        action === "disable"
          ? "stop a desk account: its sessions end and its API tokens stop working"
          : "let a disabled desk account log in again",
      )
      .argument("<email>")
      .action(async (email: string, _opts, cmd: Command) =>
        withStore(cmd, async (store, { json, out, printJson }) => {
          const changed = await setMemberDisabled(
            store,
            await memberIdByEmail(store, email),
            action === "disable",
          );
          if (json) return printJson(changed);
          out(`${changed.email} is ${changed.disabled ? "disabled" : "enabled"}.\n`);
        }),
      );

  const token = program.command("token").description("API tokens for the write endpoints");
  token
    .command("add")
    .argument("<email>", "the desk user the token acts as")
    .option("--name <name>", "what the token is for", "")
    .option("--expires-days <days>", "the token stops working after this many days (default: never)")
    .action(async (email: string, opts: { name: string; expiresDays?: string }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const owner = (await allUsers(store)).find((u) => u.email === normalizeEmail(email));
        if (!owner) throw new SummaError("not_found", `No desk user has the email ${email}`);
        const days = opts.expiresDays;
        if (days !== undefined && !/^\d{1,5}$/.test(days))
          throw new SummaError(
            "input.invalid",
            `--expires-days takes a whole number of days (got "${days}")`,
          );
        const secret = await createApiToken(store, owner, opts.name, {
          expiresInDays: days === undefined ? undefined : Number(days),
        });
        if (json) return printJson({ user: owner.email, token: secret });
        out(`API token for ${owner.email} (shown once): ${secret}\n`);
      }),
    );
  token
    .command("list")
    .description("every API token (never the token itself), newest first")
    .action(async (_opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, width }) => {
        const tokens = await allApiTokens(store);
        if (json) return printJson(tokens);
        out(
          `${renderTable(
            tokens,
            [
              { header: "ID", value: (t) => String(t.id), align: "right" },
              { header: "Name", value: (t) => t.name, flex: true },
              { header: "User", value: (t) => t.user_email },
              { header: "Last used", value: (t) => t.last_used_at ?? "never" },
              { header: "Expires", value: (t) => t.expires_at ?? "never" },
            ],
            width,
          )}\n`,
        );
      }),
    );
  token
    .command("revoke")
    .description("revoke an API token by its id (summa token list)")
    .argument("<id>")
    .action(async (id: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        if (!/^\d{1,15}$/.test(id))
          throw new SummaError("input.invalid", `A token id is a number (got "${id}")`);
        await revokeApiToken(store, Number(id));
        if (json) return printJson({ revoked: Number(id) });
        out(`Token ${id} revoked.\n`);
      }),
    );
}
