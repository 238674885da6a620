import type { Hono } from "hono";
import { createUser, type PasswordCost, type StaffUser } from "../../src/accounts/index.ts";
import { inboxJobs } from "../../src/inbox/index.ts";
import type { UserRole } from "../../src/store/index.ts";
import type { AppEnv } from "../../src/web/env.ts";
import { type AppOptions, createApp } from "../../src/web/index.ts";
import type { TestStore } from "./dialects.ts";

/** A desk user logged in through the real login form: its cookie and CSRF token for requests. */
export interface LoggedIn {
  user: StaffUser;
  password: string;
  cookie: string;
  csrf: string;
}

export interface TestSite {
  app: Hono<AppEnv>;
  /** app.request with an optional logged-in user's cookie. */
  get(path: string, as?: LoggedIn): Promise<Response>;
  /**
   * A form POST (urlencoded); the user's CSRF token is added unless `csrf: false`; `accept` asks
   * for another answer than the page (the desk's scripts ask for JSON).
   */
  post(
    path: string,
    fields: Record<string, string>,
    as?: LoggedIn,
    options?: { csrf?: boolean; accept?: string },
  ): Promise<Response>;
  /** Creates a user with this role and logs in through POST /desk/login. */
  login(role: UserRole, name?: string): Promise<LoggedIn>;
}

/**
 * The scrypt cost tests give passwords (production: PASSWORD_COST, ~0.2 s of CPU per hash):
 * 2^10 keeps every code path (hash, verify, decoy) at a millisecond.
 */
export const TEST_PASSWORD_COST: PasswordCost = { N: 2 ** 10, r: 8, p: 1 };
export const testPasswords = { passwordCost: TEST_PASSWORD_COST };

let users = 0;

function cookieHeader(res: Response, name: string): string | undefined {
  for (const c of res.headers.getSetCookie()) if (c.startsWith(`${name}=`)) return c.split(";")[0];
  return undefined;
}

/** The value of `<input ... name="NAME" value="...">` in a page. */
export function formValue(html: string, name: string): string {
  const m = new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no input named ${name} in the page`);
  return m[1]!;
}

/** A fetch that refuses: what the inbox's background lookups get in tests that give no server. */
export const noNetwork: typeof fetch = (input) =>
  Promise.reject(new Error(`tests reach no network (${String(input)})`));

export function testSite(store: TestStore, options: AppOptions = {}): TestSite {
  // The inbox's background jobs read no address on the network and log nothing unless a test
  // gives its own (a local server, a held trainer).
  const jobs =
    options.inbox?.jobs ?? inboxJobs(store, { read: { polite: { fetchImpl: noNetwork } }, log: () => {} });
  const app = createApp(store, { ...testPasswords, ...options, inbox: { ...options.inbox, jobs } });
  const base = "http://summa.test";
  const get: TestSite["get"] = (path, as) =>
    Promise.resolve(app.request(`${base}${path}`, { headers: as ? { cookie: as.cookie } : {} }));
  const post: TestSite["post"] = (path, fields, as, options = {}) => {
    const body = new URLSearchParams({
      ...(as && options.csrf !== false ? { _csrf: as.csrf } : {}),
      ...fields,
    });
    return Promise.resolve(
      app.request(`${base}${path}`, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...(as ? { cookie: as.cookie } : {}),
          ...(options.accept ? { accept: options.accept } : {}),
        },
      }),
    );
  };
  return {
    app,
    get,
    post,
    async login(role, name) {
      users++;
      const password = `correct horse ${users}`;
      const user = await createUser(
        store,
        {
          email: `${role}${users}@example.org`,
          name: name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${users}`,
          role,
          password,
        },
        testPasswords,
      );
      const form = await app.request(`${base}/desk/login`);
      const loginCsrf = cookieHeader(form, "summa_login_csrf")!;
      const res = await app.request(`${base}/desk/login`, {
        method: "POST",
        body: new URLSearchParams({
          _csrf: formValue(await form.text(), "_csrf"),
          email: user.email,
          password,
        }),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: loginCsrf },
      });
      if (res.status !== 303) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      const cookie = cookieHeader(res, "summa_session")!;
      const desk = await app.request(`${base}/desk`, { headers: { cookie } });
      return { user, password, cookie, csrf: formValue(await desk.text(), "_csrf") };
    },
  };
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

/**
 * What a browser would post from the form whose action is `action`, untouched: text inputs,
 * hidden fields, checked checkboxes and radios, textareas, each select's selected option (the
 * first when none is). The server's HTML is regular enough for patterns.
 */
export function formFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form with action ${action}`);
  const form = html.slice(start, html.indexOf("</form>", start));
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, "name");
    if (!name) continue;
    const type = attr(tag, "type") ?? "text";
    if ((type === "checkbox" || type === "radio") && !/\schecked=""/.test(tag)) continue;
    fields[name] = unescapeHtml(attr(tag, "value") ?? (type === "checkbox" ? "on" : ""));
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attr(m[1]!, "name");
    if (name) fields[name] = unescapeHtml(m[2]!);
  }
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(m[1]!, "name");
    const options = [...m[2]!.matchAll(/<option\b([^>]*)>/g)].map((o) => o[1]!);
    const chosen = options.find((o) => /\sselected=""/.test(o)) ?? options[0];
    if (name && chosen !== undefined) fields[name] = unescapeHtml(attr(chosen, "value") ?? "");
  }
  return fields;
}
