import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findSubscriber, setSetting } from "../../src/store/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import { assertAccessible } from "./public-helpers.ts";

const ORIGIN = "http://summa.test";

for (const dialect of DIALECTS) {
  describe(`public subscribe form and an empty site (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    before(async () => {
      store = await dialect.open();
      // Sign-ups mail links, so they need the site's address (the refusal without it is tested below).
      await setSetting(store.db, "newsletter.site_url", ORIGIN);
      site = testSite(store);
    });
    after(() => store?.dispose());

    /** A form POST as a browser on some page sends it: with an Origin header unless null. */
    const submit = (fields: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }) =>
      site.app.request(`${ORIGIN}/subscribe`, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      });
    const count = async () =>
      Number(
        (
          await store.db
            .selectFrom("subscribers")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirst()
        )?.n,
      );

    test("before the first issue: the home page says so and the archive is page 1 of 1", async () => {
      const home = await (await site.get("/")).text();
      assertAccessible(home);
      assert.match(home, /The first issue has not gone out yet/);
      const archive = await (await site.get("/issues")).text();
      assert.match(archive, /0 issues, newest first · page 1 of 1/);
      assert.match(archive, /No issue has been published yet/);
      assert.equal((await site.get("/issues?page=2")).status, 404);
      const feed = (await (await site.get("/feed.json")).json()) as { items: unknown[] };
      assert.deepEqual(feed.items, []);
    });

    test("the form: labelled email and name, a hidden honeypot, on the home page and /subscribe", async () => {
      for (const path of ["/", "/subscribe"]) {
        const page = await (await site.get(path)).text();
        assertAccessible(page);
        assert.match(page, /<input type="email" id="[\w-]+-email" name="email" required=""/);
        assert.match(page, /<div class="hp" aria-hidden="true"><label for="[\w-]+-website">/);
        assert.match(page, /name="website" tabindex="-1" autocomplete="off"/);
      }
      const page = await (await site.get("/subscribe")).text();
      assert.match(page, /<a href="\/#subscribe" aria-current="page">Subscribe<\/a>/);
    });

    test("a new address is stored as pending (lowercased) and the reader is sent to the thanks page", async () => {
      const res = await submit({ email: "  Ada@Example.ORG ", name: " Ada   Lovelace ", website: "" });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/subscribe/thanks");
      const row = await findSubscriber(store.db, "ada@example.org");
      assert.equal(row?.status, "pending");
      assert.equal(row?.name, "Ada Lovelace");
      assert.equal(row?.source, "web");
      const thanks = await site.get("/subscribe/thanks");
      assert.equal(thanks.status, 200);
      const text = await thanks.text();
      assertAccessible(text);
      assert.match(text, /<h1>Thank you<\/h1>/);
    });

    test("an address already on the list gets the same answer, and its row is left as it was", async () => {
      await store.db
        .updateTable("subscribers")
        .set({ status: "active" })
        .where("email", "=", "ada@example.org")
        .execute();
      const fresh = await submit({ email: "grace@example.org" });
      const again = await submit({ email: "ADA@example.org", name: "Someone else" });
      assert.equal(again.status, fresh.status);
      assert.equal(again.headers.get("location"), fresh.headers.get("location"));
      assert.equal(await again.text(), await fresh.text());
      const row = await findSubscriber(store.db, "ada@example.org");
      assert.equal(row?.status, "active", "never downgraded to pending");
      assert.equal(row?.name, "Ada Lovelace");
      assert.equal(await count(), 2);
    });

    test("bad addresses and control characters are refused with 422 and a message on the page", async () => {
      const before = await count();
      const cases: [Record<string, string>, RegExp][] = [
        [{ email: "" }, /Please enter your email address/],
        [{ email: "not an address" }, /is not an email address/],
        [{ email: "ada@localhost" }, /is not an email address/],
        [{ email: `${"a".repeat(65)}@example.org` }, /is not an email address/],
        [{ email: "ada@example.org\r\nBcc: eve@example.org" }, /control characters/],
        [{ email: "eve@example.org", name: "Eve\nBcc: x@example.org" }, /name contains control characters/],
        [{ email: "eve@example.org", name: "Eve \u202egnp.exe" }, /name contains control characters/],
        [{ email: "eve@example.org", name: "E".repeat(201) }, /name is too long/],
        [{ email: `"><img src=x onerror=alert(1)>@example.org` }, /is not an email address/],
      ];
      for (const [fields, message] of cases) {
        const res = await submit(fields);
        assert.equal(res.status, 422, JSON.stringify(fields));
        const page = await res.text();
        assertAccessible(page);
        assert.match(page, /<p class="notice error" role="alert" id="subscribe-page-error">/);
        assert.match(page, message);
        assert.doesNotMatch(page, /<img src=x/);
        assert.match(page, /aria-invalid="true"/);
      }
      // A NUL no one can type: refused before the form is read, like any request holding one.
      const nul = await submit({ email: "ada\u0000@example.org" });
      assert.equal(nul.status, 400);
      assert.match(await nul.text(), /NUL character/);
      // What the reader typed comes back for correcting (escaped, without control characters).
      const res = await submit({ email: "ada at example.org", name: "Ada <b>" });
      const page = await res.text();
      assert.match(page, /value="ada at example.org"/);
      assert.match(page, /value="Ada &lt;b&gt;"/);
      assert.equal(await count(), before);
    });

    test("a filled honeypot looks accepted but stores nothing", async () => {
      const before = await count();
      const res = await submit({ email: "bot@example.org", website: "https://spam.example" });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/subscribe/thanks");
      assert.equal(await findSubscriber(store.db, "bot@example.org"), undefined);
      assert.equal(await count(), before);
    });

    test("a POST from another origin is refused (403); no Origin, or site_url's origin, is accepted", async () => {
      const before = await count();
      const refused: Record<string, string>[] = [
        { origin: "https://evil.example" },
        { origin: "null" },
        { origin: "http://summa.test:8080" },
        { "sec-fetch-site": "cross-site" },
      ];
      for (const headers of refused) {
        const res = await submit({ email: "victim@example.org" }, headers);
        assert.equal(res.status, 403, JSON.stringify(headers));
        assert.match(await res.text(), /sent from another site/);
      }
      assert.equal(await count(), before);

      assert.equal((await submit({ email: "curl@example.org" }, {})).status, 303, "not a browser: no Origin");
      await setSetting(store.db, "newsletter.site_url", "https://news.example.org/an");
      try {
        const proxied = await submit(
          { email: "proxied@example.org" },
          { origin: "https://news.example.org" },
        );
        assert.equal(proxied.status, 303);
        // Once the site knows its address, the origin the request names (its Host) is not trusted.
        const ownHost = await submit({ email: "host@example.org" }, { origin: ORIGIN });
        assert.equal(ownHost.status, 403);
      } finally {
        await setSetting(store.db, "newsletter.site_url", ORIGIN);
      }
      assert.equal(await count(), before + 2);
    });

    test("without newsletter.site_url a sign-up is refused with 503 config.incomplete, saying how to set it", async () => {
      const before = await count();
      await setSetting(store.db, "newsletter.site_url", "");
      try {
        const res = await submit({ email: "early@example.org" });
        assert.equal(res.status, 503);
        const page = await res.text();
        assert.match(page, /newsletter\.site_url is not set/);
        assert.match(page, /summa settings set newsletter\.site_url https:\/\//);
        assert.equal(await findSubscriber(store.db, "early@example.org"), undefined, "nothing stored");
        assert.equal((await site.get("/subscribe")).status, 200, "the form's page still shows");
      } finally {
        await setSetting(store.db, "newsletter.site_url", ORIGIN);
      }
      assert.equal(await count(), before);
    });
  });
}
