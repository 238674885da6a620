import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { updateSubscriber } from "../../src/store/index.ts";
import {
  addSubscriber,
  type LinkClaims,
  linkSecret,
  signLink,
  subscriberForLink,
  unsubscribe,
  verifyLink,
} from "../../src/subscribers/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";

const SECRET = "s3cret";
const ADDRESS = "ada.lovelace@example.org";

/**
 * A token as Summa wrote it before tokens were opaque (base64url JSON with the address, ".",
 * base64url HMAC-SHA256 of that text): links in emails already sent look like this.
 */
function firstFormatToken(secret: string, c: LinkClaims): string {
  const payload = Buffer.from(JSON.stringify([c.purpose, c.subscriberId, c.email, c.expires])).toString(
    "base64url",
  );
  return `${payload}.${createHmac("sha256", secret).update(payload).digest("base64url")}`;
}

/**
 * The base64url characters that spell `text` at each of the three offsets it could sit at in
 * the token's bytes, without the characters shared with the bytes around it.
 */
function base64Spellings(text: string): string[] {
  return [0, 1, 2].map((offset) =>
    Buffer.from(`${"\0".repeat(offset)}${text}`)
      .toString("base64url")
      .slice(offset === 0 ? 0 : offset + 1, -3),
  );
}

describe("link tokens", () => {
  const claims: LinkClaims = {
    purpose: "unsubscribe",
    subscriberId: 48_213,
    email: ADDRESS,
    expires: 0,
    sendId: 171,
  };

  test("opaque: the address is not in the token, not even in base64, and it is much shorter", () => {
    const token = signLink(SECRET, claims);
    const old = firstFormatToken(SECRET, claims);
    console.log(
      `unsubscribe token for subscriber 48213, send 171: ${old.length} characters before, ${token.length} after`,
    );
    assert.ok(token.length <= 32, `${token.length}: ${token}`);
    assert.ok(token.length * 3 < old.length, `${token.length} vs ${old.length}`);
    assert.match(token, /^[A-Za-z0-9_-]+$/);
    const decoded = Buffer.from(token, "base64url").toString("latin1");
    for (const part of [ADDRESS, "ada", "lovelace", "example"]) {
      assert.ok(!token.toLowerCase().includes(part), part);
      assert.ok(!decoded.includes(part), `${part} in the decoded bytes`);
      for (const spelling of base64Spellings(part).filter((s) => s.length >= 3))
        assert.ok(!token.includes(spelling), `${part} in base64 (${spelling})`);
    }
    // The old one carried it in plain base64.
    assert.ok(Buffer.from(old.split(".")[0]!, "base64url").toString().includes(ADDRESS));
  });

  test("it reads back the subscriber, the send and the expiry; only the address it was made for passes", () => {
    const link = verifyLink(SECRET, signLink(SECRET, claims), "unsubscribe")!;
    assert.deepEqual(
      [link.purpose, link.subscriberId, link.sendId, link.expires],
      ["unsubscribe", 48_213, 171, 0],
    );
    assert.equal(link.isFor(ADDRESS), true);
    assert.equal(link.isFor("ada@example.org"), false, "another address");
    assert.equal(
      verifyLink("another secret", signLink(SECRET, claims), "unsubscribe")?.isFor(ADDRESS) ?? false,
      false,
    );
    const noSend = verifyLink(SECRET, signLink(SECRET, { ...claims, sendId: null }), "unsubscribe")!;
    assert.equal(noSend.sendId, null);
    assert.equal(verifyLink(SECRET, signLink(SECRET, claims), "preferences"), null, "another purpose");
    const confirm = signLink(SECRET, { ...claims, purpose: "confirm", expires: 1_000_000 });
    assert.equal(verifyLink(SECRET, confirm, "confirm", 999_999)?.expires, 1_000_000);
    assert.equal(verifyLink(SECRET, confirm, "confirm", 1_000_001), null, "expired");
  });

  test("a tampered token fails: every character changed, cut short, lengthened", () => {
    const token = signLink(SECRET, claims);
    const passes = (t: string) => verifyLink(SECRET, t, "unsubscribe")?.isFor(ADDRESS) ?? false;
    assert.equal(passes(token), true);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < token.length; i++)
      for (const c of [
        alphabet[(alphabet.indexOf(token[i]!) + 1) % 64]!,
        alphabet[(alphabet.indexOf(token[i]!) + 33) % 64]!,
      ])
        assert.equal(passes(token.slice(0, i) + c + token.slice(i + 1)), false, `character ${i} -> ${c}`);
    for (const t of [
      token.slice(0, -1),
      token.slice(0, -4),
      `${token}A`,
      `${token}AAAA`,
      "",
      ".",
      "x.y.z",
      "AgE",
    ])
      assert.equal(passes(t), false, t);
    // Another subscriber id with the same MAC.
    const bytes = Buffer.from(token, "base64url");
    bytes[2] = bytes[2]! ^ 1;
    assert.equal(passes(bytes.toString("base64url")), false);
  });

  test("a token of the first format, already mailed, still works", () => {
    const old = firstFormatToken(SECRET, claims);
    const link = verifyLink(SECRET, old, "unsubscribe")!;
    assert.equal(link.subscriberId, 48_213);
    assert.equal(link.sendId, null);
    assert.equal(link.isFor(ADDRESS), true);
    assert.equal(link.isFor("someone@example.org"), false);
    assert.equal(verifyLink(SECRET, `${old.slice(0, -2)}AA`, "unsubscribe"), null);
  });
});

for (const dialect of DIALECTS) {
  describe(`link tokens against the subscriber's row (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    let secret: string;
    before(async () => {
      store = await dialect.open();
      secret = await linkSecret(store);
    });
    after(async () => {
      await store?.dispose();
    });

    test("a link made for an address stops working once the address changes; the first format too", async () => {
      const { subscriber } = await addSubscriber(store, { email: "old@example.org" });
      const made = {
        purpose: "unsubscribe" as const,
        subscriberId: subscriber.id,
        email: subscriber.email,
        expires: 0,
      };
      const token = signLink(secret, made);
      const old = firstFormatToken(secret, made);
      assert.equal((await subscriberForLink(store, token, "unsubscribe"))?.subscriber.id, subscriber.id);
      assert.equal((await subscriberForLink(store, old, "unsubscribe"))?.subscriber.id, subscriber.id);
      await updateSubscriber(store.db, subscriber.id, { email: "new@example.org" });
      assert.equal(await subscriberForLink(store, token, "unsubscribe"), null);
      assert.equal(await subscriberForLink(store, old, "unsubscribe"), null);
      assert.equal(await unsubscribe(store, token), null);
      const row = await store.db
        .selectFrom("subscribers")
        .select("status")
        .where("id", "=", subscriber.id)
        .executeTakeFirst();
      assert.equal(row?.status, "active");
    });

    test("an already mailed first-format link unsubscribes (recorded for no send)", async () => {
      const { subscriber } = await addSubscriber(store, { email: "mailed@example.org" });
      const old = firstFormatToken(secret, {
        purpose: "unsubscribe",
        subscriberId: subscriber.id,
        email: subscriber.email,
        expires: 0,
      });
      const result = await unsubscribe(store, old);
      assert.equal(result?.subscriber.status, "unsubscribed");
      const events = await store.db
        .selectFrom("unsubscribe_events")
        .select(["send_id", "via"])
        .where("subscriber_id", "=", subscriber.id)
        .execute();
      assert.deepEqual(events, [{ send_id: null, via: "link" }]);
    });

    test("a mailto request (the inbound path) is recorded as such", async () => {
      const { subscriber } = await addSubscriber(store, { email: "mailto@example.org" });
      const token = signLink(secret, {
        purpose: "unsubscribe",
        subscriberId: subscriber.id,
        email: subscriber.email,
        expires: 0,
      });
      assert.equal((await unsubscribe(store, token, new Date(), { via: "mailto" }))?.changed, true);
      assert.equal((await unsubscribe(store, token, new Date(), { via: "mailto" }))?.changed, false);
      const events = await store.db
        .selectFrom("unsubscribe_events")
        .select(["send_id", "via"])
        .where("subscriber_id", "=", subscriber.id)
        .execute();
      assert.deepEqual(events, [{ send_id: null, via: "mailto" }], "once");
    });
  });
}
