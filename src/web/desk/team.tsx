import { type Context, Hono } from "hono";
import {
  allApiTokens,
  changeMemberRole,
  createApiToken,
  inviteMember,
  resetMemberPassword,
  revokeApiToken,
  setMemberDisabled,
  teamMembers,
} from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import type { AppEnv } from "../env.ts";
import { httpStatusFor } from "../http-errors.ts";
import { formText } from "../params.ts";
import { requireDesk } from "../security.ts";
import { type ShownOnce, TeamPage } from "./team-page.tsx";

/**
 * /desk/team, for admins (users.manage): desk users (invite, role, disable/enable, password
 * reset) and API tokens (create with an optional expiry, revoke). A generated password or a
 * new token is shown once, in the answer to the POST that made it (no redirect: it must not
 * end up in a URL, the history or a log); Cache-Control: no-store covers every desk page.
 */

const NOTICES: Record<string, string> = {
  role: "Role changed.",
  disabled: "Account disabled: its sessions have ended and its API tokens no longer work.",
  enabled: "Account enabled.",
  revoked: "Token revoked.",
};

function idParam(raw: string | undefined): number {
  if (!raw || !/^\d{1,15}$/.test(raw))
    throw new SummaError("not_found", `No such id: ${String(raw).slice(0, 20)}`);
  return Number(raw);
}

async function page(
  c: Context<AppEnv>,
  extra: { notice?: string; shown?: ShownOnce; error?: string } = {},
  status: 200 | 400 | 404 | 409 | 422 = 200,
) {
  return c.html(
    <TeamPage
      site={c.var.site}
      session={c.var.session!}
      members={await teamMembers(c.var.store)}
      tokens={await allApiTokens(c.var.store)}
      {...extra}
    />,
    status,
  );
}

/** Runs a change; a refusal a person can fix (invalid, conflict) is shown on the page instead of an error page. */
async function orShow(c: Context<AppEnv>, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof SummaError) || (err.code !== "input.invalid" && err.code !== "conflict")) throw err;
    return page(c, { error: err.message }, httpStatusFor(err.code) as 409 | 422);
  }
}

export function teamRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requireDesk("users.manage"));

  app.get("/", (c) => page(c, { notice: NOTICES[c.req.query("done") ?? ""] }));

  app.post("/invite", (c) =>
    orShow(c, async () => {
      const body = await c.req.parseBody();
      const { user, password } = await inviteMember(
        c.var.store,
        { email: formText(body, "email"), name: formText(body, "name"), role: formText(body, "role") },
        { passwordCost: c.var.passwordCost },
      );
      return page(c, {
        shown: {
          what: `Password for ${user.email} (${user.role})`,
          value: password,
          note: "Shown once. Give it to them by a channel you trust; they log in at /desk/login and change it.",
        },
      });
    }),
  );

  app.post("/tokens", (c) =>
    orShow(c, async () => {
      const body = await c.req.parseBody();
      const userId = idParam(formText(body, "user"));
      const owner = (await teamMembers(c.var.store)).find((m) => m.id === userId && !m.disabled);
      if (!owner) throw new SummaError("input.invalid", "Choose an enabled desk user for the token");
      const days = formText(body, "days").trim();
      if (days !== "" && !/^\d{1,5}$/.test(days))
        throw new SummaError(
          "input.invalid",
          `A token's lifetime is a whole number of days (got "${days.slice(0, 20)}")`,
        );
      const token = await createApiToken(c.var.store, owner, formText(body, "name").slice(0, 100), {
        expiresInDays: days === "" ? undefined : Number(days),
      });
      return page(c, {
        shown: {
          what: `API token for ${owner.email}`,
          value: token,
          note: "Shown once: only its hash is kept. Send it as “Authorization: Bearer …”.",
        },
      });
    }),
  );

  app.post("/tokens/:id/revoke", async (c) => {
    await revokeApiToken(c.var.store, idParam(c.req.param("id")));
    return c.redirect("/desk/team?done=revoked", 303);
  });

  app.post("/:id/role", (c) =>
    orShow(c, async () => {
      const body = await c.req.parseBody();
      await changeMemberRole(c.var.store, idParam(c.req.param("id")), formText(body, "role"));
      return c.redirect("/desk/team?done=role", 303);
    }),
  );

  for (const action of ["disable", "enable"] as const)
    app.post(`/:id/${action}`, (c) =>
      orShow(c, async () => {
        await setMemberDisabled(c.var.store, idParam(c.req.param("id")), action === "disable");
        return c.redirect(`/desk/team?done=${action}d`, 303);
      }),
    );

  app.post("/:id/password", async (c) => {
    const { user, password } = await resetMemberPassword(c.var.store, idParam(c.req.param("id")), {
      passwordCost: c.var.passwordCost,
    });
    return page(c, {
      shown: {
        what: `New password for ${user.email}`,
        value: password,
        note: "Shown once. Their sessions have ended; they log in with this and change it.",
      },
    });
  });
  return app;
}
