import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clearSetting } from "../../src/newsletter/index.ts";
import { setSetting } from "../../src/store/index.ts";
import { summaInProcess } from "../helpers/cli.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import {
  addSubscribers,
  configureNewsletter,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
} from "./helpers.ts";

const sqlite = DIALECTS.find((d) => d.name === "sqlite")!;

describe("summa subscribers tester, send --test (the test list), --allow-http", { skip: sqlite.skip }, () => {
  let store: TestStore;
  let sink: SmtpSink;
  let readers: string[];
  const run = (...args: string[]) => summaInProcess(["--db", store.url, ...args], { SMTP_URL: sink.url });

  before(async () => {
    store = await sqlite.open();
    sink = await startSmtpSink({
      // One tester's mailbox refuses mail: the others still get theirs.
      rcpt: (address) => (address.startsWith("refused-") ? { code: 550, message: "no such user" } : null),
    });
    await configureNewsletter(store);
    await publishedIssue(store);
    readers = await addSubscribers(store, 3, { prefix: "reader" });
  });
  after(async () => {
    await sink?.close();
    await store?.dispose();
  });

  test("tester add, list and remove", async () => {
    const empty = await run("subscribers", "tester", "list");
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /The test list is empty/);
    const unknown = await run("subscribers", "tester", "add", readers[0]!, "ghost@example.org");
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Not a subscriber: ghost@example\.org/);
    const added = await run("subscribers", "tester", "add", readers[0]!, readers[1]!);
    assert.equal(added.code, 0, added.stderr);
    assert.equal(added.stdout, `Added to the test list: ${readers[0]}, ${readers[1]}\n`);
    const list = await run("subscribers", "tester", "list");
    assert.match(list.stdout, new RegExp(`${readers[0]}.*active.*full.*yes`));
    assert.match(list.stdout, /2 tester\(s\); 2 get test copies/);
    const removed = await run("--json", "subscribers", "tester", "remove", readers[1]!);
    assert.deepEqual(JSON.parse(removed.stdout), { changed: [readers[1]], unchanged: [] });
    const json = JSON.parse((await run("--json", "subscribers", "tester", "list")).stdout);
    assert.deepEqual(
      json.map((t: { email: string; tester: number }) => [t.email, t.tester]),
      [[readers[0], 1]],
    );
  });

  test("send N --test without an address sends the test list a copy each; with one, that address as before", async () => {
    const r = await run("send", "7", "--test");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Test copy of #7 sent to ${readers[0]}: 250 `));
    assert.equal(sink.counts.get(readers[0]!), 1);
    assert.equal(sink.counts.get(readers[2]!), undefined, "not a tester");
    const one = await run("send", "7", "--test", "proof@example.org");
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /Test copy of #7 sent to proof@example\.org: 250 /);
    assert.equal(await store.db.selectFrom("sends").select("id").executeTakeFirst(), undefined);

    await addSubscribers(store, 1, { prefix: "refused" });
    assert.equal((await run("subscribers", "tester", "add", "refused-0@example.org")).code, 0);
    const partly = await run("send", "7", "--test");
    assert.equal(partly.code, 1);
    assert.match(partly.stdout, /NOT sent to refused-0@example\.org: .*550/);
    assert.match(partly.stdout, new RegExp(`sent to ${readers[0]}: 250`));
    assert.match(partly.stderr, /did not take 1 of 2 test copies: refused-0@example\.org/);
    assert.equal((await run("subscribers", "tester", "remove", "refused-0@example.org")).code, 0);
  });

  test("send N refuses without the postal address (exit 2), and from an http site unless --allow-http", async () => {
    await clearSetting(store, "newsletter.postal_address");
    const noPostal = await run("send", "7");
    assert.equal(noPostal.code, 2);
    assert.match(
      noPostal.stderr,
      /needs the sender's postal address .* newsletter\.postal_address is not set\. The operator can set it with: summa settings set newsletter\.postal_address/,
    );
    const set = await run("settings", "set", "newsletter.postal_address", "Summa, 1 Main St, Springfield");
    assert.equal(set.code, 0, set.stderr);

    await setSetting(store.db, "newsletter.site_url", "http://localhost:3000");
    const http = await run("--json", "send", "7");
    assert.equal(http.code, 2);
    assert.equal(JSON.parse(http.stderr).error.code, "config.incomplete");
    assert.equal(JSON.parse(http.stderr).error.setting, "newsletter.site_url");
    assert.equal(await store.db.selectFrom("sends").select("id").executeTakeFirst(), undefined);

    const allowed = await run("--json", "send", "7", "--allow-http", "--at", "2999-01-01T00:00:00Z");
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /WARNING: sending from an http site \(http:\/\/localhost:3000\)/);
    const s = JSON.parse(allowed.stdout);
    assert.equal(s.total, 4, "every active subscriber, testers too");
    assert.equal(s.warnings.length, 1);
  });
});
