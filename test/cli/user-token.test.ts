import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { authenticateToken } from "../../src/accounts/index.ts";
import { findUserByEmail } from "../../src/store/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";

for (const dialect of DIALECTS) {
  describe(`summa user role|disable|enable and summa token add|list|revoke (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    const run = (...args: string[]) => summaInProcess(["--db", store.url, ...args]);

    before(async () => {
      store = await dialect.open();
      for (const [email, role] of [
        ["boss@example.org", "admin"],
        ["rohin@example.org", "editor"],
      ] as const)
        assert.equal((await run("user", "add", email, "--role", role)).code, 0);
    });
    after(() => store?.dispose());

    test("role and disable follow the last-admin rule; disable and enable", async () => {
      const role = await run("user", "role", "rohin@example.org", "summarizer");
      assert.equal(role.code, 0, role.stderr);
      assert.equal(role.stdout, "rohin@example.org is now summarizer.\n");
      assert.equal((await findUserByEmail(store.db, "rohin@example.org"))!.role, "summarizer");
      const last = await run("user", "disable", "boss@example.org");
      assert.notEqual(last.code, 0);
      assert.match(last.stderr, /only enabled admin/);
      assert.equal((await run("user", "disable", "Rohin@Example.org")).code, 0);
      assert.equal((await findUserByEmail(store.db, "rohin@example.org"))!.disabled, 1);
      assert.equal((await run("user", "enable", "rohin@example.org")).code, 0);
      assert.equal((await findUserByEmail(store.db, "rohin@example.org"))!.disabled, 0);
      const unknown = await run("user", "role", "nobody@example.org", "editor");
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /No desk user has the email nobody@example\.org/);
    });

    test("token add --expires-days sets the expiry; list shows it; revoke ends the token", async () => {
      const add = await run(
        "--json",
        "token",
        "add",
        "rohin@example.org",
        "--name",
        "ci",
        "--expires-days",
        "7",
      );
      assert.equal(add.code, 0, add.stderr);
      const { token } = JSON.parse(add.stdout) as { token: string };
      assert.ok(await authenticateToken(store, token));
      await assert.rejects(authenticateToken(store, token, new Date(Date.now() + 7 * 86_400_000 + 60_000)));
      const list = await run("--json", "token", "list");
      const [row] = JSON.parse(list.stdout) as {
        id: number;
        name: string;
        expires_at: string;
        user_email: string;
      }[];
      assert.equal(row!.name, "ci");
      assert.equal(row!.user_email, "rohin@example.org");
      const days = (Date.parse(row!.expires_at) - Date.now()) / 86_400_000;
      assert.ok(days > 6.9 && days <= 7, `${days}`);
      assert.doesNotMatch(list.stdout, new RegExp(token));
      assert.notEqual((await run("token", "add", "rohin@example.org", "--expires-days", "soon")).code, 0);
      const revoke = await run("token", "revoke", String(row!.id));
      assert.equal(revoke.code, 0, revoke.stderr);
      await assert.rejects(authenticateToken(store, token), /valid API token is required/);
      assert.notEqual((await run("token", "revoke", String(row!.id))).code, 0);
    });
  });
}
