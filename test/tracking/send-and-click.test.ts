import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { simpleParser } from "mailparser";
import {
  type DeliveryWorker,
  type MailTransport,
  openTransport,
  sendProgress,
  startSend,
  startWorker,
} from "../../src/delivery/index.ts";
import { changeSetting } from "../../src/newsletter/index.ts";
import { countEngagementEvents, saveTrackedLinks } from "../../src/store/index.ts";
import { linkSecret } from "../../src/subscribers/index.ts";
import { issueClicks, signTracking } from "../../src/tracking/index.ts";
import { createApp } from "../../src/web/index.ts";
import {
  addSubscribers,
  configureNewsletter,
  type SmtpSink,
  startSmtpSink,
  waitFor,
} from "../delivery/helpers.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { CODE, issueWithLinks, NEWS, PAPER, SITE } from "./fixtures.ts";

const hrefs = (html: string) =>
  [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));

for (const dialect of DIALECTS) {
  describe(`click and open counting over real SMTP (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let sink: SmtpSink;
    let transport: MailTransport;
    let worker: DeliveryWorker;
    let reader: string;
    const app = () => createApp(store);
    const message = async (issue: number, to: string) => {
      const raw = sink.messages.find((m) => m.to === to && m.raw.includes(`[AN #${issue}]`))?.raw;
      assert.ok(raw, `${to} received AN #${issue}`);
      return { raw, mail: await simpleParser(raw) };
    };

    before(async () => {
      store = await dialect.open();
      sink = await startSmtpSink();
      transport = openTransport(sink.url, { connections: 1 });
      await configureNewsletter(store, SITE);
      await issueWithLinks(store, 7);
      await issueWithLinks(store, 8);
      reader = (await addSubscribers(store, 1, { prefix: "reader" }))[0]!;
      await changeSetting(store, "tracking.clicks", "on");
      await changeSetting(store, "tracking.opens", "on");
      worker = startWorker(store, transport, { pollMs: 20, leaseMs: 5000 });
      await startSend(store, { issueNumber: 7, createdBy: "test", allowHttp: true });
      await waitFor(async () => (await sendProgress(store, 7)).status === "done", 20_000, 25, "AN #7's send");
      // AN #8 goes out after tracking is turned off again.
      await changeSetting(store, "tracking.clicks", "off");
      await changeSetting(store, "tracking.opens", "off");
      await startSend(store, { issueNumber: 8, createdBy: "test", allowHttp: true });
      await waitFor(async () => (await sendProgress(store, 8)).status === "done", 20_000, 25, "AN #8's send");
    });

    after(async () => {
      await worker?.stop();
      transport?.close();
      await sink?.close();
      await store?.dispose();
    });

    test("tracking on: content links become /r/ redirects; unsubscribe, preferences, view online and mailto stay", async () => {
      const { raw, mail } = await message(7, reader);
      const html = mail.html as string;
      const links = hrefs(html);
      const redirects = links.filter((h) => h.startsWith(`${SITE}/r/`));
      assert.equal(redirects.length, 3, `three content links are redirects: ${links.join(" ")}`);
      for (const original of [CODE, PAPER, NEWS])
        assert.ok(!links.includes(original), `${original} is rewritten`);
      assert.ok(links.some((h) => h.startsWith(`${SITE}/unsubscribe?t=`)));
      assert.ok(links.some((h) => h.startsWith(`${SITE}/preferences?t=`)));
      assert.ok(links.includes(`${SITE}/issues/7`), "view online is left as it is");
      assert.ok(links.includes("mailto:editor@example.org"));
      assert.ok(links.includes(`${SITE}/surveys/retro-2019`), "a survey link is left as it is");
      // Tokens are opaque and short.
      for (const r of redirects) assert.match(r, /^http:\/\/summa\.test\/r\/[A-Za-z0-9_-]{20,40}$/);
      assert.match(html, new RegExp(`<img src="${SITE}/o/[A-Za-z0-9_-]+\\.gif" width="1" height="1"`));
      // The text part too, and List-Unsubscribe is untouched.
      const text = mail.text as string;
      assert.ok(!text.includes(CODE) && text.includes(`${SITE}/r/`));
      const head = raw.slice(0, raw.indexOf("\r\n\r\n"));
      assert.match(head, /List-Unsubscribe: <http:\/\/summa\.test\/unsubscribe\?t=[\w-]+>/);
      assert.ok(!head.includes("/r/"));
    });

    test("a click redirects (302, no-store, no-referrer) to the issue's URL and is counted per send, link and entry", async () => {
      const { mail } = await message(7, reader);
      const links = hrefs(mail.html as string).filter((h) => h.startsWith(`${SITE}/r/`));
      const res = await app().request(new URL(links[0]!).pathname);
      assert.equal(res.status, 302);
      assert.equal(res.headers.get("location"), CODE);
      assert.equal(res.headers.get("cache-control"), "no-store");
      assert.equal(res.headers.get("referrer-policy"), "no-referrer");
      await app().request(new URL(links[0]!).pathname);
      const news = await app().request(new URL(links[2]!).pathname);
      assert.equal(news.headers.get("location"), NEWS);
      const pixel = await app().request(
        new URL(/src="([^"]*\.gif)"/.exec(mail.html as string)![1]!).pathname,
      );
      assert.equal(pixel.status, 200);
      assert.equal(pixel.headers.get("content-type"), "image/gif");

      const figures = (await sendProgress(store, 7)).figures;
      assert.deepEqual(figures.engagement?.clicks, { clicks: 3, clickers: 1, rate: 1 });
      assert.equal(figures.engagement?.opens?.openers, 1);
      assert.equal(figures.engagement?.opens?.unreliable, true);
      const counts = await issueClicks(store, 7);
      assert.deepEqual(
        counts.links.map((l) => [l.url, l.clicks, l.clickers]),
        [
          [CODE, 2, 1],
          [PAPER, 0, 0],
          [NEWS, 1, 1],
        ],
      );
      const entries = await store.db.selectFrom("entries").select(["id", "title"]).execute();
      const idOf = (title: string) => entries.find((e) => e.title === title)!.id;
      assert.deepEqual(
        counts.entries.map((e) => [e.entryId, e.clicks]).sort(),
        [
          [idOf("Linked paper 7"), 2],
          [idOf("News item 7"), 1],
        ].sort(),
      );
      assert.equal(await countEngagementEvents(store.db), 4);
    });

    test("a forged, edited or other issue's token is refused: 404, no Location, nothing counted", async () => {
      const { mail } = await message(7, reader);
      const token = new URL(
        hrefs(mail.html as string).find((h) => h.startsWith(`${SITE}/r/`))!,
      ).pathname.slice(3);
      const delivery = await store.db
        .selectFrom("deliveries")
        .select("id")
        .where("issue_number", "=", 7)
        .executeTakeFirstOrThrow();
      const other = await saveTrackedLinks(store.db, 8, [{ url: "https://evil.example/", entryId: null }]);
      const secret = await linkSecret(store);
      const flip = (t: string, i: number) => t.slice(0, i) + (t[i] === "A" ? "B" : "A") + t.slice(i + 1);
      const refused = [
        flip(token, 1), // the delivery or link id edited
        flip(token, token.length - 3), // the signature edited
        `${token}AA`,
        token.slice(0, -2),
        signTracking("not-our-secret", { kind: "click", deliveryId: delivery.id, linkId: 1 }),
        // Genuinely signed, but the link belongs to AN #8, not to this delivery's AN #7.
        signTracking(secret, {
          kind: "click",
          deliveryId: delivery.id,
          linkId: other.get("https://evil.example/")!,
        }),
        signTracking(secret, { kind: "open", deliveryId: delivery.id, linkId: 0 }),
        "x",
      ];
      const before = (await sendProgress(store, 7)).figures.engagement?.clicks?.clicks;
      for (const bad of refused) {
        const res = await app().request(`/r/${bad}`);
        assert.equal(res.status, 404, bad);
        assert.equal(res.headers.get("location"), null);
        assert.equal(res.headers.get("cache-control"), "no-store");
      }
      assert.equal((await sendProgress(store, 7)).figures.engagement?.clicks?.clicks, before);
    });

    test("a link typed with non-ASCII characters redirects to its percent-encoded form", async () => {
      const delivery = await store.db
        .selectFrom("deliveries")
        .select("id")
        .where("issue_number", "=", 7)
        .executeTakeFirstOrThrow();
      const ids = await saveTrackedLinks(store.db, 7, [{ url: "https://example.org/café", entryId: null }]);
      const token = signTracking(await linkSecret(store), {
        kind: "click",
        deliveryId: delivery.id,
        linkId: ids.get("https://example.org/café")!,
      });
      const res = await app().request(`/r/${token}`);
      assert.equal(res.status, 302);
      assert.equal(res.headers.get("location"), "https://example.org/caf%C3%A9");
    });

    test("tracking off: the MIME keeps the original links and has no pixel; the figures show no engagement", async () => {
      const { raw, mail } = await message(8, reader);
      assert.ok(!raw.includes("/r/") && !raw.includes("/o/"), "no redirect and no pixel in the message");
      const links = hrefs(mail.html as string);
      for (const original of [CODE, PAPER, NEWS])
        assert.ok(links.includes(original), `${original} is as written`);
      assert.ok(!/<img/i.test(mail.html as string));
      assert.ok((mail.text as string).includes(CODE));
      assert.equal((await sendProgress(store, 8)).figures.engagement, undefined);
    });

    test("the web archive never tracks, even with tracking on", async () => {
      await changeSetting(store, "tracking.clicks", "on");
      await changeSetting(store, "tracking.opens", "on");
      for (const path of ["/issues/7", "/issues/7.md", "/issues/7.txt", "/feed.xml"]) {
        const res = await app().request(path);
        assert.equal(res.status, 200, path);
        const body = await res.text();
        assert.ok(!body.includes("/r/") && !body.includes("/o/"), `${path} has no tracked link`);
        assert.ok(body.includes("https://github.com/example/code"), `${path} links the code itself`);
      }
    });
  });
}
