import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { can, type Permission, resumeSession } from "../accounts/index.ts";
import { newToken } from "../accounts/tokens.ts";
import { SummaError } from "../domain/errors.ts";
import type { AppEnv } from "./env.ts";

export const SESSION_COOKIE = "summa_session";
/** Before login there is no session to hold a CSRF token: the login form uses a cookie pair. */
export const LOGIN_CSRF_COOKIE = "summa_login_csrf";
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";

/**
 * Headers every response carries. The CSP allows only this site's own scripts and styles, so
 * even an escaping bug could not run injected script.
 */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  // A route that serves a whole rendered document (an issue's html or email) sets its own,
  // stricter policy: RENDERED_DOCUMENT_CSP.
  const ownPolicy = c.res.headers.has("Content-Security-Policy");
  if (!ownPolicy)
    c.header(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
  c.header("X-Content-Type-Options", "nosniff");
  // A click redirect sets its own (no-referrer: the token stays out of the next site's logs).
  if (!c.res.headers.has("Referrer-Policy")) c.header("Referrer-Policy", "strict-origin-when-cross-origin");
  c.header("X-Frame-Options", ownPolicy ? "SAMEORIGIN" : "DENY");
};

/**
 * For a rendered issue (html page or email) served as a document of its own: its inline
 * <style> may apply, nothing may run (sandbox, no scripts), it loads only https/data images,
 * and only this site may frame it (the desk's side-by-side preview).
 */
export const RENDERED_DOCUMENT_CSP =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'";

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure behind https. */
export function setSessionCookie(c: Context, token: string, expiresAt: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c),
    path: "/",
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context): void {
  setCookie(c, SESSION_COOKIE, "", { httpOnly: true, sameSite: "Lax", path: "/", maxAge: 0 });
}

/**
 * Loads the desk session named by the cookie (or null) into c.var.session. Desk pages hold
 * drafts and CSRF tokens, so no cache (a proxy's, or the browser's after logout) keeps them.
 */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE) ?? "";
  c.set("session", token ? await resumeSession(c.var.store, token) : null);
  await next();
  if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
};

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * This site's origin, as a browser on its pages names it: newsletter.site_url's once it is set
 * (behind a proxy that ends TLS, the browser says https://site while the request reaches us as
 * http; and the Host header is whatever the client wrote, so it is not trusted once the site
 * knows its address), else the origin the request came to.
 */
export function siteOrigin(c: Context<AppEnv>): string {
  return new URL(c.var.site.baseUrl || c.req.url).origin;
}

/** A cross-site request announces another origin; same-origin and non-browser clients pass. */
function crossOrigin(c: Context<AppEnv>): boolean {
  const origin = c.req.header("origin");
  if (!origin || origin === "null") return origin === "null";
  return origin !== siteOrigin(c);
}

/** The CSRF token a form or script sent: the `_csrf` field, or the X-CSRF-Token header. */
async function sentCsrfToken(c: Context): Promise<string> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = c.req.header("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    const body = await c.req.parseBody();
    const value = body[CSRF_FIELD];
    return typeof value === "string" ? value : "";
  }
  return "";
}

/**
 * Refuses a state-changing desk request (anything but GET/HEAD) unless it carries the
 * session's CSRF token and does not come from another origin.
 */
export const requireCsrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  const expected = c.var.session?.csrfToken ?? getCookie(c, LOGIN_CSRF_COOKIE) ?? "";
  if (crossOrigin(c) || !sameToken(await sentCsrfToken(c), expected))
    throw new SummaError(
      "auth.csrf",
      "This form has expired or did not come from this site. Reload the page and try again.",
    );
  return next();
};

/** The login form's CSRF token: reuses the cookie's when there is one. */
export function loginCsrfToken(c: Context): string {
  const existing = getCookie(c, LOGIN_CSRF_COOKIE);
  if (existing) return existing;
  const token = newToken();
  setCookie(c, LOGIN_CSRF_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/desk",
    secure: isHttps(c),
  });
  return token;
}

/**
 * Desk pages need a login (else a redirect to the login page, back here after) and, when
 * given, a permission (else 403).
 */
export function requireDesk(permission?: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.var.session;
    if (!session) {
      if (c.req.method !== "GET")
        throw new SummaError("auth.required", "Your session has ended. Log in again.");
      const here = new URL(c.req.url);
      return c.redirect(`/desk/login?next=${encodeURIComponent(here.pathname + here.search)}`, 303);
    }
    if (permission && !can(session.user.role, permission))
      throw new SummaError("auth.forbidden", `Your role (${session.user.role}) does not allow this.`);
    return next();
  };
}

/**
 * Only local paths are followed after login, so `next` cannot send a user to another site.
 * Browsers drop tabs and newlines from a URL before reading it ("/\t/evil.example" becomes
 * "//evil.example"), so control characters are refused too, and the path must still name this
 * site once parsed.
 */
export function safeNext(next: string | undefined): string {
  if (!next || !/^\/(?![/\\])/.test(next) || /\p{Cc}/u.test(next)) return "/desk";
  const local = "http://local.invalid";
  return new URL(next, local).origin === local ? next : "/desk";
}
