import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { figuresLine } from "../../src/cli/commands/send-status.ts";
import { renderEdition, sendProgress, startSend } from "../../src/delivery/index.ts";
import { personaliseMessage, templateText } from "../../src/formats/render/email-template.ts";
import { changeSetting, clearSetting, readSettings } from "../../src/newsletter/index.ts";
import { countEngagementEvents } from "../../src/store/index.ts";
import { linkSecret } from "../../src/subscribers/index.ts";
import { followClick, issueClicks, pruneEngagement, signTracking } from "../../src/tracking/index.ts";
import { addSubscribers, configureNewsletter } from "../delivery/helpers.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type LoggedIn, type TestSite, testSite } from "../helpers/web.ts";
import { CODE, issueWithLinks, NEWS, SITE } from "./fixtures.ts";

const DAY = 24 * 60 * 60 * 1000;

for (const dialect of DIALECTS) {
  describe(`engagement: settings, the send's template, totals and pruning (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let store: TestStore;
    let site: TestSite;
    let editor: LoggedIn;
    let sendId: number;
    let deliveries: number[];
    let links: Map<string, number>;

    before(async () => {
      store = await dialect.open();
      await configureNewsletter(store, SITE);
      await issueWithLinks(store, 7);
      await addSubscribers(store, 2, { prefix: "prune" });
      await changeSetting(store, "tracking.clicks", "on");
      // A send far in the future: queued, never sent; its template is what a worker would render.
      await startSend(store, {
        issueNumber: 7,
        createdBy: "test",
        allowHttp: true,
        at: new Date("2999-01-01T00:00:00Z"),
      });
      const send = await store.db.selectFrom("sends").select("id").executeTakeFirstOrThrow();
      sendId = send.id;
      await renderEdition(store, 7, "full", new Date(), { sendId });
      deliveries = (await store.db.selectFrom("deliveries").select("id").orderBy("id").execute()).map(
        (d) => d.id,
      );
      const rows = await store.db.selectFrom("tracked_links").select(["id", "url"]).execute();
      links = new Map(rows.map((r) => [r.url, r.id]));
      site = testSite(store);
      editor = await site.login("editor", "Rohin");
    });
    after(async () => {
      await store?.dispose();
    });

    test("the settings are off by default, take on/off only, and say opens are unreliable", async () => {
      await clearSetting(store, "tracking.opens");
      const all = await readSettings(store);
      assert.equal(all["tracking.opens"], "off");
      assert.equal(all["tracking.keep_subscriber_rows"], "off");
      await assert.rejects(
        changeSetting(store, "tracking.opens", "sometimes"),
        (err: Error & { code?: string }) => {
          assert.equal(err.code, "config.invalid");
          assert.match(err.message, /tracking\.opens: expected "on" or "off"/);
          return true;
        },
      );
      assert.equal(await changeSetting(store, "tracking.opens", "Yes"), "on");
      await clearSetting(store, "tracking.opens");
    });

    test("the send's template has a slot per content link; a message without the reader's redirects is refused", async () => {
      const template = await renderEdition(store, 7, "full", new Date(), { sendId });
      const text = templateText(template);
      assert.match(text, /\{\{click_\d+\}\}/);
      assert.ok(!text.includes("{{open_url}}"), "opens were off when the send began");
      assert.deepEqual([...links.keys()].sort(), [CODE, "https://example.org/paper", NEWS].sort());
      const reader = {
        email: "a@example.org",
        name: "A",
        unsubscribeUrl: `${SITE}/unsubscribe?t=x`,
        preferencesUrl: `${SITE}/preferences?t=x`,
        unsubscribeMailto: "mailto:u@example.org",
        messageIdSuffix: "d1",
      };
      assert.throws(() => personaliseMessage(template, reader), /A tracked link/);
      const filled = personaliseMessage(template, {
        ...reader,
        tracking: { clickUrl: (id) => `${SITE}/r/link${id}`, openUrl: () => `${SITE}/o/x.gif` },
      });
      assert.ok(filled.includes(`${SITE}/r/link${links.get(CODE)}`));
    });

    test("turning tracking on after a send began changes nothing for that send", async () => {
      await changeSetting(store, "tracking.opens", "on");
      const text = templateText(await renderEdition(store, 7, "full", new Date(), { sendId }));
      assert.ok(!text.includes("{{open_url}}"));
      await clearSetting(store, "tracking.opens");
    });

    test("pruning drops per-reader rows older than 30 days and keeps every total", async () => {
      const secret = await linkSecret(store);
      const click = (delivery: number, url: string, daysAgo: number) =>
        followClick(
          store,
          signTracking(secret, { kind: "click", deliveryId: delivery, linkId: links.get(url)! }),
          new Date(Date.now() - daysAgo * DAY),
        );
      assert.equal(await click(deliveries[0]!, CODE, 45), CODE);
      assert.equal(await click(deliveries[0]!, NEWS, 40), NEWS);
      assert.equal(await click(deliveries[1]!, CODE, 2), CODE);
      const totals = async () => ({
        send: (await sendProgress(store, 7)).figures.engagement?.clicks,
        links: (await issueClicks(store, 7)).links.map((l) => [l.url, l.clicks, l.clickers]),
      });
      const before = await totals();
      assert.deepEqual(before.send, { clicks: 3, clickers: 2, rate: null });

      await changeSetting(store, "tracking.keep_subscriber_rows", "on");
      assert.equal(await pruneEngagement(store), 0, "kept when the editor keeps them");
      assert.equal(await countEngagementEvents(store.db, sendId), 3);

      await changeSetting(store, "tracking.keep_subscriber_rows", "off");
      assert.equal(await pruneEngagement(store), 2);
      assert.equal(await countEngagementEvents(store.db, sendId), 1, "the 2-day-old row stays");
      assert.deepEqual(await totals(), before, "totals survive pruning");
    });

    test("the desk's send page shows clicks, and opens only with their caveat", async () => {
      const page = await (await site.get("/desk/issues/7/send", editor)).text();
      assert.match(page, /Readers who clicked/);
      assert.doesNotMatch(page, /opened/i, "opens were not counted for this send");
      await store.db.updateTable("send_tracking").set({ opens_on: 1, opens: 5, openers: 2 }).execute();
      const withOpens = await (await site.get("/desk/issues/7/send", editor)).text();
      assert.match(withOpens, /Readers who opened \(unreliable: mail privacy proxies open every message\)/);
      assert.match(withOpens, /Opens \(all; unreliable/);
      // `summa send status` says the same.
      assert.match(
        figuresLine(await sendProgress(store, 7)),
        /clicks 3 by 2 \(-\) readers · opens 5 by 2 \(-\) readers \(unreliable: mail privacy proxies open every message\)/,
      );
    });
  });
}
