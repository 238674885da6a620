import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  authenticate,
  createUser,
  LOGIN_LIMITS,
  passwordProblem,
  setPassword,
  startSession,
} from "../../src/accounts/index.ts";
import { SummaError } from "../../src/domain/errors.ts";
import { createEntry, reviewEntry, reviseEntry } from "../../src/entries/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { formValue, type LoggedIn, type TestSite, testPasswords, testSite } from "../helpers/web.ts";
import { entryForm, savedId } from "../web/desk-fixture.ts";

const ok = (email = "someone@example.org", name = "Someone") => ({ email, name });

describe("password policy (NIST SP 800-63B blocklist, no composition rules)", () => {
  test("commonly used passwords are refused, whatever their case", async () => {
    const { dictionary } = await import("@zxcvbn-ts/language-common");
    const common = dictionary["passwords-common"].filter((p: string) => p.length >= 10).slice(0, 25);
    assert.equal(common.length, 25);
    for (const password of [...common, common[0]!.toUpperCase()])
      assert.match((await passwordProblem(password, ok())) ?? "", /commonly used/, password);
  });

  test("runs of one or a few characters and keyboard or alphabet sequences are refused", async () => {
    for (const password of ["ŋŋŋŋŋŋŋŋŋŋŋŋ", "xqxqxqxqxqxq", "k7!k7!k7!k7!", "%%%%%%%%%%%%"])
      assert.match((await passwordProblem(password, ok())) ?? "", /repeats/, password);
    for (const password of ["abcdefghijkl", "0987654321", `${"asdfghjkl;".slice(0, 9)}z`, "zyxwvutsrqpo"])
      assert.notEqual(await passwordProblem(password, ok()), null, password);
    assert.match((await passwordProblem("qwertyuiop", ok())) ?? "", /sequence|commonly/);
  });

  test("the account's own address or name, with digits or symbols around it, is refused", async () => {
    const me = { email: "rohin.shah@example.org", name: "Rohin Shah" };
    for (const password of ["rohin.shah@example.org", "Rohin.Shah2024!", "rohinshah123", "123RohinShah"])
      assert.match((await passwordProblem(password, me)) ?? "", /address or name/, password);
  });

  test("length is bounded both ways; passphrases pass", async () => {
    assert.match((await passwordProblem("short one", ok())) ?? "", /at least 10/);
    assert.match((await passwordProblem("x".repeat(100) + "y".repeat(200), ok())) ?? "", /at most 256/);
    for (const password of [
      "correct horse battery staple",
      "Rohin's 3 favourite papers",
      "mañana-lluvia-verde",
    ])
      assert.equal(
        await passwordProblem(password, { email: "rohin@example.org", name: "Rohin" }),
        null,
        password,
      );
  });
});

for (const dialect of DIALECTS) {
  describe(`accounts hardening (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
    });
    after(() => store?.dispose());

    const refusedCode = async (work: Promise<unknown>) => {
      try {
        await work;
        return "accepted";
      } catch (err) {
        if (err instanceof SummaError) return err.code;
        throw err;
      }
    };

    test("accounts cannot be created or reset with a weak password; a reset ends every session", async () => {
      assert.equal(
        await refusedCode(
          createUser(
            store,
            { email: "weak@example.org", role: "editor", password: "1234567890" },
            testPasswords,
          ),
        ),
        "input.invalid",
      );
      const user = await createUser(
        store,
        { email: "reset@example.org", role: "editor", password: "a first passphrase" },
        testPasswords,
      );
      assert.equal(
        await refusedCode(setPassword(store, { email: user.email, password: "password1234" }, testPasswords)),
        "input.invalid",
      );
      assert.equal(
        await refusedCode(
          setPassword(store, { email: "nobody@example.org", password: "x y z w v u t" }, testPasswords),
        ),
        "not_found",
      );
      await startSession(store, user);
      await setPassword(store, { email: user.email, password: "a second passphrase" }, testPasswords);
      const sessions = await store.db
        .selectFrom("sessions")
        .select("id")
        .where("user_id", "=", user.id)
        .execute();
      assert.deepEqual(sessions, [], "a reset password signs the account out everywhere");
      const client = "192.0.2.1";
      assert.equal(
        await refusedCode(
          authenticate(
            store,
            { email: user.email, password: "a first passphrase", client },
            new Date(),
            testPasswords,
          ),
        ),
        "auth.invalid_credentials",
      );
      assert.equal(
        (
          await authenticate(
            store,
            { email: user.email, password: "a second passphrase", client },
            new Date(),
            testPasswords,
          )
        ).id,
        user.id,
      );
    });

    test("/desk/password asks for the current password, refuses weak ones, and keeps this browser signed in", async () => {
      const me = await site.login("summarizer");
      const other = await site.login("editor");
      const page = await site.get("/desk/password", me);
      assert.equal(page.status, 200);
      const csrf = formValue(await page.text(), "_csrf");
      const post = (fields: Record<string, string>) =>
        site.post("/desk/password", { _csrf: csrf, ...fields }, me);
      const wrong = await post({ current: "not my password", next: "a fresh passphrase" });
      assert.equal(wrong.status, 422);
      assert.match(await wrong.text(), /current password is wrong/);
      const weak = await post({ current: me.password, next: "qwertyuiop" });
      assert.equal(weak.status, 422);
      const changed = await post({ current: me.password, next: "a fresh passphrase" });
      assert.equal(changed.status, 303);
      assert.equal(changed.headers.get("location"), "/desk?password=changed");
      assert.equal((await site.get("/desk", me)).status, 303, "the old session ended");
      const cookie = changed.headers
        .getSetCookie()
        .find((c) => c.startsWith("summa_session="))!
        .split(";")[0]!;
      const home = await site.app.request("http://summa.test/desk?password=changed", { headers: { cookie } });
      assert.equal(home.status, 200);
      assert.match(await home.text(), /Your password was changed/);
      assert.equal((await site.get("/desk", other)).status, 200, "other accounts keep their sessions");
      const at = (client: string, password: string) =>
        refusedCode(
          authenticate(store, { email: me.user.email, password, client }, new Date(), testPasswords),
        );
      assert.equal(await at("192.0.2.2", me.password), "auth.invalid_credentials");
      assert.equal(await at("192.0.2.2", "a fresh passphrase"), "accepted");
    });

    test("a stranger's failures from another address never lock the owner out", async () => {
      const owner = await createUser(
        store,
        { email: "owner@example.org", role: "editor", password: "the owner's passphrase" },
        testPasswords,
      );
      const now = new Date();
      const login = (client: string, password: string) =>
        refusedCode(authenticate(store, { email: owner.email, password, client }, now, testPasswords));
      for (let i = 0; i < LOGIN_LIMITS.perPair.failures; i++)
        assert.equal(await login("203.0.113.66", `guess ${i}`), "auth.invalid_credentials");
      // The stranger's address is now refused, even with the right password ...
      assert.equal(await login("203.0.113.66", "the owner's passphrase"), "auth.rate_limited");
      // ... and the owner, from their own address, is not (before: refused for 15 minutes).
      assert.equal(await login("198.51.100.7", "the owner's passphrase"), "accepted");
    });

    test("guesses from many addresses slow an account down, but not from where its owner logs in", async () => {
      const owner = await createUser(
        store,
        { email: "target@example.org", role: "admin", password: "the target's passphrase" },
        testPasswords,
      );
      const now = new Date();
      const login = (client: string, password: string) =>
        refusedCode(authenticate(store, { email: owner.email, password, client }, now, testPasswords));
      assert.equal(
        await login("198.51.100.8", "the target's passphrase"),
        "accepted",
        "the owner's usual address",
      );
      for (let i = 0; i < LOGIN_LIMITS.perAccount.failures; i++)
        assert.equal(await login(`10.1.${i >> 8}.${i & 255}`, `guess ${i}`), "auth.invalid_credentials");
      assert.equal(
        await login("10.9.9.9", "the target's passphrase"),
        "auth.rate_limited",
        "a new address waits",
      );
      assert.equal(
        await login("198.51.100.8", "the target's passphrase"),
        "accepted",
        "a known address does not",
      );
      const later = new Date(now.getTime() + LOGIN_LIMITS.perAccount.windowMs + 1000);
      const afterHour = await refusedCode(
        authenticate(
          store,
          { email: owner.email, password: "the target's passphrase", client: "10.9.9.9" },
          later,
          testPasswords,
        ),
      );
      assert.equal(afterHour, "accepted", "the account limit lasts its window");
    });

    describe("drafts and credit", () => {
      let alice: LoggedIn;
      let bob: LoggedIn;
      let editor: LoggedIn;
      let draftId: number;
      before(async () => {
        alice = await site.login("summarizer", "Alice Summarizer");
        bob = await site.login("summarizer", "Bob Summarizer");
        editor = await site.login("editor", "Eve Editor");
        draftId = savedId(
          await site.post(
            "/desk/entries/new",
            entryForm({ title: "Alice's private draft", summary: "Secret words." }),
            alice,
          ),
        );
      });

      test("another summarizer sees that a draft exists but not its text, until it is marked ready", async () => {
        const page = await site.get(`/desk/entries/${draftId}/edit`, bob);
        assert.equal(page.status, 403);
        const body = await page.text();
        assert.doesNotMatch(body, /Secret words/);
        assert.match(body, /draft by Alice Summarizer/);
        const list = await (await site.get("/desk/entries?scope=all", bob)).text();
        assert.match(list, /Alice&#39;s private draft|Alice's private draft/);
        assert.doesNotMatch(list, new RegExp(`/desk/entries/${draftId}/edit`));
        assert.equal((await site.get(`/desk/entries/${draftId}/edit`, alice)).status, 200);
        assert.equal((await site.get(`/desk/entries/${draftId}/edit`, editor)).status, 200);
        // Submitted is still the author's and the editors'; an editor's "ready" opens it to the team.
        await reviseEntry(store, alice.user, draftId, { status: "submitted" });
        assert.equal((await site.get(`/desk/entries/${draftId}/edit`, bob)).status, 403);
        await reviewEntry(store, editor.user, draftId, "mark_ready");
        const ready = await site.get(`/desk/entries/${draftId}/edit`, bob);
        assert.equal(ready.status, 200);
        assert.match(await ready.text(), /Secret words/);
        assert.equal(
          await refusedCode(reviseEntry(store, bob.user, draftId, { summary: "Bob's words" })),
          "auth.forbidden",
          "readable is not writable",
        );
      });

      test("a summarizer may credit a co-author beside themselves, not someone else alone; an editor may", async () => {
        const write = (as: LoggedIn, title: string, summarizers: string) =>
          refusedCode(
            createEntry(store, as.user, { ...entryForm({ title, summarizers }), status: "draft" } as never),
          );
        assert.equal(await write(alice, "Credited away", "Bob Summarizer"), "input.invalid");
        assert.equal(await write(alice, "Credited jointly", "Alice Summarizer/Bob Summarizer"), "accepted");
        assert.equal(await write(alice, "Credited by default", ""), "accepted");
        assert.equal(await write(editor, "Credited by the editor", "Bob Summarizer"), "accepted");
        const res = await site.post(
          "/desk/entries/new",
          entryForm({ title: "Form credit", summarizers: "Bob Summarizer" }),
          alice,
        );
        assert.equal(res.status, 422);
        assert.match(await res.text(), /your own name \(Alice Summarizer\) must be among the summarizers/);
        const mine = await createEntry(store, alice.user, {
          title: "Mine to revise",
          category: "Learning human intent",
        });
        assert.equal(
          await refusedCode(reviseEntry(store, alice.user, mine.id, { summarizers: "Bob Summarizer" })),
          "input.invalid",
        );
        assert.equal(
          await refusedCode(reviseEntry(store, alice.user, mine.id, { summary: "Only the summary" })),
          "accepted",
        );
      });
    });
  });
}
