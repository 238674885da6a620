import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openTransport } from "../../src/delivery/index.ts";
import { clearSetting } from "../../src/newsletter/index.ts";
import { changeTesters } from "../../src/subscribers/index.ts";
import { createApp } from "../../src/web/index.ts";
import { DIALECTS, type TestStore } from "../helpers/dialects.ts";
import { type LoggedIn, type TestSite, testSite } from "../helpers/web.ts";
import {
  addSubscribers,
  configureNewsletter,
  publishedIssue,
  type SmtpSink,
  startSmtpSink,
} from "./helpers.ts";

const sqlite = DIALECTS.find((d) => d.name === "sqlite")!;

describe("desk: the test list and the postal address", { skip: sqlite.skip }, () => {
  let store: TestStore;
  let site: TestSite;
  let editor: LoggedIn;
  let sink: SmtpSink;
  let testers: string[];

  before(async () => {
    store = await sqlite.open();
    sink = await startSmtpSink();
    await configureNewsletter(store);
    await publishedIssue(store);
    await addSubscribers(store, 4, { prefix: "reader" });
    testers = await addSubscribers(store, 2, { prefix: "tester" });
    site = testSite(store);
    editor = await site.login("editor", "Rohin");
  });
  after(async () => {
    await sink?.close();
    await store?.dispose();
  });

  test("the Send panel offers the test list once there is one, and sends each tester a copy", async () => {
    assert.match(await (await site.get("/desk/issues/7", editor)).text(), /No test list yet/);
    await changeTesters(store, testers, true);
    const page = await (await site.get("/desk/issues/7", editor)).text();
    assert.match(page, /action="\/desk\/issues\/7\/send\/test-list"/);
    assert.match(page, /Send a test copy to the test list \(2 testers\)/);
    const transport = openTransport(sink.url, { connections: 1 });
    try {
      const app = createApp(store, { mail: transport });
      const res = await app.request("http://summa.test/desk/issues/7/send/test-list", {
        method: "POST",
        body: new URLSearchParams({ _csrf: editor.csrf }),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: editor.cookie },
      });
      assert.equal(res.status, 303);
      assert.match(res.headers.get("location")!, /done=tested-list$/);
    } finally {
      transport.close();
    }
    assert.deepEqual([...sink.counts.keys()].sort(), [...testers].sort());
    assert.equal(await store.db.selectFrom("sends").select("id").executeTakeFirst(), undefined);
  });

  test("without the postal address the desk's send is refused with the command that sets it", async () => {
    await clearSetting(store, "newsletter.postal_address");
    const res = await site.post("/desk/issues/7/send", {}, editor);
    assert.equal(res.status, 503);
    assert.match(
      await res.text(),
      /newsletter\.postal_address is not set\. The operator can set it with: summa settings set newsletter\.postal_address/,
    );
    assert.equal(await store.db.selectFrom("sends").select("id").executeTakeFirst(), undefined);
  });
});
