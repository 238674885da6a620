import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { authenticate, endSession, startSession } from "../../accounts/index.ts";
import { SummaError } from "../../domain/errors.ts";
import { clientAddress } from "../client.ts";
import type { AppEnv } from "../env.ts";
import { Page } from "../layout.tsx";
import {
  CSRF_FIELD,
  clearSessionCookie,
  loginCsrfToken,
  requireCsrf,
  SESSION_COOKIE,
  safeNext,
  setSessionCookie,
} from "../security.ts";

function LoginPage(props: {
  site: AppEnv["Variables"]["site"];
  csrf: string;
  next: string;
  email?: string;
  error?: string;
}) {
  return (
    <Page site={props.site} title="Log in to the desk">
      <section class="login card">
        <h1>Log in to the desk</h1>
        <p class="muted">For the editor and summarizers. Readers need no account.</p>
        {props.error ? (
          <p class="notice error" role="alert">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/desk/login">
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          <input type="hidden" name="next" value={props.next} />
          <div class="field">
            <label for="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="username"
              required
              value={props.email ?? ""}
            />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <button type="submit">Log in</button>
        </form>
      </section>
    </Page>
  );
}

/** GET/POST /desk/login and POST /desk/logout. */
export function loginRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/login", (c) => {
    if (c.var.session) return c.redirect(safeNext(c.req.query("next")), 303);
    return c.html(
      <LoginPage site={c.var.site} csrf={loginCsrfToken(c)} next={safeNext(c.req.query("next"))} />,
    );
  });
  app.post("/login", requireCsrf, async (c) => {
    const body = await c.req.parseBody();
    const email = String(body.email ?? "");
    const next = safeNext(String(body.next ?? ""));
    try {
      const user = await authenticate(
        c.var.store,
        { email, password: String(body.password ?? ""), client: clientAddress(c) },
        new Date(),
        { passwordCost: c.var.passwordCost },
      );
      // A new session id at every login; a session the browser still held ends here.
      await endSession(c.var.store, getCookie(c, SESSION_COOKIE) ?? "");
      const { token, session } = await startSession(c.var.store, user);
      setSessionCookie(c, token, session.expiresAt);
      return c.redirect(next, 303);
    } catch (err) {
      if (!(err instanceof SummaError) || !err.code.startsWith("auth.")) throw err;
      const status = err.code === "auth.rate_limited" ? 429 : 401;
      if (status === 429) c.header("Retry-After", String(err.details.retryAfterSeconds ?? 900));
      return c.html(
        <LoginPage
          site={c.var.site}
          csrf={loginCsrfToken(c)}
          next={next}
          email={email}
          error={err.message}
        />,
        status,
      );
    }
  });
  app.post("/logout", requireCsrf, async (c) => {
    await endSession(c.var.store, getCookie(c, SESSION_COOKIE) ?? "");
    clearSessionCookie(c);
    return c.redirect("/", 303);
  });
  return app;
}
