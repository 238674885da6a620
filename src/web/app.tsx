import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import type { PasswordCost } from "../accounts/index.ts";
import { SummaError } from "../domain/errors.ts";
import { inboxJobs } from "../inbox/index.ts";
import { releaseDueIssues } from "../issues/index.ts";
import type { MailTransport } from "../mail/index.ts";
import { type MetadataClient, metadataClient } from "../metadata/index.ts";
import { loadNewsletterSettings } from "../newsletter/index.ts";
import type { Store } from "../store/index.ts";
import { apiRoutes } from "./api/index.ts";
import { mountAssets } from "./assets.ts";
import { deskRoutes } from "./desk/index.tsx";
import type { AppEnv, InboxWeb, Site } from "./env.ts";
import { ErrorPage } from "./error-page.tsx";
import { httpCaching } from "./http/index.ts";
import { httpStatusFor } from "./http-errors.ts";
import { refuseNulInput } from "./input-text.ts";
import { publicRoutes } from "./public/index.tsx";
import { loadSession, securityHeaders } from "./security.ts";

async function loadSite(store: Store): Promise<Site> {
  const s = await loadNewsletterSettings(store);
  return {
    name: s.name || "Newsletter",
    prefix: s.issuePrefix,
    editor: s.editor,
    baseUrl: s.siteUrl,
    numbersPublic: s.numbersPublic,
    suggestPublic: s.suggestPublic,
  };
}

const noop = () => {};

export interface AppOptions {
  /**
   * Sends the emails a request calls for (sign-up confirmations). Without one the site still
   * takes sign-ups: they stay pending, and each unsent email is logged on stderr.
   */
  mail?: MailTransport;
  /**
   * scrypt cost of the password hashes this site's users have (see PASSWORD_COST): an unknown
   * address at login is checked against a decoy of that cost. Tests lower it; production never sets it.
   */
  passwordCost?: PasswordCost;
  /**
   * Called after a sign-up queued its email (signup_emails), to wake the sign-up mailer
   * (`summa serve` runs one with SMTP_URL) instead of waiting for its next poll.
   */
  onSignupQueued?: () => void;
  /** Bytes of rendered public pages kept in memory (DEFAULT_PAGE_CACHE_BYTES); 0: none. */
  pageCacheBytes?: number;
  /** Where the desk's "Fill from URL" asks (arXiv, doi.org by default; tests: a local server). */
  metadata?: MetadataClient;
  /**
   * The inbox's background jobs (one per process; default: retraining and lookups with the
   * real clients) and the options of its desk fetches and imports (tests: a local server).
   */
  inbox?: Partial<InboxWeb>;
}

/**
 * The whole web face: public site, the desk (/desk) and the JSON API (/api/v1), on one store.
 * Built per process; tests call app.request() on it with no port.
 */
export function createApp(store: Store, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const metadata = options.metadata ?? metadataClient();
  const inbox: InboxWeb = {
    jobs: options.inbox?.jobs ?? inboxJobs(store),
    fetch: options.inbox?.fetch ?? {},
    read: options.inbox?.read ?? {},
  };
  app.use("*", securityHeaders);
  app.use("*", async (c, next) => {
    c.set("store", store);
    c.set("requestId", randomUUID());
    c.set("session", null);
    c.set("mail", options.mail ?? null);
    c.set("passwordCost", options.passwordCost);
    c.set("metadata", metadata);
    c.set("inbox", inbox);
    c.set("signupQueued", options.onSignupQueued ?? noop);
    // A scheduled issue is public from its time on: whichever request comes first publishes it,
    // before anything is read (one indexed query when nothing is due).
    await releaseDueIssues(store);
    await next();
  });
  // Before the site's settings are read: a cached page needs only the content version.
  app.use("*", httpCaching(store, { maxBytes: options.pageCacheBytes }));
  app.use("*", async (c, next) => {
    c.set("site", await loadSite(store));
    await next();
  });
  app.use("*", refuseNulInput);
  app.use("/desk/*", loadSession);
  app.use("/desk", loadSession);
  mountAssets(app);
  app.route("/api/v1", apiRoutes());
  app.route("/desk", deskRoutes());
  app.route("/", publicRoutes());

  app.notFound((c) => {
    if (c.req.path.startsWith("/api/"))
      return c.json(
        { error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}` } },
        404,
      );
    return c.html(
      <ErrorPage site={c.var.site} status={404} message="There is no page at this address." />,
      404,
    );
  });
  app.onError((err, c) => {
    const known = err instanceof SummaError;
    const status = known ? httpStatusFor(err.code) : 500;
    if (!known)
      process.stderr.write(`summa serve: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}\n`);
    const message = known ? err.message : "An unexpected error occurred; it has been logged.";
    // Every refusal that can be retried says when (login and download limits, a busy server).
    if (known && typeof err.details.retryAfterSeconds === "number")
      c.header("Retry-After", String(Math.ceil(err.details.retryAfterSeconds)));
    // The API, and the desk's scripts (which ask for JSON: composer.js's moves), get JSON.
    if (c.req.path.startsWith("/api/") || (c.req.header("accept") ?? "").startsWith("application/json")) {
      const code = known ? err.code : "internal";
      return c.json({ error: { code, message, ...(known ? err.details : {}) } }, status);
    }
    // The site may not be loaded when the error came from loading it.
    const site = c.var.site ?? {
      name: "Summa",
      prefix: "",
      editor: "",
      baseUrl: "",
      numbersPublic: false,
      suggestPublic: false,
    };
    return c.html(<ErrorPage site={site} status={status} message={message} />, status);
  });
  return app;
}
