import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { importBounceFile } from "../../src/bounces/index.ts";
import { SummaError } from "../../src/domain/errors.ts";
import { POSTFIX_DELAYED, POSTFIX_USER_UNKNOWN } from "../formats/dsn-samples.ts";
import { mbox } from "../formats/mail-samples.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { tempDir } from "../helpers/temp.ts";
import { addSubscriber, subscriberState } from "./helpers.ts";

/**
 * Found by the fuzz harness (bench:fuzz, seeds 2 and 3): a NUL in a DSN's Final-Recipient or
 * in the bounced message's Message-ID went through to the store, whose NUL guard refused it
 * with a message naming neither the file nor the message. Each case builds the mailbox from
 * the Postfix samples with one NUL put into one field, beside a good report that must not be
 * written either (a file is imported whole or not at all).
 */
const CASES: { what: string; from: string; to: string; names: RegExp }[] = [
  {
    what: "the Final-Recipient",
    from: "Final-Recipient: rfc822; Bob@Example.com",
    to: "Final-Recipient: rfc822; Bo\0b@Example.com",
    names: /message 2: its recipient contains a NUL/,
  },
  {
    what: "the quoted Message-ID",
    from: "Message-ID: <an53.bob.k2j3@newsletter.example.org>",
    to: "Message-ID: <an53.bob\0.k2j3@newsletter.example.org>",
    names: /message 2: its quoted Message-ID contains a NUL/,
  },
];

for (const dialect of DIALECTS) {
  describe(`bounces import: a NUL in a kept field (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
      await addSubscriber(store, "bob@example.com");
      await addSubscriber(store, "slow@example.net");
    });
    after(() => store?.dispose());

    for (const c of CASES)
      test(`in ${c.what}: a clean error naming the file and the message, nothing written`, async () => {
        assert.ok(POSTFIX_USER_UNKNOWN.includes(c.from), "the sample still has the field");
        const file = join(tempDir(), "nul-bounces.mbox");
        writeFileSync(file, mbox(POSTFIX_DELAYED, POSTFIX_USER_UNKNOWN.replace(c.from, c.to)));
        await assert.rejects(importBounceFile(store, file), (err: unknown) => {
          assert.ok(err instanceof SummaError, String(err));
          assert.equal(err.code, "import.invalid_value");
          assert.match(err.message, /nul-bounces\.mbox/);
          assert.match(err.message, c.names);
          return true;
        });
        assert.equal((await subscriberState(store, "bob@example.com")).status, "active");
        assert.equal((await subscriberState(store, "slow@example.net")).soft_bounces, 0);
      });
  });
}
