import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { authenticate, authenticateToken, createApiToken } from "../../src/accounts/index.ts";
import { SummaError } from "../../src/domain/errors.ts";
import { findUserByEmail } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import type { LoggedIn, TestSite } from "../helpers/web.ts";
import { TEST_PASSWORD_COST, testSite } from "../helpers/web.ts";

/** The value shown once on the team page after an invite, a reset or a new token. */
function shownOnce(html: string): string {
  const m = /<code class="secret">([^<]+)<\/code>/.exec(html);
  assert.ok(m, "the page shows a password or token once");
  return m[1]!;
}

/** A write through the API with this token: 401 when the token is refused, else past auth. */
async function apiStatus(site: TestSite, token: string): Promise<number> {
  const res = await site.app.request("http://summa.test/api/v1/entries", {
    method: "POST",
    body: "{}",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
  return res.status;
}

let clients = 0;

async function canLogIn(store: TestStore, email: string, password: string): Promise<boolean> {
  try {
    // A client of its own each time: failed attempts count towards the per-client limit.
    const client = `192.0.2.${++clients}`;
    await authenticate(store, { email, password, client }, new Date(), { passwordCost: TEST_PASSWORD_COST });
    return true;
  } catch (err) {
    if (err instanceof SummaError) return false;
    throw err;
  }
}

for (const dialect of DIALECTS) {
  describe(`desk team and API tokens (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let admin: LoggedIn;
    let editor: LoggedIn;

    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      admin = await site.login("admin", "Ada Admin");
      editor = await site.login("editor", "Rohin");
    });
    after(() => store?.dispose());

    test("only admins reach the team page; it lists every account with its role", async () => {
      assert.equal((await site.get("/desk/team", editor)).status, 403);
      assert.equal(
        (await site.post("/desk/team/invite", { email: "x@example.org", role: "admin" }, editor)).status,
        403,
      );
      const res = await site.get("/desk/team", admin);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, new RegExp(`${admin.user.email.replace(".", "\\.")}`));
      assert.match(
        html,
        new RegExp(
          `id="role-${editor.user.id}" name="role"><option value="admin">admin</option><option value="editor" selected="">`,
        ),
      );
      assert.match(html, /href="\/desk\/team"/, "the nav links to the team for admins");
    });

    test("invite: a generated password shown once (no redirect), which logs in; CSRF required", async () => {
      const fields = { email: "Richard@Example.org", name: "Richard", role: "summarizer" };
      assert.equal((await site.post("/desk/team/invite", fields, admin, { csrf: false })).status, 403);
      const res = await site.post("/desk/team/invite", fields, admin);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /Password for richard@example\.org \(summarizer\)/);
      const password = shownOnce(html);
      assert.ok(password.length >= 16);
      assert.ok(await canLogIn(store, "richard@example.org", password));
      assert.doesNotMatch(await (await site.get("/desk/team", admin)).text(), new RegExp(password));
      const again = await site.post("/desk/team/invite", fields, admin);
      assert.equal(again.status, 409);
      assert.match(await again.text(), /already exists/);
    });

    test("change role; the last enabled admin can be neither demoted nor disabled", async () => {
      const res = await site.post(`/desk/team/${editor.user.id}/role`, { role: "admin" }, admin);
      assert.equal(res.status, 303);
      assert.equal((await findUserByEmail(store.db, editor.user.email))!.role, "admin");
      assert.equal(
        (await site.post(`/desk/team/${editor.user.id}/role`, { role: "editor" }, admin)).status,
        303,
      );
      const demote = await site.post(`/desk/team/${admin.user.id}/role`, { role: "editor" }, admin);
      assert.equal(demote.status, 409);
      assert.match(await demote.text(), /only enabled admin/);
      assert.equal((await site.post(`/desk/team/${admin.user.id}/disable`, {}, admin)).status, 409);
      assert.equal((await findUserByEmail(store.db, admin.user.email))!.role, "admin");
      const bad = await site.post(`/desk/team/${editor.user.id}/role`, { role: "owner" }, admin);
      assert.equal(bad.status, 422);
    });

    test("disable ends the sessions and stops the API tokens; enable lets them log in again", async () => {
      const writer = await site.login("summarizer", "Dan");
      const token = await createApiToken(store, writer.user, "script");
      assert.notEqual(await apiStatus(site, token), 401);
      assert.equal((await site.post(`/desk/team/${writer.user.id}/disable`, {}, admin)).status, 303);
      const desk = await site.get("/desk", writer);
      assert.equal(desk.status, 303, "the session ended: back to the login page");
      assert.equal(await apiStatus(site, token), 401);
      assert.equal(await canLogIn(store, writer.user.email, writer.password), false);
      assert.match(await (await site.get("/desk/team", admin)).text(), /<td>Disabled<\/td>/);
      assert.equal((await site.post(`/desk/team/${writer.user.id}/enable`, {}, admin)).status, 303);
      assert.ok(await canLogIn(store, writer.user.email, writer.password));
      assert.notEqual(await apiStatus(site, token), 401);
    });

    test("reset password: a new one shown once; the old one and the sessions stop working", async () => {
      const cody = await site.login("summarizer", "Cody");
      const res = await site.post(`/desk/team/${cody.user.id}/password`, {}, admin);
      assert.equal(res.status, 200);
      const password = shownOnce(await res.text());
      assert.equal(await canLogIn(store, cody.user.email, cody.password), false);
      assert.ok(await canLogIn(store, cody.user.email, password));
      assert.equal((await site.get("/desk", cody)).status, 303);
    });

    test("tokens: created on the desk with an expiry, listed without the secret, revoked", async () => {
      const res = await site.post(
        "/desk/team/tokens",
        { user: String(editor.user.id), name: "zapier", days: "30" },
        admin,
      );
      assert.equal(res.status, 200);
      const token = shownOnce(await res.text());
      assert.match(token, /^summa_/);
      assert.notEqual(await apiStatus(site, token), 401);
      const list = await (await site.get("/desk/team", admin)).text();
      assert.doesNotMatch(list, new RegExp(token));
      const row =
        /<tr><td>zapier<\/td><td>([^<]+)<\/td><td><time[^>]*>[^<]*<\/time><\/td><td><time[^>]*>[^<]*<\/time><\/td><td><time datetime="([^"]+)"/.exec(
          list,
        );
      assert.ok(row, "the token's row: name, owner, created, last used, expires");
      assert.equal(row[1], editor.user.email);
      const days = (Date.parse(row[2]!) - Date.now()) / 86_400_000;
      assert.ok(days > 29.9 && days <= 30, `expires in ${days} days`);
      const id = /action="\/desk\/team\/tokens\/(\d+)\/revoke"/.exec(list)![1];
      const bad = await site.post("/desk/team/tokens", { user: String(editor.user.id), days: "soon" }, admin);
      assert.equal(bad.status, 422);
      assert.equal((await site.post(`/desk/team/tokens/${id}/revoke`, {}, admin)).status, 303);
      assert.equal(await apiStatus(site, token), 401);
      assert.equal((await site.post(`/desk/team/tokens/${id}/revoke`, {}, admin)).status, 404);
    });

    test("token auth honours expires_at; a token without one lasts", async () => {
      const made = new Date("2024-01-01T00:00:00Z");
      const expiring = await createApiToken(store, editor.user, "a day", { expiresInDays: 1, now: made });
      const lasting = await createApiToken(store, editor.user, "forever", { now: made });
      const inside = new Date("2024-01-01T23:59:00Z");
      const past = new Date("2024-01-02T00:00:01Z");
      assert.equal((await authenticateToken(store, expiring, inside)).id, editor.user.id);
      await assert.rejects(authenticateToken(store, expiring, past), /valid API token is required/);
      assert.equal((await authenticateToken(store, lasting, past)).id, editor.user.id);
      assert.equal(await apiStatus(site, expiring), 401, "expired by now");
      await assert.rejects(
        createApiToken(store, editor.user, "x", { expiresInDays: 0 }),
        /whole number of days/,
      );
    });
  });
}
