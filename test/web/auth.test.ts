import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { formValue, type TestSite, testSite } from "../helpers/web.ts";

for (const dialect of DIALECTS) {
  describe(`desk login and sessions (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
    });
    after(() => store?.dispose());

    test("the desk redirects to the login page, which comes back after login", async () => {
      const res = await site.get("/desk/entries?status=draft");
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/desk/login?next=%2Fdesk%2Fentries%3Fstatus%3Ddraft");
    });

    test("logging in sets an HttpOnly session cookie; the desk then greets the user", async () => {
      const ed = await site.login("editor", "Rohin <b>");
      assert.match(ed.cookie, /^summa_session=[\w-]{40,}$/);
      const page = await (await site.get("/desk", ed)).text();
      assert.match(page, /Welcome, Rohin &lt;b&gt;\./);
      assert.ok(ed.csrf.length >= 40);
    });

    test("a wrong password is refused with 401 and the same message as an unknown address", async () => {
      const ed = await site.login("editor");
      const form = await site.app.request("http://summa.test/desk/login");
      const cookie = form.headers.getSetCookie()[0]!.split(";")[0]!;
      const csrf = formValue(await form.text(), "_csrf");
      const attempt = (email: string) =>
        site.app.request("http://summa.test/desk/login", {
          method: "POST",
          body: new URLSearchParams({ _csrf: csrf, email, password: "wrong password" }),
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        });
      const wrong = await attempt(ed.user.email);
      const unknown = await attempt("nobody@example.org");
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.match(await wrong.text(), /Wrong email or password/);
      assert.match(await unknown.text(), /Wrong email or password/);
    });

    test("after five failures for one address, even the right password is refused (429)", async () => {
      const ed = await site.login("editor");
      const form = await site.app.request("http://summa.test/desk/login");
      const cookie = form.headers.getSetCookie()[0]!.split(";")[0]!;
      const csrf = formValue(await form.text(), "_csrf");
      const attempt = (password: string) =>
        site.app.request("http://summa.test/desk/login", {
          method: "POST",
          body: new URLSearchParams({ _csrf: csrf, email: ed.user.email, password }),
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        });
      for (let i = 0; i < 5; i++) assert.equal((await attempt(`guess ${i}`)).status, 401);
      const right = await attempt(ed.password);
      assert.equal(right.status, 429);
      assert.ok(Number(right.headers.get("retry-after")) > 0);
    });

    test("a login POST without the form's CSRF token is refused", async () => {
      const res = await site.post("/desk/login", { email: "a@example.org", password: "x" });
      assert.equal(res.status, 403);
    });

    test("logout needs the CSRF token, then ends the session", async () => {
      const ed = await site.login("editor");
      assert.equal((await site.post("/desk/logout", {}, ed, { csrf: false })).status, 403);
      assert.equal((await site.get("/desk", ed)).status, 200);
      const out = await site.post("/desk/logout", {}, ed);
      assert.equal(out.status, 303);
      assert.equal((await site.get("/desk", ed)).status, 303);
    });

    test("a cross-origin POST is refused even with the right token", async () => {
      const ed = await site.login("editor");
      const res = await site.app.request("http://summa.test/desk/logout", {
        method: "POST",
        body: new URLSearchParams({ _csrf: ed.csrf }),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie: ed.cookie,
          origin: "https://evil.example",
        },
      });
      assert.equal(res.status, 403);
    });

    test("every page carries a CSP that allows only the site's own scripts", async () => {
      const res = await site.get("/");
      assert.match(res.headers.get("content-security-policy") ?? "", /script-src 'self'/);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    });
  });
}
