import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { webhookSecret } from "../../src/bounces/index.ts";
import {
  BROKEN_DSN,
  EXCHANGE_NDR,
  GMAIL_TWO_RECIPIENTS,
  POSTFIX_DELAYED,
  POSTFIX_USER_UNKNOWN,
} from "../formats/dsn-samples.ts";
import { ARF_ABUSE, mbox, READER_REPLY } from "../formats/mail-samples.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { tempFile } from "../helpers/import.ts";
import { addSubscriber, subscriberState } from "./helpers.ts";

for (const dialect of DIALECTS) {
  describe(`summa bounces (${dialect.name})`, { skip: dialect.skip }, () => {
    let store: TestStore;
    before(async () => {
      store = await dialect.open();
      for (const email of [
        "bob@example.com",
        "slow@example.net",
        "erin@yahoo.example",
        "carol@contoso.example",
      ])
        await addSubscriber(store, email);
    });
    after(() => store?.dispose());

    test("import FILE (an mbox): DSNs and complaints applied, other messages skipped, counts in JSON", async () => {
      const file = tempFile(
        "bounces.mbox",
        mbox(POSTFIX_USER_UNKNOWN, POSTFIX_DELAYED, READER_REPLY, GMAIL_TWO_RECIPIENTS, ARF_ABUSE),
      );
      const run = await summaInProcess(["--db", store.url, "--json", "bounces", "import", file]);
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout);
      assert.deepEqual(
        { ...report, skipped: report.skipped.map((s: { message: number }) => s.message) },
        {
          file,
          messages: 5,
          notices: 5,
          applied: 3,
          suppressed: 2,
          duplicates: 0,
          unknown: 2,
          skipped: [3],
        },
      );
      assert.match(report.skipped[0].reason, /^not a bounce or complaint report \(Content-Type text\/plain/);
      assert.equal((await subscriberState(store, "bob@example.com")).status, "suppressed");
      assert.equal((await subscriberState(store, "erin@yahoo.example")).suppressed_reason, "complaint");
      assert.deepEqual(await subscriberState(store, "slow@example.net"), {
        status: "active",
        suppressed_reason: "",
        soft_bounces: 1,
      });

      const again = await summaInProcess(["--db", store.url, "bounces", "import", file]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^Read 5 messages from .*bounces\.mbox: 5 bounce\/complaint notices\./);
      assert.match(again.stdout, /applied: 0, duplicates: 5, unknown addresses: 0/);
      assert.match(again.stdout, /skipped: 1 message\n {4}message 3: not a bounce/);
    });

    test("a report that cannot be read fails the import, naming the message; nothing is written", async () => {
      const file = tempFile("broken.mbox", mbox(EXCHANGE_NDR, BROKEN_DSN));
      const run = await summaInProcess(["--db", store.url, "--json", "bounces", "import", file]);
      assert.equal(run.code, 1);
      const { error } = JSON.parse(run.stderr);
      assert.equal(error.code, "import.invalid_value");
      assert.match(
        error.message,
        /broken\.mbox: 1 message could not be read, nothing was imported: message 2: /,
      );
      assert.equal((await subscriberState(store, "carol@contoso.example")).status, "active");
      const missing = await summaInProcess(["--db", store.url, "bounces", "import", `${file}.nope`]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no such file/);
    });

    test("list shows recorded events; webhook-secret shows the secret the webhook checks", async () => {
      const list = await summaInProcess([
        "--db",
        store.url,
        "--json",
        "bounces",
        "list",
        "--email",
        "Bob@Example.com",
      ]);
      assert.equal(list.code, 0, list.stderr);
      const events = JSON.parse(list.stdout);
      assert.deepEqual(
        events.map((e: { kind: string; source: string; subscriber: boolean }) => [
          e.kind,
          e.source,
          e.subscriber,
        ]),
        [["hard", "dsn", true]],
      );
      const shown = await summaInProcess(["--db", store.url, "bounces", "webhook-secret"]);
      assert.equal(shown.code, 0, shown.stderr);
      assert.equal(shown.stdout.trim(), await webhookSecret(store));
      const rotated = await summaInProcess([
        "--db",
        store.url,
        "--json",
        "bounces",
        "webhook-secret",
        "--rotate",
      ]);
      const { secret } = JSON.parse(rotated.stdout);
      assert.notEqual(secret, shown.stdout.trim());
      assert.equal(secret, await webhookSecret(store));
    });
  });
}
