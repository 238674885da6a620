import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { applyBounceEvents, readBounceMailbox, receiveWebhookEvents } from "../../src/bounces/index.ts";
import { POSTFIX_DELAYED, POSTFIX_USER_UNKNOWN } from "../formats/dsn-samples.ts";
import { mbox } from "../formats/mail-samples.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { addSentDelivery, addSubscriber, bounce, june, subscriberState } from "./helpers.ts";

const counts = (applied: number, suppressed: number, duplicates = 0, unknown = 0) => ({
  received: applied + duplicates + unknown,
  applied,
  suppressed,
  duplicates,
  unknown,
});

for (const dialect of DIALECTS) {
  describe(`bounce policy (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
    });
    after(() => store?.dispose());

    test("a hard bounce suppresses the address, with the detail as the reason", async () => {
      await addSubscriber(store, "hard@example.org");
      const result = await receiveWebhookEvents(store, [
        bounce("hard@example.org", "hard", 3, { detail: "550 5.1.1 user unknown" }),
      ]);
      assert.deepEqual(result, counts(1, 1));
      assert.deepEqual(await subscriberState(store, "hard@example.org"), {
        status: "suppressed",
        suppressed_reason: "hard bounce: 550 5.1.1 user unknown",
        soft_bounces: 0,
      });
    });

    test("a complaint suppresses the address, whatever its status was", async () => {
      await addSubscriber(store, "complains@example.org", "paused");
      const result = await receiveWebhookEvents(store, [
        {
          type: "complaint",
          email: "complains@example.org",
          timestamp: "2024-06-03T10:00:00+02:00",
          id: "c-1",
        },
      ]);
      assert.deepEqual(result, counts(1, 1));
      const state = await subscriberState(store, "complains@example.org");
      assert.equal(state.status, "suppressed");
      assert.equal(state.suppressed_reason, "complaint");
      const { suppressed_at } = await store.db
        .selectFrom("subscribers")
        .select("suppressed_at")
        .where("email", "=", "complains@example.org")
        .executeTakeFirstOrThrow();
      assert.equal(
        suppressed_at,
        "2024-06-03T08:00:00.000Z",
        "dated by the complaint, for the weekly figures",
      );
    });

    test("two soft bounces do not suppress; the third in a row does", async () => {
      const email = "soft@example.org";
      await addSubscriber(store, email);
      assert.deepEqual(
        await receiveWebhookEvents(store, [bounce(email, "soft", 1), bounce(email, "soft", 8)]),
        counts(2, 0),
      );
      assert.deepEqual(await subscriberState(store, email), {
        status: "active",
        suppressed_reason: "",
        soft_bounces: 2,
      });
      assert.deepEqual(await receiveWebhookEvents(store, [bounce(email, "soft", 15)]), counts(1, 1));
      assert.deepEqual(await subscriberState(store, email), {
        status: "suppressed",
        suppressed_reason: "3 soft bounces in a row: soft on day 15",
        soft_bounces: 3,
      });
    });

    test("each bounce after its own delivery: three weekly issues bouncing in a row suppress", async () => {
      const email = "weekly@example.org";
      const id = await addSubscriber(store, email);
      for (const day of [1, 8, 15]) {
        await addSentDelivery(store, id, email, june(day));
        await receiveWebhookEvents(store, [bounce(email, "soft", day)]);
      }
      assert.equal((await subscriberState(store, email)).status, "suppressed");
    });

    test("a delivery that did not bounce, between soft bounces, resets the count", async () => {
      const email = "reset@example.org";
      const id = await addSubscriber(store, email);
      for (const day of [1, 8]) {
        await addSentDelivery(store, id, email, june(day));
        await receiveWebhookEvents(store, [bounce(email, "soft", day)]);
      }
      assert.equal((await subscriberState(store, email)).soft_bounces, 2);
      await addSentDelivery(store, id, email, june(15)); // went through: no bounce
      await addSentDelivery(store, id, email, june(22));
      await receiveWebhookEvents(store, [bounce(email, "soft", 22)]);
      assert.deepEqual(await subscriberState(store, email), {
        status: "active",
        suppressed_reason: "",
        soft_bounces: 1,
      });
      await addSentDelivery(store, id, email, june(29));
      await receiveWebhookEvents(store, [bounce(email, "soft", 29)]);
      assert.equal((await subscriberState(store, email)).soft_bounces, 2);
    });

    test("reports about one message count once; a Message-ID ties a late bounce to its delivery", async () => {
      const email = "late@example.org";
      const id = await addSubscriber(store, email);
      await addSentDelivery(store, id, email, june(1), "<an1.late@newsletter.example.org>");
      // Three "still retrying" warnings about the same message, hours apart.
      await receiveWebhookEvents(
        store,
        [2, 6, 10].map((hour) =>
          bounce(email, "soft", 1, { messageId: "an1.late@newsletter.example.org", id: `w-${hour}` }, hour),
        ),
      );
      assert.equal((await subscriberState(store, email)).soft_bounces, 1);
      await addSentDelivery(store, id, email, june(8), "<an2.late@newsletter.example.org>");
      await addSentDelivery(store, id, email, june(15), "<an3.late@newsletter.example.org>");
      // Issue 2's bounce arrives after issue 3 went out: by its Message-ID it is issue 2's,
      // so issue 3 still counts as delivered and the streak starts again after it.
      // (Tied by time instead, it would be issue 3's: three in a row, suppressed.)
      await receiveWebhookEvents(store, [
        bounce(email, "soft", 16, { messageId: "<an2.late@newsletter.example.org>" }),
      ]);
      assert.deepEqual(await subscriberState(store, email), {
        status: "active",
        suppressed_reason: "",
        soft_bounces: 0,
      });
    });

    test("the same event twice counts once, in one request or in two", async () => {
      const email = "twice@example.org";
      await addSubscriber(store, email);
      const event = bounce(email, "soft", 4, { id: "evt-42" });
      assert.deepEqual(await receiveWebhookEvents(store, [event, event]), counts(1, 0, 1));
      // Without an id, the same address, kind, detail and time are the same event.
      const anonymous = bounce(email, "soft", 5);
      assert.deepEqual(await receiveWebhookEvents(store, [anonymous]), counts(1, 0));
      assert.deepEqual(await receiveWebhookEvents(store, [anonymous, event]), counts(0, 0, 2));
      assert.equal((await subscriberState(store, email)).soft_bounces, 2);
      const recorded = await store.db
        .selectFrom("bounce_events")
        .select(({ fn }) => fn.countAll<number>().as("n"))
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
      assert.equal(Number(recorded.n), 2);
    });

    test("an unknown address is recorded only, and never counts if it subscribes later", async () => {
      const email = "stranger@example.org";
      const result = await receiveWebhookEvents(store, [bounce(email, "soft", 1), bounce(email, "soft", 2)]);
      assert.deepEqual(result, counts(0, 0, 0, 2));
      const rows = await store.db
        .selectFrom("bounce_events")
        .selectAll()
        .where("email", "=", email)
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.kind, r.source, r.subscriber_id]),
        [
          ["soft", "webhook", null],
          ["soft", "webhook", null],
        ],
      );
      await addSubscriber(store, email);
      await receiveWebhookEvents(store, [bounce(email, "soft", 3)]);
      assert.deepEqual(await subscriberState(store, email), {
        status: "active",
        suppressed_reason: "",
        soft_bounces: 1,
      });
    });

    test("a suppressed address keeps its first reason; an unsubscribed one is suppressed too", async () => {
      await addSubscriber(store, "first@example.org");
      await receiveWebhookEvents(store, [
        { type: "complaint", email: "first@example.org", timestamp: june(1) },
      ]);
      assert.deepEqual(
        await receiveWebhookEvents(store, [bounce("first@example.org", "hard", 2)]),
        counts(1, 0),
      );
      assert.equal((await subscriberState(store, "first@example.org")).suppressed_reason, "complaint");
      await addSubscriber(store, "gone@example.org", "unsubscribed");
      await receiveWebhookEvents(store, [bounce("gone@example.org", "hard", 2)]);
      assert.equal((await subscriberState(store, "gone@example.org")).status, "suppressed");
    });

    test("DSNs from a mailbox go through the same policy; importing them again changes nothing", async () => {
      await addSubscriber(store, "bob@example.com");
      await addSubscriber(store, "slow@example.net");
      const { events, skipped } = readBounceMailbox(
        mbox(POSTFIX_USER_UNKNOWN, POSTFIX_DELAYED),
        "bounces.mbox",
      );
      assert.deepEqual(skipped, []);
      assert.deepEqual(await applyBounceEvents(store, events), counts(2, 1));
      assert.equal((await subscriberState(store, "bob@example.com")).status, "suppressed");
      assert.match(
        (await subscriberState(store, "bob@example.com")).suppressed_reason,
        /^hard bounce: 5\.1\.1 550/,
      );
      assert.equal((await subscriberState(store, "slow@example.net")).soft_bounces, 1);
      assert.deepEqual(await applyBounceEvents(store, events), counts(0, 0, 2));
      assert.equal((await subscriberState(store, "slow@example.net")).soft_bounces, 1);
    });
  });
}
