import { Hono } from "hono";
import {
  changeOwnPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type StaffSession,
  startSession,
} from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import type { AppEnv, Site } from "../env.ts";
import { Page } from "../layout.tsx";
import { CSRF_FIELD, setSessionCookie } from "../security.ts";

function PasswordField(props: {
  name: string;
  label: string;
  autocomplete: string;
  /** The field the last error was about. */
  invalid?: string;
  /** A new password: the browser may check its length before sending it. */
  fresh?: boolean;
}) {
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <input
        id={props.name}
        name={props.name}
        type="password"
        autocomplete={props.autocomplete}
        required
        minlength={props.fresh ? MIN_PASSWORD_LENGTH : undefined}
        maxlength={props.fresh ? MAX_PASSWORD_LENGTH : undefined}
        aria-invalid={props.invalid === props.name ? "true" : undefined}
      />
    </div>
  );
}

function PasswordPage(props: { site: Site; session: StaffSession; error?: string; field?: string }) {
  return (
    <Page site={props.site} title="Change your password" session={props.session} current="desk">
      <section class="login card">
        <h1>Change your password</h1>
        <p class="muted">
          At least {MIN_PASSWORD_LENGTH} characters; a phrase of a few words is easy to remember and hard to
          guess. Commonly used passwords, runs of one character and your own address or name are refused. Your
          other sessions end when it changes.
        </p>
        {props.error ? (
          <p class="notice error" role="alert">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/desk/password">
          <input type="hidden" name={CSRF_FIELD} value={props.session.csrfToken} />
          <PasswordField
            name="current"
            label="Current password"
            autocomplete="current-password"
            invalid={props.field}
          />
          <PasswordField
            name="next"
            label="New password"
            autocomplete="new-password"
            invalid={props.field}
            fresh
          />
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
