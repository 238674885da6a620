import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findSubscriber, type SubscriberRow, setSetting, updateSubscriber } from "../../src/store/index.ts";
import {
  addSubscriber,
  loadLinkConfig,
  type SubscriberLinks,
  subscriberLinks,
} from "../../src/subscribers/index.ts";
import { createApp, type RunningServer, startServer } from "../../src/web/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { assertAccessible } from "./public-helpers.ts";

const ORIGIN = "http://summa.test";

for (const dialect of DIALECTS) {
  describe(`unsubscribe and preferences links (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let app: ReturnType<typeof createApp>;
    let server: RunningServer;
    let n = 0;

    /** A new active subscriber and the links its emails would carry (on the running server). */
    async function reader(status: SubscriberRow["status"] = "active") {
      const { subscriber } = await addSubscriber(store, { email: `reader${++n}@example.org`, status });
      const links = subscriberLinks(await loadLinkConfig(store), subscriber);
      return { subscriber, links };
    }
    const row = async (email: string) => (await findSubscriber(store.db, email))!;
    const post = (url: string, fields: Record<string, string> = {}) =>
      fetch(url, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { "content-type": "application/x-www-form-urlencoded" },
        redirect: "manual",
      });

    before(async () => {
      store = await dialect.open();
      app = createApp(store);
      server = await startServer(store, { port: 0, host: "127.0.0.1" });
      // Emailed links are built on the site's address: here, the running server.
      await setSetting(store.db, "newsletter.site_url", server.url);
    });
    after(async () => {
      await server?.close();
      await store?.dispose();
    });

    test("RFC 8058 one-click: POST unsubscribes with a 200 and no redirect, and again is the same", async () => {
      const { subscriber, links } = await reader();
      const oneClick = () =>
        fetch(links.unsubscribeUrl, {
          method: "POST",
          body: "List-Unsubscribe=One-Click",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          redirect: "manual",
        });
      const first = await oneClick();
      assert.equal(first.status, 200);
      assert.equal(first.headers.get("location"), null);
      const page = await first.text();
      assertAccessible(page);
      assert.match(page, /<h1>You are unsubscribed<\/h1>/);
      const after1 = await row(subscriber.email);
      assert.equal(after1.status, "unsubscribed");
      assert.ok(after1.unsubscribed_at);

      const second = await oneClick();
      assert.equal(second.status, 200);
      assert.match(await second.text(), /You are unsubscribed/);
      assert.equal((await row(subscriber.email)).unsubscribed_at, after1.unsubscribed_at, "idempotent");

      // Some providers post multipart/form-data; that works too.
      const other = await reader();
      const body = new FormData();
      body.set("List-Unsubscribe", "One-Click");
      const multipart = await fetch(other.links.unsubscribeUrl, { method: "POST", body, redirect: "manual" });
      assert.equal(multipart.status, 200);
      assert.equal((await row(other.subscriber.email)).status, "unsubscribed");
    });

    test("GET /unsubscribe never unsubscribes: it shows a button that does", async () => {
      const { subscriber, links } = await reader();
      for (let i = 0; i < 2; i++) {
        const res = await fetch(links.unsubscribeUrl);
        assert.equal(res.status, 200);
        const page = await res.text();
        assertAccessible(page);
        assert.match(page, /<button type="submit" class="danger">Unsubscribe<\/button>/);
        assert.match(page, new RegExp(`Stop sending .* to <strong>${subscriber.email}</strong>`));
      }
      assert.equal((await row(subscriber.email)).status, "active");
      const page = await (await fetch(links.unsubscribeUrl)).text();
      const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!;
      assert.equal((await post(`${server.url}${action}`)).status, 200);
      assert.equal((await row(subscriber.email)).status, "unsubscribed");
      assert.match(await (await fetch(links.unsubscribeUrl)).text(), /receives no more issues/);
    });

    test("a tampered or foreign token is refused with 400 on every link, GET and POST", async () => {
      const { subscriber, links } = await reader();
      const tamper = (url: string) => url.replace(/t=(.)/, (_m, c: string) => `t=${c === "A" ? "B" : "A"}`);
      const swapped = links.unsubscribeUrl.replace("/unsubscribe?", "/preferences?");
      for (const url of [tamper(links.unsubscribeUrl), tamper(links.preferencesUrl), swapped]) {
        assert.equal((await fetch(url)).status, 400, url);
        const res = await post(url, { action: "pause" });
        assert.equal(res.status, 400, url);
        assert.match(await res.text(), /This link does not work/);
      }
      assert.equal((await row(subscriber.email)).status, "active");
    });

    test("preferences: edition, pause and resume, unsubscribe and resubscribe", async () => {
      const { subscriber, links } = await reader();
      const change = async (fields: Record<string, string>) => {
        const res = await post(links.preferencesUrl, fields);
        assert.equal(res.status, 303, JSON.stringify(fields));
        const location = res.headers.get("location")!;
        assert.match(location, new RegExp(`^/preferences\\?t=[^&]+&done=${fields.action}$`));
        const page = await (await fetch(`${server.url}${location}`)).text();
        assertAccessible(page);
        return { page, now: await row(subscriber.email) };
      };
      const first = await (await fetch(links.preferencesUrl)).text();
      assertAccessible(first);
      assert.match(first, /Status: Subscribed/);
      assert.match(first, /value="full" checked=""/);

      let r = await change({ action: "edition", edition: "highlights" });
      assert.equal(r.now.edition, "highlights");
      assert.match(r.page, /you will receive the highlights only/);
      assert.match(r.page, /value="highlights" checked=""/);

      r = await change({ action: "pause" });
      assert.equal(r.now.status, "paused");
      assert.match(r.page, /<input type="hidden" name="action" value="resume"\/>/);
      r = await change({ action: "resume" });
      assert.equal(r.now.status, "active");
      assert.match(r.page, /Resumed/);

      r = await change({ action: "unsubscribe" });
      assert.equal(r.now.status, "unsubscribed");
      assert.ok(r.now.unsubscribed_at);
      assert.match(r.page, /value="resubscribe"/);

      const before = (await row(subscriber.email)).consent_at!;
      r = await change({ action: "resubscribe" });
      assert.equal(r.now.status, "active");
      assert.equal(r.now.unsubscribed_at, null);
      assert.ok(r.now.consent_at! >= before, "consent renewed");
      assert.equal(r.now.edition, "highlights", "the edition survives");
      assert.match(r.page, /Welcome back/);

      for (const bad of [{ action: "delete" }, { action: "edition", edition: "weekly" }] as Record<
        string,
        string
      >[]) {
        const res = await post(links.preferencesUrl, bad);
        assert.equal(res.status, 422, JSON.stringify(bad));
      }
    });

    test("a suppressed address stays suppressed: no resubscribe button, and a forced POST changes nothing", async () => {
      const { subscriber, links } = await reader();
      await updateSubscriber(store.db, subscriber.id, {
        status: "suppressed",
        suppressed_reason: "hard bounce",
      });
      const page = await (await fetch(links.preferencesUrl)).text();
      assert.match(page, /Status: Stopped: mail to this address bounced/);
      assert.doesNotMatch(page, /value="resubscribe"/);
      const res = await post(links.preferencesUrl, { action: "resubscribe" });
      const after = await (await fetch(`${server.url}${res.headers.get("location")}`)).text();
      assert.match(after, /cannot be resubscribed from here/);
      assert.equal((await row(subscriber.email)).status, "suppressed");
      // Nor does unsubscribing (it receives nothing already) or confirming.
      await post(links.unsubscribeUrl);
      assert.equal((await row(subscriber.email)).status, "suppressed");
    });

    test("links of an address that changed no longer work", async () => {
      const { subscriber, links } = await reader();
      await updateSubscriber(store.db, subscriber.id, { email: `changed${n}@example.org` });
      assert.equal((await fetch(links.preferencesUrl)).status, 400);
      assert.equal((await post(links.unsubscribeUrl)).status, 400);
      assert.equal((await findSubscriber(store.db, `changed${n}@example.org`))?.status, "active");
    });

    test("the in-process app answers the same as the server (no port needed for these pages)", async () => {
      const { links }: { links: SubscriberLinks } = await reader();
      const path = new URL(links.preferencesUrl);
      const res = await app.request(`${ORIGIN}${path.pathname}${path.search}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("cache-control"), "no-store");
      assert.match(res.headers.get("content-security-policy") ?? "", /form-action 'self'/);
    });
  });
}
