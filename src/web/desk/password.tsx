import { Hono } from "hono";
import {
  changeOwnPassword,
  MAX_PASSWORD_LENGTH,
  type StaffSession,
  startSession,
} from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD, setSessionCookie } from "../security.ts";

function PasswordPage(props: { site: Site; session: StaffSession; error?: string; field?: string }) {
  return (
    <Page site={props.site} title="Change your password" session={props.session} current="desk">
      <section class="login card">
        <h1>Change your password</h1>
        <p class="muted">
          At least 10 characters; a phrase of a few words is easy to remember and hard to guess. Commonly used
          passwords, runs of one character and your own address or name are refused. Your other sessions end
          when it changes.
        </p>
        {props.error ? (
          <p class="notice error" role="alert">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/desk/password">
          <input type="hidden" name={CSRF_FIELD} value={props.session.csrfToken} />
          <div class="field">
            <label for="current">Current password</label>
            <input
              id="current"
              name="current"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid={props.field === "current" ? "true" : undefined}
            />
          </div>
          <div class="field">
            <label for="next">New password</label>
            <input
              id="next"
              name="next"
              type="password"
              autocomplete="new-password"
              minlength={10}
              maxlength={MAX_PASSWORD_LENGTH}
              required
              aria-invalid={props.field === "next" ? "true" : undefined}
            />
          </div>
          <button type="submit">Change password</button>
        </form>
      </section>
    </Page>
  );
}

/** GET/POST /desk/password: a signed-in user changes their own password. */
export function passwordRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => c.html(<PasswordPage site={c.var.site} session={c.var.session!} />));
  app.post("/", async (c) => {
    const session = c.var.session!;
    const body = await c.req.parseBody();
    try {
      await changeOwnPassword(
        c.var.store,
        session.user,
        { current: String(body.current ?? ""), next: String(body.next ?? "") },
        { passwordCost: c.var.passwordCost },
      );
    } catch (err) {
      if (!(err instanceof SummaError) || err.code !== "input.invalid") throw err;
      const field = typeof err.details.field === "string" ? err.details.field : undefined;
      return c.html(
        <PasswordPage site={c.var.site} session={session} error={err.message} field={field} />,
        422,
      );
    }
    // Every session of the account ended with the change; this browser gets a new one.
    const { token, session: fresh } = await startSession(c.var.store, session.user);
    setSessionCookie(c, token, fresh.expiresAt);
    return c.redirect("/desk?password=changed", 303);
  });
  return app;
}
