import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  bounceAddressing,
  MAX_BOUNCE_LOCAL_PART,
  readBounceAddress,
  verpAddress,
  verpDeliveriesIn,
} from "../../src/bounces/index.ts";
import { SummaError } from "../../src/domain/errors.ts";
import { changeSetting, clearSetting, loadNewsletterSettings } from "../../src/newsletter/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";

const a = bounceAddressing("Bounces@Bounce.Example.org", "secret-1")!;
const other = bounceAddressing("bounces@bounce.example.org", "secret-2")!;

describe("per-delivery bounce addresses (VERP)", () => {
  test("one address per delivery, lowercase, within 64 characters before the @", () => {
    const address = verpAddress(a, 1234);
    assert.match(address, /^bounces\+d1234-[0-9a-f]{16}@bounce\.example\.org$/);
    assert.notEqual(verpAddress(a, 1235), address);
    assert.notEqual(verpAddress(other, 1234), address, "the secret signs the tag");
    const longest = bounceAddressing(`${"b".repeat(MAX_BOUNCE_LOCAL_PART)}@x.example`, "s")!;
    assert.equal(verpAddress(longest, 2_147_483_647).split("@")[0]!.length, 64);
  });

  test("an address reads back to its delivery only with a genuine tag, in any case", () => {
    const address = verpAddress(a, 1234);
    assert.deepEqual(readBounceAddress(a, address), { deliveryId: 1234 });
    assert.deepEqual(readBounceAddress(a, address.toUpperCase()), { deliveryId: 1234 });
    assert.equal(readBounceAddress(a, "BOUNCES@bounce.example.org"), "plain");
    assert.equal(readBounceAddress(other, address), "forged", "another installation's tag");
    assert.equal(
      readBounceAddress(a, address.replace("d1234-", "d1235-")),
      "forged",
      "moved to another delivery",
    );
    assert.equal(readBounceAddress(a, "bounces+d1234@bounce.example.org"), "forged");
    assert.equal(readBounceAddress(a, "bounces+unsubscribe@bounce.example.org"), "forged");
    assert.equal(readBounceAddress(a, address.replace("bounce.example.org", "example.org")), null);
    assert.equal(readBounceAddress(a, "postmaster@bounce.example.org"), null);
  });

  test("genuine tags are found in a quoted message; forged ones are not", () => {
    const text = `Return-Path: <${verpAddress(a, 7)}>\nX-Other: ${verpAddress(other, 8)}\nX-Again: ${verpAddress(a, 7).toUpperCase()}`;
    assert.deepEqual(verpDeliveriesIn(a, text), [7]);
    assert.deepEqual(verpDeliveriesIn(a, `x${verpAddress(a, 9)}`), [], "part of a longer address");
  });
});

for (const dialect of DIALECTS) {
  describe(`the mail.bounce_address setting (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
    });
    after(() => store?.dispose());

    test("it is an address without + and with room for the tag, kept lowercase; it can be cleared", async () => {
      assert.equal((await loadNewsletterSettings(store)).bounceAddress, "");
      for (const [bad, message] of [
        ["not an address", /is not an email address/],
        ["bounces+x@bounce.example.org", /has a "\+" in it/],
        [`${"b".repeat(MAX_BOUNCE_LOCAL_PART + 1)}@bounce.example.org`, /at most 35 leave room/],
      ] as const)
        await assert.rejects(
          changeSetting(store, "mail.bounce_address", bad),
          (err: unknown) =>
            err instanceof SummaError && err.code === "config.invalid" && message.test(err.message),
        );
      await changeSetting(store, "mail.bounce_address", " Bounces@Bounce.Example.org ");
      assert.equal((await loadNewsletterSettings(store)).bounceAddress, "bounces@bounce.example.org");
      await changeSetting(store, "mail.bounce_address", "");
      assert.equal((await loadNewsletterSettings(store)).bounceAddress, "");
      await changeSetting(store, "mail.bounce_address", "b@bounce.example.org");
      assert.equal(await clearSetting(store, "mail.bounce_address"), "");
      assert.equal((await loadNewsletterSettings(store)).bounceAddress, "");
    });
  });
}
