import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { rotateWebhookSecret, webhookSecret } from "../../src/bounces/index.ts";
import { MAX_WEBHOOK_BYTES } from "../../src/web/api/bounces.ts";
import { addSubscriber, subscriberState } from "../bounces/helpers.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type TestSite, testSite } from "../helpers/web.ts";
import { api, assertError, assertSchema } from "./api-fixture.ts";

for (const dialect of DIALECTS) {
  describe(`JSON API: the bounce webhook (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let site: TestSite;
    let secret: string;
    before(async () => {
      store = await dialect.open();
      site = testSite(store);
      secret = await webhookSecret(store);
      await addSubscriber(store, "ann@example.org");
      await addSubscriber(store, "ben@example.org");
      await addSubscriber(store, "cat@example.org");
    });
    after(() => store?.dispose());

    /** POST /bounces with the secret, another token, or none (null). */
    const post = (body: unknown, token: string | null = secret, headers: Record<string, string> = {}) =>
      api(site, "/bounces", { method: "POST", body, token: token ?? undefined, headers });
    const event = {
      type: "bounce",
      bounceType: "hard",
      email: "Ann@Example.org",
      id: "evt-1",
      timestamp: "2024-06-10T09:12:44Z",
      detail: "550 5.1.1 user unknown",
    };

    test("without the secret, with a wrong one or an API-token-shaped header: 401, nothing recorded", async () => {
      for (const token of [null, "wrong", `${secret}x`]) {
        const res = await post({ events: [event] }, token);
        assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer /);
        const error = await assertError(res, 401, "auth.required");
        assert.match(error.message, /webhook secret/);
      }
      const basic = await post({ events: [event] }, null, { authorization: `Basic ${secret}` });
      await assertError(basic, 401, "auth.required");
      const recorded = await store.db.selectFrom("bounce_events").select("id").execute();
      assert.deepEqual(recorded, []);
    });

    test("bad JSON or a bad shape: 400 input.invalid naming the field", async () => {
      const notJson = await post("{ not json");
      assert.match((await assertError(notJson, 400, "input.invalid")).message, /not valid JSON/);
      const cases: [unknown, string][] = [
        [[event], "body"],
        [{ events: [] }, "events"],
        [{ events: [{ ...event, email: "not-an-address" }] }, "events.0.email"],
        [{ events: [event, { ...event, bounceType: undefined }] }, "events.1.bounceType"],
        [{ events: [{ ...event, timestamp: "yesterday" }] }, "events.0.timestamp"],
        [{ ...event, type: "unsubscribe" }, "type"],
      ];
      for (const [body, field] of cases) {
        const res = await post(body);
        const error = await assertError(res, 400, "input.invalid");
        if (field !== "body") {
          assert.equal(error.field, field, JSON.stringify(error));
          assert.ok(error.message.startsWith(`${field}: `), error.message);
        }
      }
      assert.equal((await subscriberState(store, "ann@example.org")).status, "active", "nothing applied");
    });

    test("a body over the limit: 413", async () => {
      const res = await post({ events: [event], padding: "x".repeat(MAX_WEBHOOK_BYTES) });
      await assertError(res, 413, "input.invalid");
    });

    test("a batch: 200 with the counts; the same batch again only duplicates", async () => {
      const body = {
        events: [
          event,
          { type: "complaint", email: "ben@example.org", id: 7, timestamp: "2024-06-10T11:00:00+02:00" },
          {
            type: "bounce",
            bounceType: "soft",
            email: "cat@example.org",
            id: "evt-3",
            timestamp: "2024-06-10T09:00:00Z",
          },
          {
            type: "bounce",
            bounceType: "hard",
            email: "nobody@example.org",
            timestamp: "2024-06-10T09:00:00Z",
          },
        ],
      };
      const res = await post(body);
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(res.headers.get("access-control-allow-origin"), null);
      const json = await res.json();
      assertSchema("BounceCounts", json);
      assert.deepEqual(json, { received: 4, applied: 3, suppressed: 2, duplicates: 0, unknown: 1 });
      assert.deepEqual(await subscriberState(store, "ann@example.org"), {
        status: "suppressed",
        suppressed_reason: "hard bounce: 550 5.1.1 user unknown",
        soft_bounces: 0,
      });
      assert.equal((await subscriberState(store, "ben@example.org")).suppressed_reason, "complaint");
      assert.deepEqual(await subscriberState(store, "cat@example.org"), {
        status: "active",
        suppressed_reason: "",
        soft_bounces: 1,
      });
      const again = await (await post(body)).json();
      assert.deepEqual(again, { received: 4, applied: 0, suppressed: 0, duplicates: 4, unknown: 0 });
    });

    test("one event on its own is a batch of one; a rotated secret replaces the old one", async () => {
      const single = {
        type: "bounce",
        bounceType: "soft",
        email: "cat@example.org",
        timestamp: "2024-06-17T09:00:00Z",
      };
      const res = await post(single);
      assert.deepEqual(await res.json(), {
        received: 1,
        applied: 1,
        suppressed: 0,
        duplicates: 0,
        unknown: 0,
      });
      assert.equal((await subscriberState(store, "cat@example.org")).soft_bounces, 2);
      const fresh = await rotateWebhookSecret(store);
      assert.notEqual(fresh, secret);
      await assertError(await post(single), 401, "auth.required");
      const ok = await post(single, fresh);
      assert.deepEqual(await ok.json(), {
        received: 1,
        applied: 0,
        suppressed: 0,
        duplicates: 1,
        unknown: 0,
      });
      secret = fresh;
    });
  });
}
