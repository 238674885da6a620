import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { SummaError } from "../../src/domain/errors.ts";
import { changeSetting } from "../../src/newsletter/index.ts";
import {
  countRateEvents,
  findSubscriber,
  recordRateEvent,
  setSetting,
  updateSubscriber,
} from "../../src/store/index.ts";
import {
  addSubscriber,
  changePreferences,
  confirmSubscription,
  confirmUrl,
  importSubscribers,
  loadLinkConfig,
  loadPageLinkConfig,
  subscriberLinks,
  unsubscribe,
} from "../../src/subscribers/index.ts";
import { takeRateSlot } from "../../src/subscribers/rate-limit.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { tempFile } from "../helpers/import.ts";

const configError =
  (pattern: RegExp, code = "config.invalid") =>
  (err: SummaError) => {
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    return true;
  };

for (const dialect of DIALECTS) {
  describe(`subscriber services (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
    });
    after(() => store?.dispose());

    test("links in emails need newsletter.site_url, never a request's address; pages may be relative", async () => {
      await assert.rejects(
        loadLinkConfig(store),
        configError(
          /newsletter\.site_url is not set.*summa settings set newsletter\.site_url/,
          "config.incomplete",
        ),
      );
      assert.equal((await loadPageLinkConfig(store)).baseUrl, "", "pages of this site link relatively");
      await setSetting(store.db, "newsletter.site_url", "https://news.example.org/an/");
      const config = await loadLinkConfig(store);
      assert.equal(config.baseUrl, "https://news.example.org/an");
      assert.equal((await loadPageLinkConfig(store)).baseUrl, "https://news.example.org/an");
      assert.equal(config.unsubscribeAddress, "newsletter+unsubscribe@example.org");
      // A value stored before the rule (not through changeSetting) that breaks it counts as unset.
      await setSetting(store.db, "newsletter.site_url", "javascript:alert(1)//");
      await assert.rejects(loadLinkConfig(store), configError(/is not set/, "config.incomplete"));
      await setSetting(store.db, "newsletter.site_url", "https://news.example.org");
    });

    test("settings: blocked domains and the mailto address are checked, and may be emptied", async () => {
      await assert.rejects(
        changeSetting(store, "subscribers.blocked_domains", "ok.example, bad domain"),
        configError(/not a domain: "bad", "domain"/),
      );
      assert.equal(
        await changeSetting(store, "subscribers.blocked_domains", "mailinator.com"),
        "mailinator.com",
      );
      assert.equal(await changeSetting(store, "subscribers.blocked_domains", ""), "");
      await assert.rejects(
        changeSetting(store, "subscribers.unsubscribe_address", "not an address"),
        configError(/not an email address/),
      );
      await changeSetting(store, "subscribers.unsubscribe_address", "leave@an.example.org");
      const links = subscriberLinks(await loadLinkConfig(store), { id: 1, email: "a@example.org" });
      assert.match(links.unsubscribeMailto, /^mailto:leave@an\.example\.org\?subject=unsubscribe%20/);
      await changeSetting(store, "subscribers.unsubscribe_address", "");
      await assert.rejects(changeSetting(store, "newsletter.name", ""), configError(/expected one line/));
      // The list headers' settings: a list id is a dot-atom; a Feedback-ID field has no colon.
      await assert.rejects(
        changeSetting(store, "mail.list_id", "no spaces.org x"),
        configError(/not a list id/),
      );
      assert.equal(
        await changeSetting(store, "mail.list_id", "<an.news.example.org>"),
        "<an.news.example.org>",
      );
      await assert.rejects(changeSetting(store, "mail.feedback_id_sender", "a:b"), configError(/no colon/));
      assert.equal(await changeSetting(store, "mail.feedback_id_sender", "an-news"), "an-news");
    });

    test("the operator adds an address with consent, suppresses it, and lifts the suppression", async () => {
      const now = new Date("2024-01-02T03:04:05.000Z");
      const added = await addSubscriber(store, { email: "Op@Example.org", name: "Op" }, now);
      assert.equal(added.added, true);
      assert.equal(added.subscriber.status, "active");
      assert.equal(added.subscriber.consent_at, now.toISOString());
      assert.equal(added.subscriber.source, "cli");
      const suppressed = await addSubscriber(store, { email: "op@example.org", status: "suppressed" });
      assert.equal(suppressed.added, false);
      assert.equal(suppressed.subscriber.suppressed_reason, "suppressed by the operator");
      await updateSubscriber(store.db, suppressed.subscriber.id, { soft_bounces: 3 });
      const lifted = await addSubscriber(store, {
        email: "op@example.org",
        status: "active",
        edition: "highlights",
      });
      assert.equal(lifted.subscriber.status, "active");
      assert.equal(lifted.subscriber.suppressed_reason, "");
      assert.equal(lifted.subscriber.soft_bounces, 0);
      assert.equal(lifted.subscriber.edition, "highlights");
      assert.equal(lifted.subscriber.name, "Op", "a name not given is kept");
      assert.equal(lifted.subscriber.consent_at, now.toISOString(), "consent kept");
      await assert.rejects(
        addSubscriber(store, { email: "x@example.org", name: "A\nB" }),
        /control characters/,
      );
    });

    test("confirm, unsubscribe and preferences refuse links for another purpose; confirm links expire after 7 days", async () => {
      const { subscriber } = await addSubscriber(store, { email: "links@example.org", status: "pending" });
      const config = await loadLinkConfig(store);
      const sent = new Date("2024-03-01T00:00:00.000Z");
      const token = new URL(confirmUrl(config, subscriber, sent)).searchParams.get("t")!;
      const links = subscriberLinks(config, subscriber);
      const prefsToken = new URL(links.preferencesUrl).searchParams.get("t")!;
      assert.equal(await unsubscribe(store, token), null);
      assert.equal(await changePreferences(store, token, { action: "pause" }), null);
      assert.equal(await confirmSubscription(store, prefsToken), null);
      assert.equal(
        await confirmSubscription(store, token, new Date("2024-03-08T00:00:01.000Z")),
        null,
        "expired",
      );
      const ok = await confirmSubscription(store, token, new Date("2024-03-07T23:59:59.000Z"));
      assert.equal(ok?.outcome, "confirmed");
      assert.equal(ok?.subscriber.consent_at, "2024-03-07T23:59:59.000Z");
    });

    test("rate limits count per key in a window, and forget their prefix's old events", async () => {
      const prefix = `test-${dialect.name}:`;
      await recordRateEvent(store.db, `${prefix}old`, "2020-01-01T00:00:00.000Z");
      await recordRateEvent(store.db, "other:old", "2020-01-01T00:00:00.000Z");
      const rule = { limit: 2, windowMs: 60 * 60 * 1000 };
      const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute));
      const take = (id: string, minute: number) => takeRateSlot(store, { prefix, id }, rule, at(minute));
      assert.equal(await take("a", 0), true);
      assert.equal(await take("a", 1), true);
      assert.equal(await take("a", 2), false, "a third in the hour");
      assert.equal(await take("b", 2), true, "another key has its own count");
      assert.equal(await take("a", 61), true, "the first has left the window");
      const since = "1970-01-01T00:00:00.000Z";
      assert.equal(await countRateEvents(store.db, `${prefix}old`, since), 0, "pruned");
      assert.equal(await countRateEvents(store.db, "other:old", since), 1, "another prefix is left alone");
    });

    test("an import never resubscribes an address that unsubscribed here; it may unsubscribe or suppress one", async () => {
      await addSubscriber(store, { email: "left@example.org", status: "unsubscribed" });
      await addSubscriber(store, { email: "stays@example.org", status: "active" });
      const file = tempFile(
        "subscribed_members_export_1.csv",
        "Email Address,First Name,Last Name,OPTIN_TIME\nleft@example.org,Left,,2018-01-01 00:00:00\nstays@example.org,Stays,,\n",
      );
      const report = await importSubscribers(store, [file]);
      assert.deepEqual(
        { ...report, files: [] },
        { files: [], rows: 2, added: 0, updated: 2, unchanged: 0, kept: 1 },
      );
      const left = await findSubscriber(store.db, "left@example.org");
      assert.equal(left?.status, "unsubscribed");
      assert.equal(left?.name, "Left", "other fields still update");
      const cleaned = tempFile(
        "cleaned_members_export_1.csv",
        "Email Address,CLEAN_TIME\nstays@example.org,2020-01-01 00:00:00\n",
      );
      await importSubscribers(store, [cleaned]);
      const stays = await findSubscriber(store.db, "stays@example.org");
      assert.equal(stays?.status, "suppressed");
      assert.equal(stays?.suppressed_reason, "cleaned (imported)");
      assert.equal(stays?.suppressed_at, "2020-01-01T00:00:00.000Z", "an update keeps CLEAN_TIME too");
      const unsub = tempFile("unsubscribed_members_export_1.csv", "Email Address\nstays@example.org\n");
      assert.equal(
        (await importSubscribers(store, [unsub])).kept,
        1,
        "a suppression is not made an unsubscribe",
      );
      assert.equal((await findSubscriber(store.db, "stays@example.org"))?.status, "suppressed");
    });
  });
}
